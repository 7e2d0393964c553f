-- title: One provider across codes, from the normalized tables (NPI 1248172423)
-- answers: the question of 03_provider_across_codes (what each payer pays one clinician or
--          facility for each code), answered from provider_groups (the groups holding the NPI),
--          rates (the prices that name those groups), in_network_items (the codes) and files (the
--          payers) instead of in_network_rates
-- local: yes
-- duckdb: no (the DuckDB check registers in_network_rates only)
-- Spark SQL has no UNNEST: the demo and the tests run spark/11_provider_across_codes_normalized.sql.
-- The NPI's groups are few, so Athena broadcasts them against the rates. A price counts once per
-- time its groups hold the NPI, as in_network_rates repeats it.
WITH groups_of_npi AS (
  SELECT g.provider_group_key
  FROM ptlake.provider_groups g
  CROSS JOIN UNNEST(g.npi) AS n (npi)
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
  CROSS JOIN UNNEST(r.provider_group_keys) AS k (provider_group_key)
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
