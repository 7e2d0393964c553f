-- title: One provider across codes: NPI 1248172423 by payer and code
-- answers: what each payer pays one clinician or facility (NPI) for each code it has a rate for
-- local: yes
-- The table is bucketed by npi: Athena reads one bucket file per partition for this filter.
SELECT reporting_entity_name,
       billing_code,
       description,
       negotiated_type,
       billing_class,
       COUNT(*) AS prices,
       MIN(negotiated_rate) AS min_rate,
       MAX(negotiated_rate) AS max_rate
FROM ptlake.in_network_rates
WHERE npi = 1248172423
GROUP BY reporting_entity_name, billing_code, description, negotiated_type, billing_class
ORDER BY reporting_entity_name, billing_code, negotiated_type, billing_class
LIMIT 40;
