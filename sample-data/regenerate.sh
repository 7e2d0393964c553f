#!/usr/bin/env bash
# Rebuilds every sample file and its .expected.json from the generator. The specs live in
# bench/generator's SampleDataSet; SampleDataTest fails when these files and the specs disagree.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
classpath_file="bench/generator/target/runtime-classpath.txt"
mvn -B -q -pl bench/generator compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$root/$classpath_file"
java -cp "bench/generator/target/classes:$(cat "$classpath_file")" \
  io.ptlake.generator.GeneratorMain samples --dir sample-data
