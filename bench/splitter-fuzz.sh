#!/usr/bin/env bash
# The long run of the splitters' differential fuzz test (the build runs 250 mutants): seeded
# mutations of small generated files through the fast splitter and the reference splitter, which
# must agree (same chunks and counts, or the same error at the same offset).
#
#   bench/splitter-fuzz.sh                      # 20,000 mutants, seed from the clock
#   bench/splitter-fuzz.sh 100000 42            # N mutants, seed S (a failure names its seed)
#
# Not a test: never run by CI. About 20 mutants a second on one core.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ITERATIONS="${1:-20000}"
SEED="${2:-$(date +%s)}"
echo "splitter fuzz: $ITERATIONS mutants, seed $SEED" >&2
cd "$ROOT"
mvn -B -q verify -pl preprocess -am -Dtest=SplitterFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dptlake.fuzz.iterations="$ITERATIONS" -Dptlake.fuzz.seed="$SEED" -Dsurefire.timeout=0 \
  -Dsurefire.redirectTestOutputToFile=false
