#!/usr/bin/env bash
# Opens a report page in headless Chromium, as ReportBrowserTest does for the sample report: every
# chart laid out with its marks drawn, no error in the console, and a screenshot of the page's
# first HEIGHT pixels (default: all of it).
#
#   ./ptlake demo && bench/report-check.sh demo-warehouse/report.html docs/report-demo.png 1900
#   bench/report-check.sh /tmp/report.html                # screenshot under spark-jobs/target/
#
# Needs Chromium (apt-get install chromium, or PTLAKE_CHROMIUM=/path/to/chrome). Not a test of
# its own: it runs the one test class through Maven, so it builds the modules it needs first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
PAGE="$(realpath "$1")"
SHOT="$(realpath -m "${2:-$ROOT/spark-jobs/target/report-browser/check.png}")"
HEIGHT="${3:-20000}"
[[ -f "$PAGE" ]] || { echo "report-check: no such page: $1" >&2; exit 2; }

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
cd "$ROOT"
status=0
mvn -B verify -pl spark-jobs -am -Dtest=ReportBrowserTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dptlake.report.page="$PAGE" -Dptlake.report.screenshot="$SHOT" \
  -Dptlake.report.screenshot.height="$HEIGHT" >"$LOG" 2>&1 || status=$?
sed 's/\x1b\[[0-9;]*m//g' "$LOG" | grep -E 'ReportBrowserTest|Tests run:.*Report|FAIL|expected|Expecting' \
  | grep -v '^\[INFO\] *$' || true
if [[ $status -ne 0 ]]; then
  echo "report-check: FAILED (mvn exit $status); the whole log was $LOG" >&2
  trap - EXIT
  exit "$status"
fi
echo "report-check: $SHOT"
