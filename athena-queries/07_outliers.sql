-- title: Outlier rates: more than three standard deviations above their code's mean
-- answers: which payer / provider / code rates stand far above what the same code usually costs
--          (often data errors, or per-diem and percentage rates mixed with dollar amounts)
-- local: yes
WITH code_stats AS (
  SELECT billing_code,
         AVG(negotiated_rate) AS mean_rate,
         stddev_samp(CAST(negotiated_rate AS DOUBLE)) AS sd_rate
  FROM ptlake.in_network_rates
  GROUP BY billing_code
  HAVING COUNT(*) >= 30
)
SELECT r.billing_code,
       r.reporting_entity_name,
       r.tin_value,
       r.negotiated_type,
       r.negotiated_rate,
       ROUND(CAST(s.mean_rate AS DOUBLE), 2) AS code_mean_rate,
       COUNT(*) AS price_rows
FROM ptlake.in_network_rates r
JOIN code_stats s ON r.billing_code = s.billing_code
WHERE CAST(r.negotiated_rate AS DOUBLE) > CAST(s.mean_rate AS DOUBLE) + 3 * s.sd_rate
GROUP BY r.billing_code, r.reporting_entity_name, r.tin_value, r.negotiated_type,
         r.negotiated_rate, s.mean_rate
ORDER BY r.negotiated_rate DESC, r.billing_code, r.reporting_entity_name, r.tin_value,
         r.negotiated_type
LIMIT 25;
