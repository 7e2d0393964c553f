-- title: Data quality: NPIs in the price files that NPPES does not know, or has deactivated
-- answers: per payer and file type, how many distinct NPIs its files name, how many of them the
--          providers table (NPPES) lacks, how many NPPES lists as deactivated, and one example
-- local: yes
-- npi 0 marks a contract at the TIN level, not a provider: it is left out.
WITH listed AS (
  SELECT DISTINCT reporting_entity_name, 'in-network-rates' AS file_type, npi
  FROM ptlake.in_network_rates
  WHERE npi IS NOT NULL AND npi <> 0
  UNION ALL
  SELECT DISTINCT reporting_entity_name, 'allowed-amounts' AS file_type, npi
  FROM ptlake.allowed_amounts
  WHERE npi IS NOT NULL AND npi <> 0
)
SELECT l.reporting_entity_name,
       l.file_type,
       COUNT(*) AS npis,
       SUM(CASE WHEN p.npi IS NULL THEN 1 ELSE 0 END) AS unknown_to_nppes,
       SUM(CASE WHEN p.deactivation_date IS NOT NULL
                 AND (p.reactivation_date IS NULL OR p.reactivation_date < p.deactivation_date)
            THEN 1 ELSE 0 END) AS deactivated,
       MIN(CASE WHEN p.npi IS NULL THEN l.npi END) AS example_unknown_npi
FROM listed l
LEFT JOIN ptlake.providers p ON p.npi = l.npi
GROUP BY l.reporting_entity_name, l.file_type
ORDER BY l.reporting_entity_name, l.file_type;
