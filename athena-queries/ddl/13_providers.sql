-- DDL for users who register ptlake's providers table by hand in Athena instead of running
-- `ptlake catalog register`. One row per NPI of the NPPES file that `ptlake providers load` read
-- (docs/providers.md). Each load writes a new version folder providers/v=<UTC time>/ and switches
-- the table to it; the folder name is in s3://LAKE/warehouse/ptlake.db/providers/_current. After a
-- load, point the table at it: ALTER TABLE ptlake.providers SET LOCATION '<that folder>' (one
-- catalog update: readers see the old version or the new one), or run catalog register. Replace
-- s3://LAKE/warehouse and VERSION. Not partitioned, not bucketed. A test checks these columns
-- against the catalog description.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.providers (
  `npi` bigint COMMENT 'NPI',
  `entity_type` string COMMENT 'individual or organization; null when deactivated',
  `name` string COMMENT 'organization legal name, or "last, first"',
  `credential` string COMMENT 'Provider Credential Text',
  `city` string COMMENT 'practice location city',
  `state` string COMMENT 'practice location state',
  `zip5` string COMMENT 'practice location 5-digit zip',
  `primary_taxonomy_code` string COMMENT 'the taxonomy marked primary, else the first listed',
  `taxonomy_codes` array<string> COMMENT 'every taxonomy code listed, in order',
  `deactivation_date` date COMMENT 'NPI Deactivation Date',
  `reactivation_date` date COMMENT 'NPI Reactivation Date'
)
COMMENT 'NPPES providers, one row per NPI (loaded by ptlake providers load)'
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/providers/v=VERSION'
TBLPROPERTIES (
  'classification' = 'parquet'
);
