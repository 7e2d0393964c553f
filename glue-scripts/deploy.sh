#!/usr/bin/env bash
# Uploads ptlake's shaded jar and the Glue entry script to S3, then creates or updates the Glue
# jobs of jobs/*.json (idempotent: an existing job is updated in place, a missing one created).
#
# Usage:
#   glue-scripts/deploy.sh --artifacts s3://BUCKET/ptlake --warehouse s3://LAKE/warehouse \
#     --source-bucket SOURCE --role-arn arn:aws:iam::123456789012:role/ptlake-glue \
#     [--database ptlake] [--buckets 1] [--jar spark-jobs/target/ptlake-spark-jobs-*.jar] [--dry-run]
# Region and credentials are the AWS CLI's (AWS_REGION / AWS_PROFILE / instance role).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"

ARTIFACTS="" WAREHOUSE="" SOURCE_BUCKET="" ROLE_ARN="" DATABASE="ptlake" BUCKETS="1" JAR="" DRY_RUN=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --artifacts) ARTIFACTS="${2%/}"; shift 2 ;;
    --warehouse) WAREHOUSE="${2%/}"; shift 2 ;;
    --source-bucket) SOURCE_BUCKET="$2"; shift 2 ;;
    --role-arn) ROLE_ARN="$2"; shift 2 ;;
    --database) DATABASE="$2"; shift 2 ;;
    --buckets) BUCKETS="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --dry-run) DRY_RUN="echo"; shift ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "deploy.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for required in ARTIFACTS WAREHOUSE SOURCE_BUCKET ROLE_ARN; do
  if [[ -z "${!required}" ]]; then
    echo "deploy.sh: missing --$(tr '[:upper:]_' '[:lower:]-' <<<"$required")" >&2
    exit 2
  fi
done
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
  sed -e "s|__ARTIFACTS__|$ARTIFACTS|g" -e "s|__WAREHOUSE__|$WAREHOUSE|g" \
      -e "s|__SOURCE_BUCKET__|$SOURCE_BUCKET|g" -e "s|__ROLE_ARN__|$ROLE_ARN|g" \
      -e "s|__DATABASE__|$DATABASE|g" -e "s|__BUCKETS__|$BUCKETS|g" \
      "$definition" >"$WORK/$name.create.json"
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
