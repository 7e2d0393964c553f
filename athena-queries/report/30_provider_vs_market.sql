-- title: One provider (NPI) against the market, code by code
-- answers: for the codes an NPI has the most rates for (by negotiated type and billing class),
--          the provider's lowest, median and highest rate across its payers, next to the exact
--          percentiles of every payer's rates for the same code, type and class, and how many
--          market rows lie below the provider's median
-- parameters: npi, month_from, month_to (YYYY-MM, inclusive), max_rows, npi, month_from, month_to
--          (the NPI and the months twice: once for the provider's rows, once for the market's)
-- Percentiles are exact and nearest-rank, as in 20_code_distribution.sql; the market includes
-- the provider's own rows.
WITH provider_groups AS (
  SELECT billing_code, negotiated_type, billing_class,
         COUNT(*) AS provider_rows,
         COUNT(DISTINCT reporting_entity_name) AS provider_payers
  FROM ptlake.in_network_rates
  WHERE npi = ?
    AND snapshot_month BETWEEN ? AND ?
  GROUP BY billing_code, negotiated_type, billing_class
  ORDER BY provider_rows DESC, billing_code, negotiated_type NULLS LAST, billing_class NULLS LAST
  LIMIT ?
),
market_rates AS (
  SELECT r.billing_code, r.negotiated_type, r.billing_class, r.negotiated_rate,
         COUNT(*) AS rate_rows,
         SUM(CASE WHEN r.npi = ? THEN 1 ELSE 0 END) AS provider_rate_rows
  FROM ptlake.in_network_rates r
  JOIN provider_groups g
    ON g.billing_code = r.billing_code
   AND g.negotiated_type IS NOT DISTINCT FROM r.negotiated_type
   AND g.billing_class IS NOT DISTINCT FROM r.billing_class
  WHERE r.snapshot_month BETWEEN ? AND ?
  GROUP BY r.billing_code, r.negotiated_type, r.billing_class, r.negotiated_rate
),
cumulative AS (
  SELECT billing_code, negotiated_type, billing_class, negotiated_rate, rate_rows,
         provider_rate_rows,
         SUM(rate_rows) OVER w AS rows_at_or_below,
         SUM(provider_rate_rows) OVER w AS provider_rows_at_or_below,
         SUM(rate_rows) OVER (PARTITION BY billing_code, negotiated_type, billing_class)
           AS market_rows
  FROM market_rates
  WINDOW w AS (
    PARTITION BY billing_code, negotiated_type, billing_class
    ORDER BY negotiated_rate ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT c.billing_code,
       c.negotiated_type,
       c.billing_class,
       g.provider_rows,
       g.provider_payers,
       MIN(CASE WHEN c.provider_rate_rows > 0 THEN c.negotiated_rate END) AS provider_min_rate,
       MIN(CASE WHEN 2 * c.provider_rows_at_or_below >= g.provider_rows
                THEN c.negotiated_rate END) AS provider_median_rate,
       MAX(CASE WHEN c.provider_rate_rows > 0 THEN c.negotiated_rate END) AS provider_max_rate,
       MIN(CASE WHEN 2 * c.provider_rows_at_or_below >= g.provider_rows
                THEN c.rows_at_or_below - c.rate_rows END) AS market_rows_below_provider_median,
       MAX(c.market_rows) AS market_rows,
       MIN(c.negotiated_rate) AS market_min_rate,
       MIN(CASE WHEN 100 * c.rows_at_or_below >= 10 * c.market_rows THEN c.negotiated_rate END)
         AS market_p10_rate,
       MIN(CASE WHEN 100 * c.rows_at_or_below >= 25 * c.market_rows THEN c.negotiated_rate END)
         AS market_p25_rate,
       MIN(CASE WHEN 100 * c.rows_at_or_below >= 50 * c.market_rows THEN c.negotiated_rate END)
         AS market_p50_rate,
       MIN(CASE WHEN 100 * c.rows_at_or_below >= 75 * c.market_rows THEN c.negotiated_rate END)
         AS market_p75_rate,
       MIN(CASE WHEN 100 * c.rows_at_or_below >= 90 * c.market_rows THEN c.negotiated_rate END)
         AS market_p90_rate,
       MAX(c.negotiated_rate) AS market_max_rate
FROM cumulative c
JOIN provider_groups g
  ON g.billing_code = c.billing_code
 AND g.negotiated_type IS NOT DISTINCT FROM c.negotiated_type
 AND g.billing_class IS NOT DISTINCT FROM c.billing_class
GROUP BY c.billing_code, c.negotiated_type, c.billing_class, g.provider_rows, g.provider_payers
ORDER BY g.provider_rows DESC, c.billing_code, c.negotiated_type NULLS LAST,
         c.billing_class NULLS LAST;
