#!/usr/bin/env bash
# Ingest benchmark: ptlake's preprocess + ingest (in_network_rates alone with the columnar writer,
# the whole ingest, in_network_rates with Spark's writer) against the AWS blog's Glue job logic
# (bench/ingest/…/AwsBlogBaselineJob.java) and a DuckDB peer on ptlake's chunks, on the same input,
# in one run, each step in its own JVM. Prints seconds, CPU seconds, rows, rows/s, MB/s of chunks
# read, Parquet bytes, file count and size distribution, peak heap and RSS per step, whether each
# wrote every expected row, with the load average, then the row comparison and the speed ratios.
#
#   bench/ingest-bench.sh                                  # one generated 1 GiB file (~54 M rows)
#   bench/ingest-bench.sh --generate-arg=--shape --generate-arg=payer-like --size-mb 64
#                                                          # heavy-tailed provider groups
#   bench/ingest-bench.sh --size-mb 100 --files 10         # ten 100 MiB files at once
#   bench/ingest-bench.sh --input bench/data/x.json.gz     # an existing file
#   bench/ingest-bench.sh --ingest-arg=--target-file-size=128m   # any ptlake ingest option
#   bench/ingest-bench.sh --help
#
# Not a test: never run by CI. The machine's other load shows in the load averages printed next to
# every step; compare runs made under similar load.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/bench/ingest"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  (cd "$ROOT" && mvn -B -q -pl bench/ingest -am -DskipTests package) 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g' >&2
fi

# Spark's list for Java 17, as the ptlake launcher passes it; every step's JVM inherits it.
OPENS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false)

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
cd "$ROOT"
exec java "${OPENS[@]}" \
  -Dptlake.home="$ROOT" \
  -Dlog4j2.configurationFile="$ROOT/spark-jobs/conf/log4j2.properties" \
  -Dptlake.log.level="${PTLAKE_LOG_LEVEL:-warn}" \
  -cp "$MODULE/target/classes:$(cat "$MODULE/target/classpath.txt")" \
  io.ptlake.bench.ingest.IngestBenchmark "$@"
