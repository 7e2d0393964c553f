-- DDL for users who register ptlake's rates table by hand in Athena instead of running
-- `ptlake catalog register`, for the default `--layout source` (02_in_network_rates.sql and
-- 03_in_network_rates_projection.sql are `--layout billing_code`). Replace s3://LAKE/warehouse
-- with the ingest's warehouse and 16 with the ingest's --buckets. Athena engine version 3 is
-- required for bucketing_format = 'spark': a query naming billing_code then reads one bucket file
-- per source. A test checks these columns against the catalog description.
-- Partitions in the catalog: after each ingest run MSCK REPAIR TABLE ptlake.in_network_rates or
-- catalog register (one partition per source and month). Partition folders are
-- snapshot_month=YYYY-MM/source_id=ID. Partition projection does not suit this layout: source_id
-- would be injected, so every query would have to name it.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.in_network_rates (
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
  `negotiation_arrangement` string COMMENT 'in_network item',
  `name` string COMMENT 'in_network item',
  `billing_code_type` string COMMENT 'in_network item',
  `billing_code_type_version` string COMMENT 'in_network item',
  `description` string COMMENT 'in_network item',
  `severity_of_illness` string COMMENT 'in_network item (2.x)',
  `provider_group_id` string COMMENT 'provider reference id, canonical; null for inline groups',
  `network_name` array<string> COMMENT 'provider reference (2.x)',
  `npi` bigint COMMENT 'provider group NPI; null for a group without NPIs',
  `tin_type` string COMMENT 'provider group tin',
  `tin_value` string COMMENT 'provider group tin',
  `business_name` string COMMENT 'provider group tin (2.x)',
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
COMMENT 'CMS Transparency-in-Coverage negotiated rates (written by ptlake)'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on; first partition column',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
CLUSTERED BY (`billing_code`) SORTED BY (`billing_code` ASC) INTO 16 BUCKETS
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/in_network_rates'
TBLPROPERTIES (
  'bucketing_format' = 'spark',
  'classification' = 'parquet'
);
