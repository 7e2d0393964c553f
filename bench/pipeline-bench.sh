#!/usr/bin/env bash
# End-to-end benchmark of the local pipeline on a generated file (run on demand, never in CI):
#   bench/pipeline-bench.sh [SIZE_MB]      default 300
# Generates (or reuses) bench/data/inn-<SIZE>mb.json.gz with references last and two giant items,
# then times `ptlake preprocess` and `ptlake ingest` and prints MB/s, rows/s and peak memory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_MB="${1:-300}"
DATA="$ROOT/bench/data"
INPUT="$DATA/inn-${SIZE_MB}mb.json.gz"
WORK="$DATA/run-${SIZE_MB}mb"
mkdir -p "$DATA"

if [[ ! -f "$INPUT" || ! -f "$INPUT.expected.json" ]]; then
  echo "bench: generating $INPUT" >&2
  "$ROOT/ptlake" generate --out "$INPUT" --size-mb "$SIZE_MB" --refs last --gzip \
    --giant-items 2 --giant-item-mb $(( SIZE_MB / 20 > 1 ? SIZE_MB / 20 : 1 )) >/dev/null
fi
rm -rf "$WORK"

# GNU time's "Maximum resident set size" is the peak memory of the whole JVM (heap and off-heap).
timed() {
  local label="$1"; shift
  /usr/bin/time -f "bench: $label max_rss_kb=%M elapsed_s=%e" "$@"
}

echo "bench: preprocess" >&2
pre_json="$(timed preprocess "$ROOT/ptlake" preprocess "$INPUT" --out "$WORK/chunks" --quiet)"
echo "preprocess: $pre_json"

echo "bench: ingest" >&2
ingest_json="$(timed ingest "$ROOT/ptlake" ingest "$WORK/chunks" --warehouse "$WORK/warehouse")"
echo "ingest: $ingest_json"

expected="$(grep -o '"expected_rows" : [0-9]*' "$INPUT.expected.json" | grep -o '[0-9]*$')"
echo "generator expected_rows: $expected"
echo "parquet: $(find "$WORK/warehouse" -name '*.parquet' | wc -l) files," \
  "$(du -sm "$WORK/warehouse/ptlake.db" | cut -f1) MB"
