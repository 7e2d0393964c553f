-- DDL for users who register ptlake's in_network_items table by hand in Athena instead of
-- running `ptlake catalog register` (which writes the same table through the Glue API, and whose
-- `--dry-run` prints it as Glue requests). One row per in_network item of each source
-- (rates.item_key points to it; see the README, "The normalized tables"). Replace
-- s3://LAKE/warehouse with the ingest's warehouse; beside a rates table not named
-- in_network_rates, the table is <table>_in_network_items. Not bucketed. A test checks these
-- columns against the catalog description.
-- Partitions snapshot_month=YYYY-MM in the catalog: after each ingest run
-- MSCK REPAIR TABLE ptlake.in_network_items (one partition per month), or
-- ALTER TABLE ptlake.in_network_items ADD IF NOT EXISTS PARTITION (snapshot_month = '2024-05');
-- `catalog register --partitions projection` projects the months instead.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.in_network_items (
  `item_key` string COMMENT '32 hex digits of the SHA-256 of snapshot_month/source_id/item',
  `item` bigint COMMENT 'ordinal of the item in its file',
  `negotiation_arrangement` string COMMENT 'in_network item',
  `name` string COMMENT 'in_network item',
  `billing_code_type` string COMMENT 'in_network item',
  `billing_code_type_version` string COMMENT 'in_network item',
  `billing_code` string COMMENT 'in_network item billing code',
  `description` string COMMENT 'in_network item',
  `severity_of_illness` string COMMENT 'in_network item (2.x)',
  `bundled_codes` array<struct<billing_code_type:string,billing_code_type_version:string,billing_code:string,description:string>> COMMENT 'in_network item; null when absent',
  `covered_services` array<struct<billing_code_type:string,billing_code_type_version:string,billing_code:string,description:string>> COMMENT 'in_network item; null when absent',
  `negotiated_rates_count` bigint COMMENT 'negotiated rates of the item',
  `source_file` string COMMENT 'URI of the source file',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
COMMENT 'CMS Transparency-in-Coverage in_network items, one row per item (written by ptlake)'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/in_network_items'
TBLPROPERTIES (
  'classification' = 'parquet'
);
