#!/usr/bin/env bash
# A local S3-compatible server (s3proxy over plain files) for trying `./ptlake preprocess s3://…`
# without an AWS account; docs/storage.md shows a session. Stop it with Ctrl-C.
#
#   bench/s3-server.sh --dir /tmp/s3 --bucket demo --put sample-data/x.json.gz=s3://demo/in/x.json.gz
#   bench/s3-server.sh --help
#
# Clients sign with the key pair local/local (AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local)
# and use path-style addressing (--endpoint-url http://127.0.0.1:9000).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/bench/benchmarks"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  (cd "$ROOT" && mvn -B -q -pl bench/benchmarks -am -DskipTests package) >&2
fi

exec java -cp "$MODULE/target/classes:$(cat "$MODULE/target/classpath.txt")" \
  io.ptlake.bench.LocalS3Server "$@"
