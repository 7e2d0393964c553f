-- title: Price distribution for one code (CPT 43239) by payer: quartiles across providers
-- answers: how spread out the rates for one procedure are at each payer (approximate quartiles
--          over provider-price rows, as Athena computes them)
-- local: yes
-- duckdb: no (approx_percentile is Athena's and Spark's name; DuckDB calls it approx_quantile)
SELECT reporting_entity_name,
       COUNT(*) AS price_rows,
       MIN(negotiated_rate) AS min_rate,
       approx_percentile(CAST(negotiated_rate AS DOUBLE), 0.25) AS p25_rate,
       approx_percentile(CAST(negotiated_rate AS DOUBLE), 0.5) AS median_rate,
       approx_percentile(CAST(negotiated_rate AS DOUBLE), 0.75) AS p75_rate,
       MAX(negotiated_rate) AS max_rate
FROM ptlake.in_network_rates
WHERE billing_code = '43239'
GROUP BY reporting_entity_name
ORDER BY reporting_entity_name;
