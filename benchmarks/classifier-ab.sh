#!/usr/bin/env bash
# A/B of the nd4j-native builds ND4J publishes for 1.0.0-M2.1 (issue 21): the same JMH train step
# run with the project's default native build (classifier linux-x86_64-onednn) and with another,
# alternately (A B A B ...), so that the machine's drift hits both alike; prints every run's median
# and the pair-by-pair ratio B/A.
#   CLASSIFIER=linux-x86_64-onednn-avx512 (default) | linux-x86_64-onednn-avx2 | linux-x86_64-avx512 | ...
#   MODEL=dcgan (default) | resnet-sngan-small   ROUNDS=3   BATCH=64
# Usage: [CLASSIFIER=..] [MODEL=..] [ROUNDS=n] [BATCH=b] benchmarks/classifier-ab.sh
# Each JMH run: 2 warm-up iterations of 5 s, 3 measured of 10 s, sample mode, one fork.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
base=linux-x86_64-onednn
other=${CLASSIFIER:-linux-x86_64-onednn-avx512}
model=${MODEL:-dcgan}
rounds=${ROUNDS:-3}
batch=${BATCH:-64}
case "$model" in
  dcgan) jmh=(DcganStepBenchmark) ;;
  resnet-sngan-small) jmh=(ModelStepBenchmark -p model="$model") ;;
  *) echo "MODEL must be dcgan or resnet-sngan-small, found '$model'" >&2; exit 2 ;;
esac
jmh+=(-bm sample -tu ms -f 1 -wi 2 -w 5s -i 3 -r 10s -p batch="$batch")
mvn -q -B -Dstyle.color=never ${MVN_ARGS:-} -DskipTests install -pl benchmarks -am
mvn -q -B -Dstyle.color=never ${MVN_ARGS:-} -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
mvn -q -B -Dstyle.color=never ${MVN_ARGS:-} dependency:get -Dtransitive=false \
  -Dartifact="org.nd4j:nd4j-native:1.0.0-M2.1:jar:$other"
cp_a=$(cat benchmarks/target/classpath.txt)
jar_a=$(tr ':' '\n' <<<"$cp_a" | grep -F "nd4j-native-1.0.0-M2.1-$base.jar" || true)
[[ -n "$jar_a" ]] || { echo "the classpath has no nd4j-native $base jar" >&2; exit 2; }
jar_b=${jar_a%-"$base".jar}-$other.jar
[[ -f "$jar_b" ]] || { echo "missing $jar_b" >&2; exit 2; }
cp_b=${cp_a//"$jar_a"/"$jar_b"}
out=benchmarks/target/classifier-ab
rm -rf "$out"
mkdir -p "$out"
run() { # name classpath round
  java -cp "benchmarks/target/classes:$2" org.openjdk.jmh.Main "${jmh[@]}" \
    -rf json -rff "$out/r$3-$1.json" > "$out/r$3-$1.log" 2>&1
}
for r in $(seq 1 "$rounds"); do
  run a "$cp_a" "$r"
  run b "$cp_b" "$r"
done
$(command -v python3) - "$out" "$rounds" "$base" "$other" "$model" "$batch" <<'PY'
import json, os, statistics, sys
out, rounds, a, b, model, batch = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"machine: {cpu}, {os.cpu_count()} cores; model {model}, batch {batch}")
med = lambda r, n: json.load(open(f"{out}/r{r}-{n}.json"))[0]["primaryMetric"]["scorePercentiles"]["50.0"]
print(f"{'round':>5}  {a + ' ms':>28}  {b + ' ms':>34}  {'B/A':>6}")
ratios = []
for r in range(1, rounds + 1):
    ma, mb = med(r, "a"), med(r, "b")
    ratios.append(mb / ma)
    print(f"{r:>5}  {ma:>28.1f}  {mb:>34.1f}  {mb / ma:>6.3f}")
print(f"median B/A over {rounds} rounds {statistics.median(ratios):.3f} (lowest {min(ratios):.3f}, highest {max(ratios):.3f})")
PY
