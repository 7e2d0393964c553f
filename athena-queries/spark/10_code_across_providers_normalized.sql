-- Spark SQL twin of ../10_code_across_providers_normalized.sql: Spark has no UNNEST, so each
-- CROSS JOIN UNNEST is a LATERAL VIEW explode (OUTER for the LEFT JOIN) in a subquery of its own.
-- The tests check that Spark's answer to this file is Trino's answer to the Athena file.
WITH rate_groups AS (
  SELECT r.snapshot_month,
         r.source_id,
         r.negotiated_rate,
         k.provider_group_key
  FROM ptlake.rates r
  LATERAL VIEW explode(r.provider_group_keys) k AS provider_group_key
  WHERE r.billing_code = '43239'
),
group_npis AS (
  SELECT g.provider_group_key,
         g.tin_type,
         g.tin_value,
         n.npi
  FROM ptlake.provider_groups g
  LATERAL VIEW OUTER explode(g.npi) n AS npi
)
SELECT f.reporting_entity_name,
       g.tin_type,
       g.tin_value,
       COUNT(DISTINCT g.npi) AS npis,
       MIN(rg.negotiated_rate) AS min_rate,
       MAX(rg.negotiated_rate) AS max_rate
FROM rate_groups rg
JOIN ptlake.files f ON f.snapshot_month = rg.snapshot_month AND f.source_id = rg.source_id
JOIN group_npis g ON g.provider_group_key = rg.provider_group_key
WHERE g.tin_value IS NOT NULL
GROUP BY f.reporting_entity_name, g.tin_type, g.tin_value
ORDER BY min_rate, f.reporting_entity_name, g.tin_value
LIMIT 20;
