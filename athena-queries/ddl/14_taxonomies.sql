-- DDL for users who register ptlake's taxonomies table by hand in Athena instead of running
-- `ptlake catalog register`. The NUCC health care provider taxonomy code set that
-- `ptlake providers load --taxonomies` read (docs/providers.md), one row per code. Versioned like
-- providers (13_providers.sql): the current folder is named in
-- s3://LAKE/warehouse/ptlake.db/taxonomies/_current. Replace s3://LAKE/warehouse and VERSION. Not
-- partitioned, not bucketed. A test checks these columns against the catalog description.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.taxonomies (
  `code` string COMMENT 'taxonomy code, as providers.primary_taxonomy_code',
  `taxonomy_group` string COMMENT 'NUCC grouping (a reserved word in Athena and Trino)',
  `classification` string COMMENT 'NUCC classification',
  `specialization` string COMMENT 'NUCC specialization; null for none',
  `display_name` string COMMENT 'NUCC display name; null when the file has none'
)
COMMENT 'NUCC health care provider taxonomy codes (loaded by ptlake providers load)'
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/taxonomies/v=VERSION'
TBLPROPERTIES (
  'classification' = 'parquet'
);
