-- title: What was loaded, by payer file
-- answers: rows, codes and providers per payer and schema version, and how many price rows have
--          no provider (a reference id the file does not define, or a group without NPIs)
-- local: yes
SELECT reporting_entity_name,
       version,
       last_updated_on,
       COUNT(*) AS price_rows,
       COUNT(DISTINCT billing_code) AS codes,
       COUNT(DISTINCT npi) AS npis,
       SUM(CASE WHEN npi IS NULL THEN 1 ELSE 0 END) AS rows_without_npi
FROM ptlake.in_network_rates
GROUP BY reporting_entity_name, version, last_updated_on
ORDER BY reporting_entity_name;
