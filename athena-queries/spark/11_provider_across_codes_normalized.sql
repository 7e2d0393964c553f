-- Spark SQL twin of ../11_provider_across_codes_normalized.sql: Spark has no UNNEST, so each
-- CROSS JOIN UNNEST is a LATERAL VIEW explode in a subquery of its own. The tests check that
-- Spark's answer to this file is Trino's answer to the Athena file.
WITH groups_of_npi AS (
  SELECT g.provider_group_key
  FROM ptlake.provider_groups g
  LATERAL VIEW explode(g.npi) n AS npi
  WHERE n.npi = 1248172423
),
rate_groups AS (
  SELECT r.snapshot_month,
         r.source_id,
         r.item_key,
         r.negotiated_type,
         r.billing_class,
         r.negotiated_rate,
         k.provider_group_key
  FROM ptlake.rates r
  LATERAL VIEW explode(r.provider_group_keys) k AS provider_group_key
)
SELECT f.reporting_entity_name,
       i.billing_code,
       i.description,
       rg.negotiated_type,
       rg.billing_class,
       COUNT(*) AS prices,
       MIN(rg.negotiated_rate) AS min_rate,
       MAX(rg.negotiated_rate) AS max_rate
FROM rate_groups rg
JOIN groups_of_npi gn ON gn.provider_group_key = rg.provider_group_key
JOIN ptlake.in_network_items i
  ON i.snapshot_month = rg.snapshot_month AND i.item_key = rg.item_key
JOIN ptlake.files f ON f.snapshot_month = rg.snapshot_month AND f.source_id = rg.source_id
GROUP BY f.reporting_entity_name, i.billing_code, i.description, rg.negotiated_type,
         rg.billing_class
ORDER BY f.reporting_entity_name, i.billing_code, rg.negotiated_type, rg.billing_class
LIMIT 40;
