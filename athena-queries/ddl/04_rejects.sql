-- DDL for the ingest's rejects table: chunk records it could not load, one row each (see the
-- README, "Monthly loads, reruns and rejects"). Replace s3://LAKE/warehouse with the ingest's
-- warehouse. Not bucketed. Partitions snapshot_month=YYYY-MM/source_id=ID in the catalog: after
-- each ingest run MSCK REPAIR TABLE ptlake.rejects (few partitions: one per source and month).
-- A test checks these columns against the ingest's RejectsTable.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.rejects (
  `source_file` string COMMENT 'URI of the source file',
  `chunk` string COMMENT 'the chunk file holding the record',
  `kind` string COMMENT 'rates, items or provider_references',
  `item` bigint COMMENT 'in_network item ordinal of the record, when readable',
  `reason` string COMMENT 'why the record was rejected',
  `record` string COMMENT 'the record as the chunk holds it',
  `rejected_at` timestamp COMMENT 'when the ingest rejected it'
)
COMMENT 'Chunk records the ptlake ingest could not load'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/rejects'
TBLPROPERTIES (
  'classification' = 'parquet'
);
