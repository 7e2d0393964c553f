#!/usr/bin/env bash
# The preprocess command as a user runs it: a fresh JVM per run (JIT warm-up and JVM start
# included), `JAVA_OPTS=-Xmx256m` unless set. Prints wall seconds, MB/s of JSON (MiB/s, from the
# manifest's json_bytes), user+sys CPU seconds per GiB and the load average around each run.
#
#   bench/preprocess-cli-bench.sh FILE [RUNS]      # e.g. bench/data/payer-like-1100mb.json.gz 3
#
# bench/preprocess-bench.sh generates the files (--shape default,payer-like) and gives the CPU per
# thread. Not a test: never run by CI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="$1"
RUNS="${2:-3}"
OUT="$(mktemp -d /tmp/ptlake-cli-bench.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
export JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
"$ROOT/ptlake" --help >/dev/null 2>&1 || true   # builds the jars once, outside the timing
for run in $(seq 1 "$RUNS"); do
  rm -rf "$OUT/out"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f '%e %U %S' -o "$OUT/time" "$ROOT/ptlake" preprocess "$FILE" --out "$OUT/out" \
    >/dev/null
  read -r wall user sys < "$OUT/time"
  json=$(grep -o '"json_bytes" *: *[0-9]*' "$OUT/out/manifest.json" | grep -o '[0-9]*$')
  awk -v w="$wall" -v u="$user" -v s="$sys" -v j="$json" -v r="$run" \
      -v lb="$load_before" -v la="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    mib = j / 1048576; gib = mib / 1024;
    printf "run %d: %.2f s wall, %.0f MiB/s JSON, cpu %.2f s = %.2f cpu-s/GiB; load average %s -> %s\n",
      r, w, mib / w, u + s, (u + s) / gib, lb, la }'
done
