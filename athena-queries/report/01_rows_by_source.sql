-- title: Rows loaded per source file and month
-- answers: how many provider-price rows each payer file of each month holds in the table, with
--          how many codes, and how many rows have no NPI (dangling references, groups without
--          NPIs): the "written" side of the load health
-- (No count of distinct NPIs: on a whole table it costs more than the rest of the report's
-- load health together.)
-- parameters: month_from, month_to (YYYY-MM, inclusive; '0000-01' and '9999-12' for all months)
SELECT snapshot_month,
       source_id,
       reporting_entity_name,
       source_file,
       COUNT(*) AS written_rows,
       COUNT(DISTINCT billing_code) AS codes,
       SUM(CASE WHEN npi IS NULL THEN 1 ELSE 0 END) AS rows_without_npi
FROM ptlake.in_network_rates
WHERE snapshot_month BETWEEN ? AND ?
GROUP BY snapshot_month, source_id, reporting_entity_name, source_file
ORDER BY snapshot_month, reporting_entity_name, source_id;
