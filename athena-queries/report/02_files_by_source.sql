-- title: What each source file should give, from the files table
-- answers: per payer file and month, the rows its manifest expects, its undefined provider
--          references, and its sizes: the source as stored, its JSON, the preprocess's chunks
-- parameters: month_from, month_to (YYYY-MM, inclusive; '0000-01' and '9999-12' for all months)
-- duckdb: no (element_at of a map is its value in Athena and Spark, a list in DuckDB)
SELECT snapshot_month,
       source_id,
       reporting_entity_name,
       version,
       last_updated_on,
       expected_rows,
       element_at(counts, 'undefined_reference_ids') AS undefined_reference_ids,
       element_at(counts, 'remote_reference_failures') AS remote_reference_failures,
       source_size_bytes,
       source_compression,
       source_json_bytes,
       chunk_files,
       chunk_bytes
FROM ptlake.files
WHERE snapshot_month BETWEEN ? AND ?
ORDER BY snapshot_month, reporting_entity_name, source_id;
