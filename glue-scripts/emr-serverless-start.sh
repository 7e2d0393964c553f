#!/usr/bin/env bash
# Starts one ptlake job run on an EMR Serverless (7.12+) Spark application, with the Glue Data
# Catalog as metastore. Run --step ingest, wait for it (aws emr-serverless get-job-run), then
# --step register; from sources, run --step preprocess-many SOURCE... --out PREFIX first and
# --step ingest --out PREFIX (the run's PREFIX, checked by io.ptlake.spark.preprocess.RunFolders).
#
# Usage:
#   glue-scripts/emr-serverless-start.sh --application-id APP --role-arn ARN \
#     --jar s3://BUCKET/ptlake/jars/ptlake-spark-jobs.jar --warehouse s3://LAKE/warehouse \
#     --step preprocess-many|ingest|register [--database ptlake] [--buckets 16] \
#     [--partitions catalog] [--sse none|s3|kms] [--sse-kms-key-id KEY_ARN] [--out PREFIX] \
#     [DIR... | SOURCE...]
# Prints the job run id.
set -euo pipefail

APPLICATION_ID="" ROLE_ARN="" JAR="" WAREHOUSE="" STEP="" DATABASE="ptlake" BUCKETS="16" PARTITIONS="catalog" SSE="none" SSE_KMS_KEY_ID=""
DIRS=() OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --application-id) APPLICATION_ID="$2"; shift 2 ;;
    --role-arn) ROLE_ARN="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --warehouse) WAREHOUSE="${2%/}"; shift 2 ;;
    --step) STEP="$2"; shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    --buckets) BUCKETS="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --sse) SSE="$2"; shift 2 ;;
    --sse-kms-key-id) SSE_KMS_KEY_ID="$2"; shift 2 ;;
    --out) OUT="${2%/}"; shift 2 ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "emr-serverless-start.sh: unknown option $1" >&2; exit 2 ;;
    *) DIRS+=("$1"); shift ;;
  esac
done
if [[ -z "$APPLICATION_ID" || -z "$ROLE_ARN" || -z "$JAR" || -z "$WAREHOUSE" ]]; then
  echo "emr-serverless-start.sh: --application-id, --role-arn, --jar and --warehouse are required" >&2
  exit 2
fi

# Server-side encryption of the Spark writes, for both S3 connectors: S3A (s3a://, and s3:// where
# it is the connector; SSE-S3 is "AES256" there) and EMRFS (s3:// on EMR by default).
SSE_CONF=()
case "$SSE" in
  none) ;;
  s3) SSE_CONF=(spark.hadoop.fs.s3a.encryption.algorithm=AES256 spark.hadoop.fs.s3.enableServerSideEncryption=true) ;;
  kms) SSE_CONF=(spark.hadoop.fs.s3a.encryption.algorithm=SSE-KMS spark.hadoop.fs.s3.enableServerSideEncryption=true) ;;
  *) echo "emr-serverless-start.sh: --sse must be none, s3 or kms" >&2; exit 2 ;;
esac
if [[ -n "$SSE_KMS_KEY_ID" ]]; then
  if [[ "$SSE" != "kms" || ! "$SSE_KMS_KEY_ID" =~ ^[A-Za-z0-9:/_.-]+$ ]]; then
    echo "emr-serverless-start.sh: --sse-kms-key-id needs --sse kms and a KMS key ARN, key id or alias" >&2
    exit 2
  fi
  SSE_CONF+=("spark.hadoop.fs.s3a.encryption.key=$SSE_KMS_KEY_ID"
    "spark.hadoop.fs.s3.serverSideEncryption.kms.keyId=$SSE_KMS_KEY_ID")
fi

MAIN_CLASS="io.ptlake.spark.cli.PtlakeCli"
case "$STEP" in
  preprocess-many)
    if [[ ${#DIRS[@]} -eq 0 || -z "$OUT" ]]; then
      echo "emr-serverless-start.sh: --step preprocess-many needs a SOURCE and --out" >&2
      exit 2
    fi
    # Its own S3 client: SSE as its own options.
    PREPROCESS_ARGS=(preprocess-many "${DIRS[@]}" --out "$OUT" --chunk-codec gzip --sse "$SSE")
    if [[ -n "$SSE_KMS_KEY_ID" ]]; then
      PREPROCESS_ARGS+=(--sse-kms-key-id "$SSE_KMS_KEY_ID")
    fi
    ARGS=("${PREPROCESS_ARGS[@]}") ;;
  ingest)
    if [[ ${#DIRS[@]} -eq 0 && -z "$OUT" ]] || [[ ${#DIRS[@]} -gt 0 && -n "$OUT" ]]; then
      echo "emr-serverless-start.sh: --step ingest needs DIR... or --out PREFIX" >&2
      exit 2
    fi
    INGEST_ARGS=(ingest "${DIRS[@]}" --database "$DATABASE" --buckets "$BUCKETS" --mode merge)
    ARGS=("${INGEST_ARGS[@]}")
    if [[ -n "$OUT" ]]; then
      MAIN_CLASS="io.ptlake.spark.preprocess.RunFolders"
      ARGS=("$OUT" "${INGEST_ARGS[@]}")
    fi ;;
  register)
    REGISTER_ARGS=(catalog register --warehouse "$WAREHOUSE" --database "$DATABASE" --buckets "$BUCKETS" --partitions "$PARTITIONS")
    ARGS=("${REGISTER_ARGS[@]}") ;;
  *) echo "emr-serverless-start.sh: --step must be preprocess-many, ingest or register" >&2; exit 2 ;;
esac

json_array() {
  local out="" arg
  for arg in "$@"; do
    arg="${arg//\\/\\\\}"
    out+="${out:+,}\"${arg//\"/\\\"}\""
  done
  printf '[%s]' "$out"
}

SUBMIT_PARAMETERS="--class $MAIN_CLASS"
SUBMIT_PARAMETERS+=" --conf spark.hadoop.hive.metastore.client.factory.class=com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory"
SUBMIT_PARAMETERS+=" --conf spark.sql.warehouse.dir=$WAREHOUSE"
for setting in "${SSE_CONF[@]}"; do
  SUBMIT_PARAMETERS+=" --conf $setting"
done

aws emr-serverless start-job-run \
  --application-id "$APPLICATION_ID" \
  --execution-role-arn "$ROLE_ARN" \
  --name "ptlake-$STEP" \
  --job-driver "{\"sparkSubmit\":{\"entryPoint\":\"$JAR\",\"entryPointArguments\":$(json_array "${ARGS[@]}"),\"sparkSubmitParameters\":\"$SUBMIT_PARAMETERS\"}}" \
  --configuration-overrides '{"monitoringConfiguration":{"cloudWatchLoggingConfiguration":{"enabled":true}}}' \
  --query jobRunId --output text
