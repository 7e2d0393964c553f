-- title: Provider organisations by tax id
-- answers: the largest provider organisations (TINs): how many NPIs bill under each, for how
--          many codes, at how many payers
-- local: yes
SELECT tin_type,
       tin_value,
       COUNT(DISTINCT npi) AS npis,
       COUNT(DISTINCT billing_code) AS codes,
       COUNT(DISTINCT reporting_entity_name) AS payers,
       COUNT(*) AS price_rows
FROM ptlake.in_network_rates
WHERE tin_value IS NOT NULL
GROUP BY tin_type, tin_value
ORDER BY npis DESC, codes DESC, tin_value
LIMIT 20;
