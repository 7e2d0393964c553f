-- DDL for users who register ptlake's files table by hand in Athena instead of running
-- `ptlake catalog register` (which writes the same table through the Glue API, and whose
-- `--dry-run` prints it as Glue requests). One row per source file: its header, the manifest's
-- counts and the lineage of the load (see the README, "The normalized tables"). Replace
-- s3://LAKE/warehouse with the ingest's warehouse; beside a rates table not named
-- in_network_rates, the table is <table>_files. Not bucketed. A test checks these columns against
-- the catalog description.
-- Partitions snapshot_month=YYYY-MM in the catalog: after each ingest run
-- MSCK REPAIR TABLE ptlake.files (one partition per month), or
-- ALTER TABLE ptlake.files ADD IF NOT EXISTS PARTITION (snapshot_month = '2024-05');
-- `catalog register --partitions projection` projects the months instead.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.files (
  `reporting_entity_name` string COMMENT 'file header',
  `reporting_entity_type` string COMMENT 'file header',
  `plan_name` string COMMENT 'file header',
  `plan_id_type` string COMMENT 'file header',
  `plan_id` string COMMENT 'file header',
  `plan_market_type` string COMMENT 'file header',
  `issuer_name` string COMMENT 'file header (2.x)',
  `plan_sponsor_name` string COMMENT 'file header (2.x)',
  `last_updated_on` date COMMENT 'file header',
  `version` string COMMENT 'schema version of the file',
  `source_file` string COMMENT 'URI of the source file',
  `source_size_bytes` bigint COMMENT 'size of the source file as stored',
  `source_compression` string COMMENT 'compression of the source file',
  `source_json_bytes` bigint COMMENT 'bytes of JSON the preprocess read',
  `tool_version` string COMMENT 'ptlake version of the preprocess',
  `chunk_files` int COMMENT 'chunk files of the preprocess',
  `chunk_bytes` bigint COMMENT 'bytes of those chunk files',
  `counts` map<string,bigint> COMMENT 'counts of the preprocess manifest',
  `expected_rows` bigint COMMENT 'rows of in_network_rates the file gives',
  `preprocessed_at` timestamp COMMENT 'when the preprocess wrote the manifest',
  `ingested_at` timestamp COMMENT 'when the ingest wrote this row',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
COMMENT 'One row per source file: header, manifest counts and lineage (written by ptlake)'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/files'
TBLPROPERTIES (
  'classification' = 'parquet'
);
