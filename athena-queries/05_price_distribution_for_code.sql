-- title: Price distribution for one code (CPT 43239) by payer: quartiles across providers
-- answers: how spread out the rates for one procedure are at each payer: exact quartiles over
--          provider-price rows, the same on Athena, Spark and DuckDB
-- local: yes
-- A quartile here is the nearest rank: the smallest rate with at least a quarter (a half, three
-- quarters) of the payer's rows at or below it, an exact decimal that every engine agrees on.
-- approx_percentile is cheaper on billions of rows but its answer depends on the engine: Athena
-- (Trino) and Spark give different values for the same rows (docs/athena-and-trino.md).
WITH ranked AS (
  SELECT reporting_entity_name,
         negotiated_rate,
         ROW_NUMBER() OVER (PARTITION BY reporting_entity_name ORDER BY negotiated_rate) AS price_rank,
         COUNT(*) OVER (PARTITION BY reporting_entity_name) AS price_rows
  FROM ptlake.in_network_rates
  WHERE billing_code = '43239'
)
SELECT reporting_entity_name,
       MAX(price_rows) AS price_rows,
       MIN(negotiated_rate) AS min_rate,
       MIN(CASE WHEN price_rank >= CEIL(0.25 * price_rows) THEN negotiated_rate END) AS p25_rate,
       MIN(CASE WHEN price_rank >= CEIL(0.5 * price_rows) THEN negotiated_rate END) AS median_rate,
       MIN(CASE WHEN price_rank >= CEIL(0.75 * price_rows) THEN negotiated_rate END) AS p75_rate,
       MAX(negotiated_rate) AS max_rate
FROM ranked
GROUP BY reporting_entity_name
ORDER BY reporting_entity_name;
