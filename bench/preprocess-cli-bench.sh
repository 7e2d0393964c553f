#!/usr/bin/env bash
# The preprocess command as a user runs it, against the AWS blog's preprocessor, on the same file
# in the same run. ptlake: a fresh JVM per run (JIT warm-up and JVM start included),
# `JAVA_OPTS=-Xmx256m` unless set. The blog's: its ijson splitter (bench/blog_preprocess.py:
# header, 25 items and 1,000 provider_references per file), once, after ptlake's runs. Prints wall
# seconds, MiB/s of JSON (from the manifest's json_bytes; the blog's from its own count), user+sys
# CPU seconds per GiB and the load average around each run, then ptlake's best and median MiB/s
# over the blog's.
#
#   bench/preprocess-cli-bench.sh FILE [RUNS]      # e.g. bench/data/payer-like-1024mb.json.gz 3
#   BLOG=0 bench/preprocess-cli-bench.sh FILE 3    # ptlake only
#   PREPROCESS_ARGS="--scan-threads 1" bench/preprocess-cli-bench.sh FILE 3
#
# The blog's splitter needs Python's ijson with its C backend: `apt-get install python3-ijson` on
# Debian (for /usr/bin/python3); PYTHON=... picks another interpreter. On the payer-like 1 GiB file
# it runs ~100 s on a quiet core. bench/preprocess-bench.sh generates the files (--shape
# default,payer-like) and gives the CPU per thread. Not a test: never run by CI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="$1"
RUNS="${2:-3}"
OUT="$(mktemp -d /tmp/ptlake-cli-bench.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
export JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
"$ROOT/ptlake" --help >/dev/null 2>&1 || true   # builds the jars once, outside the timing

load() { cut -d' ' -f1-3 /proc/loadavg; }

: > "$OUT/rates"
for run in $(seq 1 "$RUNS"); do
  rm -rf "$OUT/out"
  load_before="$(load)"
  # shellcheck disable=SC2086
  if ! /usr/bin/time -f '%e %U %S' -o "$OUT/time" "$ROOT/ptlake" preprocess "$FILE" \
      --out "$OUT/out" --quiet ${PREPROCESS_ARGS:-} >/dev/null 2>"$OUT/stderr"; then
    cat "$OUT/stderr" >&2
    exit 1
  fi
  read -r wall user sys < "$OUT/time"
  json=$(grep -o '"json_bytes" *: *[0-9]*' "$OUT/out/manifest.json" | grep -o '[0-9]*$')
  awk -v w="$wall" -v u="$user" -v s="$sys" -v j="$json" -v r="$run" -v lb="$load_before" \
      -v la="$(load)" 'BEGIN {
    mib = j / 1048576; gib = mib / 1024;
    printf "ptlake run %d: %.2f s wall, %.0f MiB/s JSON, cpu %.2f s = %.2f cpu-s/GiB; load average %s -> %s\n",
      r, w, mib / w, u + s, (u + s) / gib, lb, la }'
  awk -v w="$wall" -v j="$json" 'BEGIN { print j / 1048576 / w }' >> "$OUT/rates"
done
rm -rf "$OUT/out"

if [[ "${BLOG:-1}" == 0 ]]; then
  exit 0
fi
PYTHON="${PYTHON:-}"
if [[ -z "$PYTHON" ]]; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import ijson' 2>/dev/null; then
      PYTHON="$candidate"
      break
    fi
  done
fi
if [[ -z "$PYTHON" ]]; then
  echo "blog's preprocessor: skipped, no python3 with ijson (Debian: apt-get install python3-ijson)" >&2
  exit 0
fi
load_before="$(load)"
/usr/bin/time -f '%e %U %S' -o "$OUT/time" "$PYTHON" "$ROOT/bench/blog_preprocess.py" "$FILE" \
  "$OUT/blog" > "$OUT/blog.json"
read -r wall user sys < "$OUT/time"
json=$(grep -o '"json_bytes": *[0-9]*' "$OUT/blog.json" | grep -o '[0-9]*$')
backend=$(grep -o '"backend": *"[^"]*"' "$OUT/blog.json" | cut -d'"' -f4)
sort -g "$OUT/rates" > "$OUT/sorted"
best=$(tail -n 1 "$OUT/sorted")
median=$(awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' "$OUT/sorted")
awk -v w="$wall" -v u="$user" -v s="$sys" -v j="$json" -v lb="$load_before" -v la="$(load)" \
    -v b="$backend" -v best="$best" -v median="$median" 'BEGIN {
  mib = j / 1048576; gib = mib / 1024; blog = mib / w;
  printf "blog (ijson %s): %.2f s wall, %.1f MiB/s JSON, cpu %.2f s = %.1f cpu-s/GiB; load average %s -> %s\n",
    b, w, blog, u + s, (u + s) / gib, lb, la;
  printf "ptlake / blog: %.1fx (best run), %.1fx (median run)\n", best / blog, median / blog }'
