#!/usr/bin/env bash
# Uploads ptlake's shaded jar and the Glue entry script to S3, creates or updates the Glue jobs of
# jobs/*.json, and (with --state-machine-role-arn) the Step Functions state machine
# ptlake-pipeline that chains them: preprocess-many -> ingest -> register. Idempotent: what exists is
# updated in place, what is missing is created.
#
# Usage:
#   glue-scripts/deploy.sh --artifacts s3://BUCKET/ptlake --warehouse s3://LAKE/warehouse \
#     --source-bucket SOURCE --role-arn arn:aws:iam::123456789012:role/ptlake-glue \
#     [--database ptlake] [--buckets 16] [--sse none|s3|kms] [--sse-kms-key-id KEY_ARN] \
#     [--table-format hive|iceberg] \
#     [--state-machine-role-arn arn:aws:iam::123456789012:role/ptlake-states] \
#     [--jar spark-jobs/target/ptlake-spark-jobs-*.jar] [--dry-run | --render DIR]
# --sse: server-side encryption of every object the jobs write (default none: the bucket's
#   default encryption). s3 = SSE-S3, kms = SSE-KMS with --sse-kms-key-id (or S3's aws/s3 key).
# --table-format iceberg: the ingest job writes in_network_rates as an Iceberg table in the Glue
#   catalog (Glue's own Iceberg jars via --datalake-formats, the catalog "iceberg" with GlueCatalog
#   and S3FileIO, data under WAREHOUSE/iceberg); the Glue catalog registers it at every commit, so
#   the pipeline ends after the ingest and the ingest job runs no catalog register.
# --render DIR: only writes the filled CreateJob inputs and the state machine to DIR (no AWS calls).
# Region and credentials are the AWS CLI's (AWS_REGION / AWS_PROFILE / instance role).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
STATE_MACHINE_NAME="ptlake-pipeline"

ARTIFACTS="" WAREHOUSE="" SOURCE_BUCKET="" ROLE_ARN="" DATABASE="ptlake" BUCKETS="16" JAR="" DRY_RUN=""
SSE="none" SSE_KMS_KEY_ID="" STATES_ROLE_ARN="" RENDER="" TABLE_FORMAT="hive"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --artifacts) ARTIFACTS="${2%/}"; shift 2 ;;
    --warehouse) WAREHOUSE="${2%/}"; shift 2 ;;
    --source-bucket) SOURCE_BUCKET="$2"; shift 2 ;;
    --role-arn) ROLE_ARN="$2"; shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    --buckets) BUCKETS="$2"; shift 2 ;;
    --sse) SSE="$2"; shift 2 ;;
    --table-format) TABLE_FORMAT="$2"; shift 2 ;;
    --sse-kms-key-id) SSE_KMS_KEY_ID="$2"; shift 2 ;;
    --state-machine-role-arn) STATES_ROLE_ARN="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --dry-run) DRY_RUN="echo"; shift ;;
    --render) RENDER="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "deploy.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for required in ARTIFACTS WAREHOUSE SOURCE_BUCKET ROLE_ARN; do
  if [[ -z "${!required}" ]]; then
    echo "deploy.sh: missing --$(tr '[:upper:]_' '[:lower:]-' <<<"$required")" >&2
    exit 2
  fi
done

# Server-side encryption: preprocess gets ptlake's --sse options (its own S3 client), the Spark
# jobs S3A's settings (Glue 5.1 reads and writes s3:// through S3A; S3A calls SSE-S3 "AES256").
SSE_KMS_KEY_ARGS="" SPARK_SSE_CONF=""
case "$SSE" in
  none) ;;
  s3) SPARK_SSE_CONF=" --conf spark.hadoop.fs.s3a.encryption.algorithm=AES256" ;;
  kms) SPARK_SSE_CONF=" --conf spark.hadoop.fs.s3a.encryption.algorithm=SSE-KMS" ;;
  *) echo "deploy.sh: --sse must be none, s3 or kms" >&2; exit 2 ;;
esac
if [[ -n "$SSE_KMS_KEY_ID" ]]; then
  if [[ "$SSE" != "kms" ]]; then
    echo "deploy.sh: --sse-kms-key-id needs --sse kms" >&2
    exit 2
  fi
  if [[ ! "$SSE_KMS_KEY_ID" =~ ^[A-Za-z0-9:/_.-]+$ ]]; then
    echo "deploy.sh: --sse-kms-key-id must be a KMS key ARN, key id or alias" >&2
    exit 2
  fi
  SSE_KMS_KEY_ARGS=", \\\"--sse-kms-key-id\\\", \\\"$SSE_KMS_KEY_ID\\\""
  SPARK_SSE_CONF+=" --conf spark.hadoop.fs.s3a.encryption.key=$SSE_KMS_KEY_ID"
fi

# Iceberg: Glue 5.1 adds its Iceberg jars with --datalake-formats; the catalog is named iceberg, as
# in local runs (IcebergTableWriter.CATALOG), and is the Glue Data Catalog itself.
ICEBERG_CONF="" DATALAKE_FORMATS=""
case "$TABLE_FORMAT" in
  hive) ;;
  iceberg)
    DATALAKE_FORMATS="iceberg"
    ICEBERG_CONF=" --conf spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"
    ICEBERG_CONF+=" --conf spark.sql.catalog.iceberg=org.apache.iceberg.spark.SparkCatalog"
    ICEBERG_CONF+=" --conf spark.sql.catalog.iceberg.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog"
    ICEBERG_CONF+=" --conf spark.sql.catalog.iceberg.io-impl=org.apache.iceberg.aws.s3.S3FileIO"
    ICEBERG_CONF+=" --conf spark.sql.catalog.iceberg.warehouse=$WAREHOUSE/iceberg"
    ;;
  *) echo "deploy.sh: --table-format must be hive or iceberg" >&2; exit 2 ;;
