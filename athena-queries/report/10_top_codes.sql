-- title: The billing codes with the most provider-price rows
-- answers: which codes the report looks at when none is named: the most rows first
-- parameters: month_from, month_to (YYYY-MM, inclusive), max_codes
SELECT billing_code,
       MIN(description) AS description,
       COUNT(*) AS price_rows
FROM ptlake.in_network_rates
WHERE snapshot_month BETWEEN ? AND ?
GROUP BY billing_code
ORDER BY price_rows DESC, billing_code
LIMIT ?;
