-- DDL for users who register ptlake's normalized rates table by hand in Athena instead of running
-- `ptlake catalog register` (which writes the same table through the Glue API, and whose
-- `--dry-run` prints it as Glue requests). One row per in_network item x negotiated rate x
-- negotiated price, with the keys of its provider groups (see the README, "The normalized
-- tables"). Replace s3://LAKE/warehouse with the ingest's warehouse; beside a rates table not
-- named in_network_rates, the table is <table>_rates. Not bucketed. A test checks these columns
-- against the catalog description.
-- Partitions snapshot_month=YYYY-MM/billing_code=CODE in the catalog: after each ingest run
-- MSCK REPAIR TABLE ptlake.rates (slow with many partitions) or catalog register. For partition
-- projection (every query names billing_code) use `catalog register --partitions projection`.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.rates (
  `item_key` string COMMENT 'in_network_items.item_key of the item',
  `provider_references` array<string> COMMENT 'provider reference ids the rate names, as in the file',
  `provider_group_keys` array<string> COMMENT 'provider_groups.provider_group_key of every group the rate applies to, sorted',
  `undefined_reference_ids` array<string> COMMENT 'reference ids no provider_references entry of the file defines',
  `empty_provider_slots` int COMMENT 'references or rates without any provider group',
  `negotiated_type` string COMMENT 'negotiated price',
  `negotiated_rate` decimal(38,10) COMMENT 'negotiated price, exact',
  `expiration_date` date COMMENT 'negotiated price',
  `service_code` array<string> COMMENT 'negotiated price',
  `billing_class` string COMMENT 'negotiated price',
  `setting` string COMMENT 'negotiated price (2.x)',
  `billing_code_modifier` array<string> COMMENT 'negotiated price',
  `additional_information` string COMMENT 'negotiated price',
  `source_file` string COMMENT 'URI of the source file',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
COMMENT 'CMS Transparency-in-Coverage negotiated prices, one row per item x negotiated rate x price, with the keys of its provider groups (written by ptlake)'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on; first partition column',
  `billing_code` string COMMENT 'in_network item billing code'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/rates'
TBLPROPERTIES (
  'classification' = 'parquet'
);
