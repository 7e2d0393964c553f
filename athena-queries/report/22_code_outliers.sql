-- title: One code's outlier rates: far outside the market's quartiles
-- answers: which payer, provider organisation (TIN) and price stand far from what every payer
--          pays for the same code, negotiated type and billing class: above the third quartile
--          plus three interquartile ranges, or below the first quartile minus three (Tukey's
--          "far out" fences), in groups of at least 20 rows; the farthest from the median first.
--          An interquartile range under a tenth of the median counts as a tenth of the median:
--          where most rows share one rate, a rate 3% above it is not an outlier.
-- parameters: billing_code, month_from, month_to (YYYY-MM, inclusive), max_rows
-- Quartiles are exact and nearest-rank, as in 20_code_distribution.sql. One row per payer, TIN,
-- type, class and rate: npis counts the NPIs billing it, first_npi names one of them.
WITH code_rows AS (
  SELECT reporting_entity_name, tin_type, tin_value, negotiated_type, billing_class,
         negotiated_rate, npi
  FROM ptlake.in_network_rates
  WHERE billing_code = ?
    AND snapshot_month BETWEEN ? AND ?
),
market AS (
  SELECT negotiated_type, billing_class, negotiated_rate,
         SUM(COUNT(*)) OVER (
           PARTITION BY negotiated_type, billing_class
           ORDER BY negotiated_rate ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
           AS rows_at_or_below,
         SUM(COUNT(*)) OVER (PARTITION BY negotiated_type, billing_class) AS group_rows
  FROM code_rows
  GROUP BY negotiated_type, billing_class, negotiated_rate
),
quartiles AS (
  SELECT negotiated_type, billing_class,
         MIN(CASE WHEN 4 * rows_at_or_below >= group_rows THEN negotiated_rate END) AS q1,
         MIN(CASE WHEN 2 * rows_at_or_below >= group_rows THEN negotiated_rate END) AS median,
         MIN(CASE WHEN 4 * rows_at_or_below >= 3 * group_rows THEN negotiated_rate END) AS q3
  FROM market
  GROUP BY negotiated_type, billing_class
  HAVING MAX(group_rows) >= 20
)
SELECT CASE WHEN r.negotiated_rate > q.median THEN 'high' ELSE 'low' END AS direction,
       r.reporting_entity_name,
       r.tin_type,
       r.tin_value,
       r.negotiated_type,
       r.billing_class,
       r.negotiated_rate,
       q.median AS market_median_rate,
       COUNT(*) AS price_rows,
       COUNT(DISTINCT r.npi) AS npis,
       MIN(r.npi) AS first_npi
FROM code_rows r
JOIN quartiles q
  ON q.negotiated_type IS NOT DISTINCT FROM r.negotiated_type
 AND q.billing_class IS NOT DISTINCT FROM r.billing_class
WHERE r.negotiated_rate > q.q3 + 3 * GREATEST(q.q3 - q.q1, q.median / 10)
   OR r.negotiated_rate < q.q1 - 3 * GREATEST(q.q3 - q.q1, q.median / 10)
GROUP BY r.reporting_entity_name, r.tin_type, r.tin_value, r.negotiated_type, r.billing_class,
         r.negotiated_rate, q.median
ORDER BY ABS(r.negotiated_rate - q.median) DESC, r.reporting_entity_name, r.tin_value NULLS LAST,
         r.negotiated_type, r.billing_class
LIMIT ?;
