#!/usr/bin/env bash
# Adds ptlake's ingest and catalog register steps to a running EMR (7.12+) cluster whose Spark
# uses the Glue Data Catalog as its metastore (spark-hive-site classification:
# hive.metastore.client.factory.class=com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory).
#
# Usage:
#   glue-scripts/emr-add-steps.sh --cluster-id j-XXXXXXXX --jar s3://BUCKET/ptlake/jars/ptlake-spark-jobs.jar \
#     --warehouse s3://LAKE/warehouse [--database ptlake] [--buckets 1] [--partitions catalog] DIR...
# DIR: preprocessed chunk folders on S3 (s3://...). Prints the step ids.
set -euo pipefail

CLUSTER_ID="" JAR="" WAREHOUSE="" DATABASE="ptlake" BUCKETS="1" PARTITIONS="catalog"
DIRS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cluster-id) CLUSTER_ID="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --warehouse) WAREHOUSE="${2%/}"; shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    --buckets) BUCKETS="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "emr-add-steps.sh: unknown option $1" >&2; exit 2 ;;
    *) DIRS+=("$1"); shift ;;
  esac
done
if [[ -z "$CLUSTER_ID" || -z "$JAR" || -z "$WAREHOUSE" || ${#DIRS[@]} -eq 0 ]]; then
  echo "emr-add-steps.sh: --cluster-id, --jar, --warehouse and at least one DIR are required" >&2
  exit 2
fi

INGEST_ARGS=(ingest "${DIRS[@]}" --database "$DATABASE" --buckets "$BUCKETS" --mode merge)
REGISTER_ARGS=(catalog register --warehouse "$WAREHOUSE" --database "$DATABASE" --buckets "$BUCKETS" --partitions "$PARTITIONS")
SUBMIT=(spark-submit --deploy-mode cluster --class io.ptlake.spark.cli.PtlakeCli
  --conf "spark.sql.warehouse.dir=$WAREHOUSE" "$JAR")

# A JSON array of strings from arguments (escapes backslashes and double quotes).
json_array() {
  local out="" arg
  for arg in "$@"; do
    arg="${arg//\\/\\\\}"
    out+="${out:+,}\"${arg//\"/\\\"}\""
  done
  printf '[%s]' "$out"
}

STEPS="$(mktemp)"
trap 'rm -f "$STEPS"' EXIT
cat >"$STEPS" <<JSON
[
  {"Type": "CUSTOM_JAR", "Name": "ptlake ingest", "ActionOnFailure": "CANCEL_AND_WAIT",
   "Jar": "command-runner.jar", "Args": $(json_array "${SUBMIT[@]}" "${INGEST_ARGS[@]}")},
  {"Type": "CUSTOM_JAR", "Name": "ptlake catalog register", "ActionOnFailure": "CANCEL_AND_WAIT",
   "Jar": "command-runner.jar", "Args": $(json_array "${SUBMIT[@]}" "${REGISTER_ARGS[@]}")}
]
JSON
aws emr add-steps --cluster-id "$CLUSTER_ID" --steps "file://$STEPS"
