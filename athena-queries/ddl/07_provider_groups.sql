-- DDL for users who register ptlake's provider_groups table by hand in Athena instead of running
-- `ptlake catalog register` (which writes the same table through the Glue API, and whose
-- `--dry-run` prints it as Glue requests). One row per distinct provider group of every source and
-- month, keyed by provider_group_key (rates.provider_group_keys point to it; see the README, "The
-- normalized tables"). Replace s3://LAKE/warehouse with the ingest's warehouse; beside a rates
-- table not named in_network_rates, the table is <table>_provider_groups. A test checks these
-- columns against the catalog description.
-- Not partitioned and not bucketed: nothing to register after an ingest run, new groups are in
-- new files of the same folder.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.provider_groups (
  `provider_group_key` string COMMENT '32 hex digits of the SHA-256 of the canonical group',
  `tin_type` string COMMENT 'provider group tin',
  `tin_value` string COMMENT 'provider group tin',
  `business_name` string COMMENT 'provider group tin (2.x)',
  `npi` array<bigint> COMMENT 'NPIs of the group, sorted',
  `npi_count` int COMMENT 'size of npi; 0 for a group without NPIs'
)
COMMENT 'Distinct provider groups of every source and month, keyed by a hash of their content (written by ptlake)'
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/provider_groups'
TBLPROPERTIES (
  'classification' = 'parquet'
);
