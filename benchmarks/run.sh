#!/usr/bin/env bash
# Runs the JMH benchmarks on the backend the build selects (CPU by default; add -Pcuda via
# MVN_ARGS="-Pcuda" for nd4j-cuda). Arguments go to JMH, e.g.:
#   benchmarks/run.sh DcganStepBenchmark -p batch=64
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
mvn -q -B ${MVN_ARGS:-} -DskipTests install -pl benchmarks -am
mvn -q -B ${MVN_ARGS:-} -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main "$@"
