-- title: In-network rates against out-of-network allowed amounts: knee replacement (CPT 27447)
-- answers: per payer, what its in-network dollar rates for a procedure are next to what it
--          allowed out-of-network providers for it, and what those providers billed
-- local: yes
-- Dollar rates only: percentage rates are not amounts. A payer without an allowed-amounts file
-- shows nulls on that side.
WITH in_network AS (
  SELECT reporting_entity_name,
         COUNT(*) AS in_network_rows,
         MIN(negotiated_rate) AS min_rate,
         ROUND(AVG(negotiated_rate), 2) AS avg_rate,
         MAX(negotiated_rate) AS max_rate
  FROM ptlake.in_network_rates
  WHERE billing_code = '27447'
    AND negotiated_type IN ('negotiated', 'fee schedule', 'derived')
  GROUP BY reporting_entity_name
),
out_of_network AS (
  SELECT reporting_entity_name,
         COUNT(*) AS allowed_rows,
         MIN(allowed_amount) AS min_allowed,
         ROUND(AVG(allowed_amount), 2) AS avg_allowed,
         MAX(allowed_amount) AS max_allowed,
         ROUND(AVG(billed_charge), 2) AS avg_billed
  FROM ptlake.allowed_amounts
  WHERE billing_code = '27447'
  GROUP BY reporting_entity_name
)
SELECT COALESCE(i.reporting_entity_name, o.reporting_entity_name) AS reporting_entity_name,
       i.in_network_rows,
       i.min_rate,
       i.avg_rate,
       i.max_rate,
       o.allowed_rows,
       o.min_allowed,
       o.avg_allowed,
       o.max_allowed,
       o.avg_billed
FROM in_network i
FULL OUTER JOIN out_of_network o ON o.reporting_entity_name = i.reporting_entity_name
ORDER BY reporting_entity_name;
