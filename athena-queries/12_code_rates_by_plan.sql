-- title: One code by plan: knee replacement (CPT 27447) for each plan the tables of contents list
-- answers: what each plan pays for one procedure: the negotiated prices of the in-network files
--          that its table of contents (or the file's own header) links to it
-- local: yes
-- A plan listed by a ToC and named in a file header is one plan_key: its links are counted once.
WITH plan_names AS (
  SELECT plan_key,
         MAX(reporting_entity_name) AS reporting_entity_name,
         MAX(plan_name) AS plan_name,
         MAX(plan_id_type) AS plan_id_type,
         MAX(plan_id) AS plan_id,
         MAX(plan_market_type) AS plan_market_type
  FROM ptlake.plans
  GROUP BY plan_key
),
links AS (
  SELECT DISTINCT plan_key, file_source_id, file_snapshot_month
  FROM ptlake.plan_files
  WHERE file_type = 'in-network-rates' AND file_status = 'done'
)
SELECT n.reporting_entity_name,
       n.plan_name,
       n.plan_id_type,
       n.plan_id,
       n.plan_market_type,
       COUNT(DISTINCT l.file_source_id) AS files,
       COUNT(*) AS prices,
       MIN(r.negotiated_rate) AS min_rate,
       MAX(r.negotiated_rate) AS max_rate
FROM links l
JOIN plan_names n ON n.plan_key = l.plan_key
JOIN ptlake.rates r
  ON r.source_id = l.file_source_id AND r.snapshot_month = l.file_snapshot_month
WHERE r.billing_code = '27447'
GROUP BY n.reporting_entity_name, n.plan_name, n.plan_id_type, n.plan_id, n.plan_market_type
ORDER BY n.reporting_entity_name, n.plan_name, n.plan_id;
