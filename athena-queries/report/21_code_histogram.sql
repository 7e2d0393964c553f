-- title: One code's negotiated rates as a histogram on a logarithmic scale, by negotiated type
-- answers: how many provider-price rows of one code fall in each price band, ten bands per
--          factor of ten: band b holds the rates from 10^(b/10) up to 10^((b+1)/10) (band 20:
--          100.00 to 125.89); a rate of zero or less has no band (NULL)
-- parameters: billing_code, month_from, month_to (YYYY-MM, inclusive)
SELECT negotiated_type,
       CASE WHEN negotiated_rate > 0
            THEN CAST(FLOOR(10 * LOG10(CAST(negotiated_rate AS DOUBLE))) AS INTEGER)
       END AS log_band,
       COUNT(*) AS price_rows
FROM ptlake.in_network_rates
WHERE billing_code = ?
  AND snapshot_month BETWEEN ? AND ?
GROUP BY negotiated_type,
         CASE WHEN negotiated_rate > 0
              THEN CAST(FLOOR(10 * LOG10(CAST(negotiated_rate AS DOUBLE))) AS INTEGER)
         END
ORDER BY negotiated_type NULLS LAST, log_band NULLS FIRST;