esac

# A value as a sed replacement (with | as the delimiter).
sed_value() {
  printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'
}

# Fills the placeholders of a job file.
render_job() {
  sed -e "s|__ARTIFACTS__|$(sed_value "$ARTIFACTS")|g" \
      -e "s|__WAREHOUSE__|$(sed_value "$WAREHOUSE")|g" \
      -e "s|__SOURCE_BUCKET__|$(sed_value "$SOURCE_BUCKET")|g" \
      -e "s|__ROLE_ARN__|$(sed_value "$ROLE_ARN")|g" \
      -e "s|__DATABASE__|$(sed_value "$DATABASE")|g" \
      -e "s|__BUCKETS__|$(sed_value "$BUCKETS")|g" \
      -e "s|__SSE__|$(sed_value "$SSE")|g" \
      -e "s|__SSE_KMS_KEY_ARGS__|$(sed_value "$SSE_KMS_KEY_ARGS")|g" \
      -e "s|__SPARK_SSE_CONF__|$(sed_value "$SPARK_SSE_CONF")|g" \
      -e "s|__TABLE_FORMAT__|$(sed_value "$TABLE_FORMAT")|g" \
      -e "s|__ICEBERG_CONF__|$(sed_value "$ICEBERG_CONF")|g" \
      "$1" | if [[ -n "$DATALAKE_FORMATS" ]]; then
    # The Glue catalog holds the Iceberg table from its first commit: nothing to register.
    sed -e "s|__DATALAKE_FORMATS__|$DATALAKE_FORMATS|" -e '/"--ptlake_then": /s|: ".*"|: "[]"|'
  else
    # No data lake format: Glue gets no --datalake-formats argument at all.
    sed -e '/__DATALAKE_FORMATS__/d'
  fi
}

# The state machine; with Iceberg it ends after the ingest (the Register state goes).
render_state_machine() {
  if [[ "$TABLE_FORMAT" == iceberg ]]; then
    perl -0pe 's/"Next": "Register"/"End": true/; s/,\n    "Register": \{.*?\n    \}\n/\n/s' "$1"
  else
    cat "$1"
  fi
}

if [[ -n "$RENDER" ]]; then
  mkdir -p "$RENDER"
  for definition in "$HERE"/jobs/*.json; do
    render_job "$definition" >"$RENDER/$(basename "$definition")"
  done
  render_state_machine "$HERE/stepfunctions/$STATE_MACHINE_NAME.asl.json" \
    >"$RENDER/$STATE_MACHINE_NAME.asl.json"
  exit 0
fi

if [[ -z "$JAR" ]]; then
  JAR="$(find "$ROOT/spark-jobs/target" -maxdepth 1 -name 'ptlake-spark-jobs-*.jar' \
    ! -name 'original-*' ! -name '*-sources.jar' 2>/dev/null | head -n 1)"
fi
if [[ -z "$JAR" || ! -f "$JAR" ]]; then
  echo "deploy.sh: no shaded jar; run 'mvn -B -DskipTests package' first or pass --jar" >&2
  exit 2
fi

$DRY_RUN aws s3 cp "$JAR" "$ARTIFACTS/jars/ptlake-spark-jobs.jar"
$DRY_RUN aws s3 cp "$HERE/scala/PtlakeGlueEntry.scala" "$ARTIFACTS/scripts/PtlakeGlueEntry.scala"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for definition in "$HERE"/jobs/*.json; do
  name="$(basename "$definition" .json)"
  render_job "$definition" >"$WORK/$name.create.json"
  # UpdateJob's JobUpdate is CreateJob's input without Name: the job files keep Name on its own
  # top-level line (the tests check it), so one line goes.
  grep -v '^  "Name": ' "$WORK/$name.create.json" >"$WORK/$name.update.json"
  if aws glue get-job --job-name "$name" >/dev/null 2>&1; then
    echo "deploy.sh: updating Glue job $name" >&2
    $DRY_RUN aws glue update-job --job-name "$name" --job-update "file://$WORK/$name.update.json"
  else
    echo "deploy.sh: creating Glue job $name" >&2
    $DRY_RUN aws glue create-job --cli-input-json "file://$WORK/$name.create.json"
  fi
done

if [[ -z "$STATES_ROLE_ARN" ]]; then
  echo "deploy.sh: no --state-machine-role-arn, so the state machine $STATE_MACHINE_NAME is left as it is" >&2
  exit 0
fi
render_state_machine "$HERE/stepfunctions/$STATE_MACHINE_NAME.asl.json" >"$WORK/$STATE_MACHINE_NAME.asl.json"
DEFINITION="file://$WORK/$STATE_MACHINE_NAME.asl.json"
STATE_MACHINE_ARN="$(aws stepfunctions list-state-machines \
  --query "stateMachines[?name=='$STATE_MACHINE_NAME'].stateMachineArn" --output text 2>/dev/null || true)"
if [[ -n "$STATE_MACHINE_ARN" && "$STATE_MACHINE_ARN" != "None" ]]; then
  echo "deploy.sh: updating state machine $STATE_MACHINE_NAME" >&2
  $DRY_RUN aws stepfunctions update-state-machine --state-machine-arn "$STATE_MACHINE_ARN" \
    --definition "$DEFINITION" --role-arn "$STATES_ROLE_ARN"
else
  echo "deploy.sh: creating state machine $STATE_MACHINE_NAME" >&2
  $DRY_RUN aws stepfunctions create-state-machine --name "$STATE_MACHINE_NAME" --type STANDARD \
    --definition "$DEFINITION" --role-arn "$STATES_ROLE_ARN"
fi
