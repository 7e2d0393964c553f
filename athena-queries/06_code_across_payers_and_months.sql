-- title: Well-known codes compared across payers and months
-- answers: for codes that several payers publish, each payer's average and range per month of
--          last_updated_on, to compare payers and follow a payer over time
-- local: yes
SELECT billing_code,
       reporting_entity_name,
       last_updated_on,
       COUNT(*) AS price_rows,
       MIN(negotiated_rate) AS min_rate,
       ROUND(AVG(negotiated_rate), 2) AS avg_rate,
       MAX(negotiated_rate) AS max_rate
FROM ptlake.in_network_rates
WHERE billing_code IN ('27447', '43239', '70551', '80053', '99213', '99214')
GROUP BY billing_code, reporting_entity_name, last_updated_on
ORDER BY billing_code, reporting_entity_name, last_updated_on;
