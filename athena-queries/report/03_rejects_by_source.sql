-- title: Records the ingest rejected, per source file, month and kind
-- answers: how many chunk records of each kind (rates, items, provider_references) each payer
--          file lost to the rejects table, and one reason among them to start reading from
-- parameters: month_from, month_to (YYYY-MM, inclusive; '0000-01' and '9999-12' for all months)
SELECT snapshot_month,
       source_id,
       kind,
       COUNT(*) AS rejected_records,
       MIN(reason) AS first_reason
FROM ptlake.rejects
WHERE snapshot_month BETWEEN ? AND ?
GROUP BY snapshot_month, source_id, kind
ORDER BY snapshot_month, source_id, kind;
