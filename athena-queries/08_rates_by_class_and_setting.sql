-- title: Rates by billing class, setting and negotiated type
-- answers: how professional and institutional rates, inpatient and outpatient settings and the
--          kinds of negotiated amounts (dollar, percentage, per diem) are spread
-- local: yes
SELECT billing_class,
       COALESCE(setting, '(not given)') AS care_setting,
       negotiated_type,
       COUNT(*) AS price_rows,
       COUNT(DISTINCT billing_code) AS codes,
       MIN(negotiated_rate) AS min_rate,
       ROUND(AVG(negotiated_rate), 2) AS avg_rate,
       MAX(negotiated_rate) AS max_rate
FROM ptlake.in_network_rates
GROUP BY billing_class, COALESCE(setting, '(not given)'), negotiated_type
ORDER BY billing_class, care_setting, negotiated_type;
