-- title: One code across providers, from the normalized tables (CPT 43239)
-- answers: the question of 02_code_across_providers (what each payer pays each provider
--          organisation for one procedure, cheapest first), answered from rates, provider_groups
--          and files, which store each price once and each provider group once, instead of
--          in_network_rates, which repeats every price for every NPI of its groups
-- local: yes
-- duckdb: no (the DuckDB check registers in_network_rates only)
-- Spark SQL has no UNNEST: the demo and the tests run spark/10_code_across_providers_normalized.sql,
-- the same query with LATERAL VIEW explode. Naming the code lets Athena read one bucket file of
-- rates per source. LEFT JOIN UNNEST keeps groups without NPIs, as in_network_rates keeps them
-- (one row with npi null).
WITH rate_groups AS (
  SELECT r.snapshot_month,
         r.source_id,
         r.negotiated_rate,
         k.provider_group_key
  FROM ptlake.rates r
  CROSS JOIN UNNEST(r.provider_group_keys) AS k (provider_group_key)
  WHERE r.billing_code = '43239'
)
SELECT f.reporting_entity_name,
       g.tin_type,
       g.tin_value,
       COUNT(DISTINCT n.npi) AS npis,
       MIN(rg.negotiated_rate) AS min_rate,
       MAX(rg.negotiated_rate) AS max_rate
FROM rate_groups rg
JOIN ptlake.files f ON f.snapshot_month = rg.snapshot_month AND f.source_id = rg.source_id
JOIN ptlake.provider_groups g ON g.provider_group_key = rg.provider_group_key
LEFT JOIN UNNEST(g.npi) AS n (npi) ON TRUE
WHERE g.tin_value IS NOT NULL
GROUP BY f.reporting_entity_name, g.tin_type, g.tin_value
ORDER BY min_rate, f.reporting_entity_name, g.tin_value
LIMIT 20;
