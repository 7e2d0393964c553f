-- title: One code across providers: upper GI endoscopy (CPT 43239) by payer and tax id
-- answers: what each payer pays each provider organisation (TIN) for one procedure, cheapest first
-- local: yes
-- Naming the code lets Athena read one billing_code partition only.
SELECT reporting_entity_name,
       tin_type,
       tin_value,
       COUNT(DISTINCT npi) AS npis,
       MIN(negotiated_rate) AS min_rate,
       MAX(negotiated_rate) AS max_rate
FROM ptlake.in_network_rates
WHERE billing_code = '43239'
  AND tin_value IS NOT NULL
GROUP BY reporting_entity_name, tin_type, tin_value
ORDER BY min_rate, reporting_entity_name, tin_value
LIMIT 20;
