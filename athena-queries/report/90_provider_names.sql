-- title: Names and places of NPIs, from the NPPES providers table
-- answers: who the NPIs the report shows are (organisation or person, credential, city, state),
--          when a ptlake.providers table (NPPES) is in the catalog
-- parameters: npi (the report repeats the ? once per NPI it looks up: IN (?, ?, ...))
SELECT CAST(npi AS BIGINT) AS npi,
       entity_type,
       name,
       credential,
       city,
       state
FROM ptlake.providers
WHERE CAST(npi AS BIGINT) IN (?)
ORDER BY npi;
