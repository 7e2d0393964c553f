#!/usr/bin/env bash
# Adds ptlake's ingest and catalog register steps (after a preprocess-many step when --source is
# given) to a running EMR (7.12+) cluster whose Spark
# uses the Glue Data Catalog as its metastore (spark-hive-site classification:
# hive.metastore.client.factory.class=com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory).
#
# Usage:
#   glue-scripts/emr-add-steps.sh --cluster-id j-XXXXXXXX --jar s3://BUCKET/ptlake/jars/ptlake-spark-jobs.jar \
#     --warehouse s3://LAKE/warehouse [--database ptlake] [--buckets 16] [--partitions catalog] \
#     [--sse none|s3|kms] [--sse-kms-key-id KEY_ARN] (DIR... | --source SOURCE... --out PREFIX)
# DIR: preprocessed chunk folders on S3 (s3://...). SOURCE (repeatable): a table of contents, list
# file or s3:// prefix for a preprocess-many step into PREFIX, whose folders (and ToC) the ingest
# step then reads (io.ptlake.spark.preprocess.RunFolders). Prints the step ids.
set -euo pipefail

CLUSTER_ID="" JAR="" WAREHOUSE="" DATABASE="ptlake" BUCKETS="16" PARTITIONS="catalog" SSE="none" SSE_KMS_KEY_ID=""
DIRS=() SOURCES=() OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cluster-id) CLUSTER_ID="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --warehouse) WAREHOUSE="${2%/}"; shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    --buckets) BUCKETS="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --sse) SSE="$2"; shift 2 ;;
    --sse-kms-key-id) SSE_KMS_KEY_ID="$2"; shift 2 ;;
    --source) SOURCES+=("$2"); shift 2 ;;
    --out) OUT="${2%/}"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "emr-add-steps.sh: unknown option $1" >&2; exit 2 ;;
    *) DIRS+=("$1"); shift ;;
  esac
done
if [[ -z "$CLUSTER_ID" || -z "$JAR" || -z "$WAREHOUSE" ]]; then
  echo "emr-add-steps.sh: --cluster-id, --jar and --warehouse are required" >&2
  exit 2
fi
if [[ ${#SOURCES[@]} -gt 0 && ( -z "$OUT" || ${#DIRS[@]} -gt 0 ) ]] \
    || [[ ${#SOURCES[@]} -eq 0 && ( -n "$OUT" || ${#DIRS[@]} -eq 0 ) ]]; then
  echo "emr-add-steps.sh: give DIR... or --source SOURCE... --out PREFIX" >&2
  exit 2
fi

# Server-side encryption of the Spark writes, for both S3 connectors: S3A (s3a://, and s3:// where
# it is the connector; SSE-S3 is "AES256" there) and EMRFS (s3:// on EMR by default).
SSE_CONF=()
case "$SSE" in
  none) ;;
  s3) SSE_CONF=(spark.hadoop.fs.s3a.encryption.algorithm=AES256 spark.hadoop.fs.s3.enableServerSideEncryption=true) ;;
  kms) SSE_CONF=(spark.hadoop.fs.s3a.encryption.algorithm=SSE-KMS spark.hadoop.fs.s3.enableServerSideEncryption=true) ;;
  *) echo "emr-add-steps.sh: --sse must be none, s3 or kms" >&2; exit 2 ;;
esac
if [[ -n "$SSE_KMS_KEY_ID" ]]; then
  if [[ "$SSE" != "kms" || ! "$SSE_KMS_KEY_ID" =~ ^[A-Za-z0-9:/_.-]+$ ]]; then
    echo "emr-add-steps.sh: --sse-kms-key-id needs --sse kms and a KMS key ARN, key id or alias" >&2
    exit 2
  fi
  SSE_CONF+=("spark.hadoop.fs.s3a.encryption.key=$SSE_KMS_KEY_ID"
    "spark.hadoop.fs.s3.serverSideEncryption.kms.keyId=$SSE_KMS_KEY_ID")
fi

INGEST_ARGS=(ingest "${DIRS[@]}" --database "$DATABASE" --buckets "$BUCKETS" --mode merge)
# preprocess-many has its own S3 client: SSE as its own options.
PREPROCESS_ARGS=(preprocess-many "${SOURCES[@]}" --out "$OUT" --chunk-codec gzip --sse "$SSE")
if [[ -n "$SSE_KMS_KEY_ID" ]]; then
  PREPROCESS_ARGS+=(--sse-kms-key-id "$SSE_KMS_KEY_ID")
fi
REGISTER_ARGS=(catalog register --warehouse "$WAREHOUSE" --database "$DATABASE" --buckets "$BUCKETS" --partitions "$PARTITIONS")
SUBMIT=(spark-submit --deploy-mode cluster --class io.ptlake.spark.cli.PtlakeCli
  --conf "spark.sql.warehouse.dir=$WAREHOUSE")
for setting in "${SSE_CONF[@]}"; do
  SUBMIT+=(--conf "$setting")
done
SUBMIT+=("$JAR")
# The ingest after preprocess-many: RunFolders appends the run's PREFIX, which ingest expands.
INGEST_SUBMIT=("${SUBMIT[@]}")
if [[ ${#SOURCES[@]} -gt 0 ]]; then
  INGEST_SUBMIT=("${SUBMIT[@]/#io.ptlake.spark.cli.PtlakeCli/io.ptlake.spark.preprocess.RunFolders}" "$OUT")
fi

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
PREPROCESS_STEP=""
if [[ ${#SOURCES[@]} -gt 0 ]]; then
  PREPROCESS_STEP="{\"Type\": \"CUSTOM_JAR\", \"Name\": \"ptlake preprocess-many\", \"ActionOnFailure\": \"CANCEL_AND_WAIT\",
   \"Jar\": \"command-runner.jar\", \"Args\": $(json_array "${SUBMIT[@]}" "${PREPROCESS_ARGS[@]}")},"
fi
cat >"$STEPS" <<JSON
[
  $PREPROCESS_STEP
  {"Type": "CUSTOM_JAR", "Name": "ptlake ingest", "ActionOnFailure": "CANCEL_AND_WAIT",
   "Jar": "command-runner.jar", "Args": $(json_array "${INGEST_SUBMIT[@]}" "${INGEST_ARGS[@]}")},
  {"Type": "CUSTOM_JAR", "Name": "ptlake catalog register", "ActionOnFailure": "CANCEL_AND_WAIT",
   "Jar": "command-runner.jar", "Args": $(json_array "${SUBMIT[@]}" "${REGISTER_ARGS[@]}")}
]
JSON
aws emr add-steps --cluster-id "$CLUSTER_ID" --steps "file://$STEPS"
