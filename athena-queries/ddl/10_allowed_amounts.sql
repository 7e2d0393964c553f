-- DDL for users who register ptlake's allowed_amounts table by hand in Athena instead of running
-- `ptlake catalog register` (which writes the same table through the Glue API, and whose
-- `--dry-run` prints it as Glue requests). One row per out_of_network item x allowed_amounts entry
-- x payment x provider x NPI of each allowed-amounts (out-of-network) file (docs/allowed-amounts.md).
-- Replace s3://LAKE/warehouse with the ingest's warehouse. Laid out like in_network_rates' default
-- `--layout source`: partitioned by source, bucketed by billing_code into 8 buckets (fixed), each
-- file sorted by billing_code. Athena engine version 3 is required for bucketing_format = 'spark':
-- a query naming billing_code then reads one bucket file per source. A test checks these columns
-- against the catalog description.
-- Partitions in the catalog: after each ingest run MSCK REPAIR TABLE ptlake.allowed_amounts or
-- catalog register (one partition per source and month). Partition folders are
-- snapshot_month=YYYY-MM/source_id=ID.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.allowed_amounts (
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
  `name` string COMMENT 'out_of_network item',
  `billing_code_type` string COMMENT 'out_of_network item',
  `billing_code_type_version` string COMMENT 'out_of_network item',
  `billing_code` string COMMENT 'out_of_network item billing code; the bucket column',
  `description` string COMMENT 'out_of_network item',
  `tin_type` string COMMENT 'allowed_amounts entry tin: ein or npi',
  `tin_value` string COMMENT 'allowed_amounts entry tin',
  `service_code` array<string> COMMENT 'allowed_amounts entry: place of service codes',
  `billing_class` string COMMENT 'allowed_amounts entry',
  `setting` string COMMENT 'allowed_amounts entry (2.x)',
  `allowed_amount` decimal(38,10) COMMENT 'payment, exact',
  `billing_code_modifier` array<string> COMMENT 'payment',
  `billed_charge` decimal(38,10) COMMENT 'billed charge of the provider, exact; null for a payment without providers',
  `npi` bigint COMMENT 'provider NPI; null for a provider without NPIs',
  `source_file` string COMMENT 'URI of the source file'
)
COMMENT 'CMS Transparency-in-Coverage out-of-network allowed amounts, one row per item x entry x payment x provider x NPI (written by ptlake)'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on; first partition column',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
CLUSTERED BY (`billing_code`) SORTED BY (`billing_code` ASC) INTO 8 BUCKETS
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/allowed_amounts'
TBLPROPERTIES (
  'bucketing_format' = 'spark',
  'classification' = 'parquet'
);
