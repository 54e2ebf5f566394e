#!/usr/bin/env bash
# Side by side, on this machine, in one go: SameGAN's DCGAN train step (JMH, sample mode, median)
# and the identical PyTorch step (benchmarks/pytorch/dcgan_step.py, median), at batch 64 and 128.
# Needs Debian's python3-torch and libopenblas0-openmp (PyTorch's default reference BLAS is ~8x
# slower):  apt-get install python3-torch libopenblas0-openmp
# Usage: benchmarks/compare-pytorch.sh [batches...]   (default: 64 128)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
batches=("${@:-64 128}")
batches=(${batches[*]})
py=/usr/bin/python3
# Debian's alternatives pick OpenBLAS' pthread build when both are installed; PyTorch runs its
# convolutions ~2x faster with the OpenMP build (0.39 s vs 0.76 s per step at batch 64 here).
omp=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [[ -z "${PEER_BLAS_DIR:-}" && -e "$omp/libblas.so.3" ]]; then PEER_BLAS_DIR=$omp; fi
peer_env=()
if [[ -n "${PEER_BLAS_DIR:-}" ]]; then peer_env=(env "LD_LIBRARY_PATH=$PEER_BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"); fi
$py -c "import torch" 2>/dev/null || { echo "PyTorch not found: apt-get install python3-torch libopenblas0-openmp" >&2; exit 2; }
mvn -q -B -Dstyle.color=never ${MVN_ARGS:-} -DskipTests install -pl benchmarks -am
mvn -q -B -Dstyle.color=never ${MVN_ARGS:-} -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
out=benchmarks/target/compare
mkdir -p "$out"
plist=$(IFS=,; echo "${batches[*]}")
# This VM's speed drifts by up to ~30 % over minutes, so the PyTorch peer runs both before and
# after the JMH half; the ratio uses the mean of its two medians and both are printed.
peer() {
  for b in "${batches[@]}"; do
    "${peer_env[@]}" $py benchmarks/pytorch/dcgan_step.py --batch "$b" --steps 40 --warmup 10 --threads "$(nproc)"
  done
}
peer > "$out/pytorch-before.jsonl"
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
  DcganStepBenchmark -bm sample -tu ms -f 1 -wi 3 -w 10s -i 4 -r 15s -p batch="$plist" \
  -rf json -rff "$out/samegan.json" > "$out/jmh.log"
peer > "$out/pytorch-after.jsonl"
PEER_BLAS_DIR="${PEER_BLAS_DIR:-}" $py - "$out" <<'PY'
import json, sys, platform, os
out = sys.argv[1]
jmh = {int(r["params"]["batch"]): r for r in json.load(open(os.path.join(out, "samegan.json")))}
def load(name):
    return {r["batch"]: r for r in map(json.loads, open(os.path.join(out, name)))}
before, after = load("pytorch-before.jsonl"), load("pytorch-after.jsonl")
pt = before
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"machine: {cpu}, {os.cpu_count()} cores")
print(f"{'batch':>5}  {'SameGAN median ms':>18}  {'PyTorch before / after ms':>26}  {'PyTorch/SameGAN':>15}")
for b in sorted(jmh):
    s = jmh[b]["primaryMetric"]["scorePercentiles"]["50.0"]
    p0, p1 = before[b]["median_ms"], after[b]["median_ms"]
    print(f"{b:>5}  {s:>18.1f}  {p0:>12.1f} / {p1:>11.1f}  {(p0 + p1) / 2 / s:>14.2f}x")
print(f"PyTorch: {pt[min(pt)]['framework']}, BLAS {pt[min(pt)]['blas']} ({os.environ.get('PEER_BLAS_DIR') or 'system default'}), threads {pt[min(pt)]['threads']}")
PY
