-- DDL for users who register ptlake's plans table by hand in Athena instead of running
-- `ptlake catalog register`. One row per plan per table of contents (or per file whose header
-- names its plan) per month (docs/plans.md); plan_key is the same for the same plan in every
-- source. Replace s3://LAKE/warehouse with the ingest's warehouse. Not bucketed. A test checks
-- these columns against the catalog description.
-- Partitions snapshot_month=YYYY-MM in the catalog: after each ingest run
-- MSCK REPAIR TABLE ptlake.plans (one partition per month), or
-- ALTER TABLE ptlake.plans ADD IF NOT EXISTS PARTITION (snapshot_month = '2024-05');
-- `catalog register --partitions projection` projects the months instead.
CREATE EXTERNAL TABLE IF NOT EXISTS ptlake.plans (
  `plan_key` string COMMENT '32 hex digits of the SHA-256 of the plan identity (id type, id, market type, name); the same in every source',
  `reporting_entity_name` string COMMENT 'header of the table of contents or file that lists the plan',
  `reporting_entity_type` string COMMENT 'header of the table of contents or file that lists the plan',
  `plan_name` string COMMENT 'reporting_plans entry or file header',
  `plan_id_type` string COMMENT 'ein or hios',
  `plan_id` string COMMENT 'HIOS id or EIN',
  `plan_market_type` string COMMENT 'group or individual',
  `issuer_name` string COMMENT 'reporting_plans entry or file header (2.x)',
  `plan_sponsor_name` string COMMENT 'reporting_plans entry or file header',
  `source_type` string COMMENT 'table-of-contents, in-network-rates or allowed-amounts: what lists the plan',
  `source_file` string COMMENT 'URI of the table of contents or file that lists the plan',
  `last_updated_on` date COMMENT 'header of the table of contents or file that lists the plan',
  `source_id` string COMMENT '16 hex digits of the SHA-256 of source_file'
)
COMMENT 'Plans listed by tables of contents and named by file headers, one row per plan per source per month (written by ptlake)'
PARTITIONED BY (
  `snapshot_month` string COMMENT 'YYYY-MM of last_updated_on'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://LAKE/warehouse/ptlake.db/plans'
TBLPROPERTIES (
  'classification' = 'parquet'
);
