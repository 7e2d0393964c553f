-- title: One code by provider in one state: office visit (CPT 99213) in Ohio, with NPPES names
-- answers: who the providers paid for a procedure in a state are (name, specialty, city, as NPPES
--          knows them) and what the payers pay each of them
-- local: yes
-- Deactivated NPIs are left out; the specialty is the NUCC classification of the NPI's primary
-- taxonomy (its code when the taxonomies table lacks it).
SELECT p.name AS provider_name,
       p.entity_type,
       COALESCE(t.classification, p.primary_taxonomy_code) AS specialty,
       p.city,
       p.state,
       COUNT(DISTINCT r.npi) AS npis,
       COUNT(DISTINCT r.reporting_entity_name) AS payers,
       COUNT(*) AS price_rows,
       MIN(r.negotiated_rate) AS min_rate,
       MAX(r.negotiated_rate) AS max_rate
FROM ptlake.in_network_rates r
JOIN ptlake.providers p ON p.npi = r.npi
LEFT JOIN ptlake.taxonomies t ON t.code = p.primary_taxonomy_code
WHERE r.billing_code = '99213'
  AND p.state = 'OH'
  AND (p.deactivation_date IS NULL OR p.reactivation_date >= p.deactivation_date)
GROUP BY p.name, p.entity_type, COALESCE(t.classification, p.primary_taxonomy_code), p.city,
         p.state
ORDER BY min_rate, provider_name, entity_type, specialty, city, state
LIMIT 20;
