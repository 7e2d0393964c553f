-- DDL for users who register ptlake's plan_files table by hand in Athena instead of running
-- `ptlake catalog register`. One row per plan -> file link of a table of contents, or per file
-- whose header names its plan (docs/plans.md). Rates join through the file's rows:
-- plan_files.file_source_id = rates.source_id AND plan_files.file_snapshot_month =
-- rates.snapshot_month. Replace s3://LAKE/warehouse with the ingest's warehouse. Not bucketed. A
-- test checks these columns against the catalog description.
-- Partitions snapshot_month=YYYY-MM in the catalog: after each ingest run
-- MSCK REPAIR TABLE ptlake.plan_files (one partition per month), or
-- ALTER TABLE ptlake.plan_files ADD IF NOT EXISTS PARTITION (snapshot_month = '2024-05');
-- `catalog register --partitions projection` projects the months instead.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.plan_files (
  `plan_key` string COMMENT 'plans.plan_key',
  `file_type` string COMMENT 'in-network-rates or allowed-amounts',
  `description` string COMMENT 'description of the file in the table of contents',
  `file_url` string COMMENT 'location of the file (its source_file)',
  `file_source_id` string COMMENT 'source_id of the rows of the file',
  `file_snapshot_month` string COMMENT 'snapshot_month of the rows of the file; null when it could not be read',
  `file_status` string COMMENT 'done, or failed when it could not be read',
  `source_file` string COMMENT 'URI of the table of contents or file that lists the plan',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
COMMENT 'Which in-network and allowed-amounts files serve each plan: join file_source_id and file_snapshot_month to source_id and snapshot_month of in_network_rates, rates or allowed_amounts (written by ptlake)'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on of the lister'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/plan_files'
TBLPROPERTIES (
  'classification' = 'parquet'
);
