-- title: One code's negotiated rates: exact percentiles for the code, the market and each payer
-- answers: for one billing code, how many provider-price rows, NPIs and payers it has (scope
--          'code', with the first of its descriptions in name order), and how its rates spread
--          for every negotiated type and billing class across all payers (scope 'market') and at
--          each payer (scope 'payer')
-- parameters: billing_code, month_from, month_to (YYYY-MM, inclusive)
-- Percentiles are exact and nearest-rank (SQL's percentile_disc): pN is the smallest rate that at
-- least N% of the group's rows are at or below, always a rate some row has. They are computed
-- from one row per distinct rate and its count, so a rate repeated for thousands of NPIs costs
-- one row. Athena's approx_percentile gives other (approximate, engine-dependent) values.
-- The code level mixes negotiated types (dollars, percentages, per diems): read its counts, not
-- its percentiles.
WITH code_rows AS (
  SELECT reporting_entity_name, negotiated_type, billing_class, negotiated_rate, npi, description
  FROM ptlake.in_network_rates
  WHERE billing_code = ?
    AND snapshot_month BETWEEN ? AND ?
),
rate_counts AS (
  SELECT GROUPING(reporting_entity_name) + GROUPING(negotiated_type) AS grouping_level,
         reporting_entity_name, negotiated_type, billing_class, negotiated_rate,
         COUNT(*) AS rate_rows
  FROM code_rows
  GROUP BY GROUPING SETS (
    (reporting_entity_name, negotiated_type, billing_class, negotiated_rate),
    (negotiated_type, billing_class, negotiated_rate),
    (negotiated_rate))
),
cumulative AS (
  SELECT grouping_level, reporting_entity_name, negotiated_type, billing_class, negotiated_rate,
         SUM(rate_rows) OVER (
           PARTITION BY grouping_level, reporting_entity_name, negotiated_type, billing_class
           ORDER BY negotiated_rate ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
           AS rows_at_or_below,
         SUM(rate_rows) OVER (
           PARTITION BY grouping_level, reporting_entity_name, negotiated_type, billing_class)
           AS group_rows
  FROM rate_counts
),
percentiles AS (
  SELECT grouping_level, reporting_entity_name, negotiated_type, billing_class,
         MIN(negotiated_rate) AS min_rate,
         MIN(CASE WHEN 100 * rows_at_or_below >= 10 * group_rows THEN negotiated_rate END)
           AS p10_rate,
         MIN(CASE WHEN 100 * rows_at_or_below >= 25 * group_rows THEN negotiated_rate END)
           AS p25_rate,
         MIN(CASE WHEN 100 * rows_at_or_below >= 50 * group_rows THEN negotiated_rate END)
           AS p50_rate,
         MIN(CASE WHEN 100 * rows_at_or_below >= 75 * group_rows THEN negotiated_rate END)
           AS p75_rate,
         MIN(CASE WHEN 100 * rows_at_or_below >= 90 * group_rows THEN negotiated_rate END)
           AS p90_rate,
         MAX(negotiated_rate) AS max_rate
  FROM cumulative
  GROUP BY grouping_level, reporting_entity_name, negotiated_type, billing_class
),
group_counts AS (
  SELECT GROUPING(reporting_entity_name) + GROUPING(negotiated_type) AS grouping_level,
         reporting_entity_name, negotiated_type, billing_class,
         COUNT(*) AS price_rows,
         COUNT(DISTINCT npi) AS npis,
         COUNT(DISTINCT reporting_entity_name) AS payers,
         MIN(description) AS description
  FROM code_rows
  GROUP BY GROUPING SETS (
    (reporting_entity_name, negotiated_type, billing_class),
    (negotiated_type, billing_class),
    ())
)
SELECT CASE c.grouping_level WHEN 0 THEN 'payer' WHEN 1 THEN 'market' ELSE 'code' END AS scope,
       c.reporting_entity_name,
       c.negotiated_type,
       c.billing_class,
       c.price_rows,
       c.npis,
       c.payers,
       p.min_rate,
       p.p10_rate,
       p.p25_rate,
       p.p50_rate,
       p.p75_rate,
       p.p90_rate,
       p.max_rate,
       c.description
FROM group_counts c
JOIN percentiles p
  ON p.grouping_level = c.grouping_level
 AND p.reporting_entity_name IS NOT DISTINCT FROM c.reporting_entity_name
 AND p.negotiated_type IS NOT DISTINCT FROM c.negotiated_type
 AND p.billing_class IS NOT DISTINCT FROM c.billing_class
ORDER BY c.grouping_level DESC, c.negotiated_type NULLS LAST, c.billing_class NULLS LAST,
         c.reporting_entity_name NULLS LAST;
