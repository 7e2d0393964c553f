-- title: Negotiated rate statistics by billing code
-- answers: for each code (and its description), how many provider-price rows it has and the
--          minimum, average and maximum negotiated rate over them
-- local: yes
SELECT billing_code,
       description,
       COUNT(*) AS price_rows,
       MIN(negotiated_rate) AS min_rate,
       ROUND(AVG(negotiated_rate), 2) AS avg_rate,
       MAX(negotiated_rate) AS max_rate
FROM ptlake.in_network_rates
GROUP BY billing_code, description
ORDER BY price_rows DESC, billing_code, description
LIMIT 15;
