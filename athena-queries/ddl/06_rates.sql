-- DDL for users who register ptlake's normalized rates table by hand in Athena instead of running
-- `ptlake catalog register` (which writes the same table through the Glue API, and whose
-- `--dry-run` prints it as Glue requests). One row per in_network item x negotiated rate x
-- negotiated price, with the keys of its provider groups (see the README, "The normalized
-- tables"). Replace s3://LAKE/warehouse with the ingest's warehouse; beside a rates table not
-- named in_network_rates, the table is <table>_rates. Laid out like in_network_rates' default
-- `--layout source` (05_in_network_rates_by_source.sql): partitioned by source, bucketed by
-- billing_code into 8 buckets (fixed, whatever the ingest's --buckets), each file sorted by
-- billing_code. Athena engine version 3 is required for bucketing_format = 'spark': a query naming
-- billing_code then reads one bucket file per source. A test checks these columns against the
-- catalog description.
-- Partitions in the catalog: after each ingest run MSCK REPAIR TABLE ptlake.rates or catalog
-- register (one partition per source and month). Partition folders are
-- snapshot_month=YYYY-MM/source_id=ID. Partition projection does not suit this layout: source_id
-- would be injected, so every query would have to name it.
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
  `billing_code` string COMMENT 'in_network item billing code'
)
COMMENT 'CMS Transparency-in-Coverage negotiated prices, one row per item x negotiated rate x price, with the keys of its provider groups (written by ptlake)'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on; first partition column',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
CLUSTERED BY (`billing_code`) SORTED BY (`billing_code` ASC) INTO 8 BUCKETS
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/rates'
TBLPROPERTIES (
  'bucketing_format' = 'spark',
  'classification' = 'parquet'
);
