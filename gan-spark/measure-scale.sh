#!/usr/bin/env bash
# Prints docs/scale.md's scaling figures (1 vs 2 executor cores, one ND4J thread each): sweep,
# evaluation and detector-scoring throughput, each measured side by side per repetition, then the
# medians and the 2-vs-1 ratios. Run it on a quiet machine from the repository root:
#   gan-spark/measure-scale.sh                       # defaults: local[1],local[2], 2 repetitions
#   gan-spark/measure-scale.sh --repeats 3 --steps 200 --images 20000 --score-images 8000
# Flags are ScaleMeasurement's (see its javadoc). Builds this checkout's classes (no install).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cp_file="$root/gan-spark/target/scale-classpath.txt"
mvn -q -B -o -Dstyle.color=never test-compile dependency:build-classpath -pl gan-spark -am \
  -Djacoco.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
         java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs \
         sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
export OMP_NUM_THREADS=1
exec java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6G -Dorg.bytedeco.javacpp.maxphysicalbytes=8G \
  $opens -Djdk.reflect.useDirectMethodHandle=false \
  -cp "$root/gan-spark/target/test-classes:$root/gan-spark/target/classes:$(cat "$cp_file")" \
  io.github.samegan.spark.ScaleMeasurement "$@"
