#!/usr/bin/env bash
# Runs a main class of the benchmarks module with its classpath, e.g.:
#   benchmarks/run-main.sh io.github.samegan.bench.MemoryProfile 500 64
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
mvn -q -B ${MVN_ARGS:-} -DskipTests install -pl benchmarks -am
mvn -q -B ${MVN_ARGS:-} -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
main=$1; shift
exec java -Xmx2g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" "$main" "$@"
