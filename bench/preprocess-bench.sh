#!/usr/bin/env bash
# Preprocessor benchmark: generates (once, under bench/data/) a gzip in-network file of
# --size-mb MiB of JSON, runs the preprocessor --runs times in one JVM and prints MB/s of JSON and
# of compressed input, CPU seconds per GB (for the process and per thread: read/inflate, scan,
# chunk writes), peak heap, peak RSS, chunk count and the load average around each run.
#
#   bench/preprocess-bench.sh                        # 1100 MiB gzip file, 3 runs, JVM defaults
#   bench/preprocess-bench.sh --plain                # the same JSON uncompressed
#   JAVA_OPTS=-Xmx256m bench/preprocess-bench.sh --giant --runs 1   # one 1 GiB in_network item
#   bench/preprocess-bench.sh --s3 --s3-out         # read and write through a local S3 server
#   bench/preprocess-bench.sh --help
#
# Not a test: never run by CI. Machines with few shared cores are noisy: repeat and compare CPU
# seconds per GB, which varies less than wall time. --out-dir outside the data folder (e.g. under
# /tmp) keeps the chunks apart from the inputs; a previous run's output is deleted before timing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/bench/benchmarks"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  (cd "$ROOT" && mvn -B -q -pl bench/benchmarks -am -DskipTests package) >&2
fi

cd "$ROOT"
# JAVA_OPTS is split on spaces on purpose, like every JVM launcher does.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$MODULE/target/classes:$(cat "$MODULE/target/classpath.txt")" \
  io.ptlake.bench.PreprocessBenchmark "$@"
