#!/usr/bin/env bash
# Side by side, on this machine, in one go: SameGAN's train step (JMH, sample mode, median) and the
# identical PyTorch step (median), for one model:
#   MODEL=dcgan (default)         DcganStepBenchmark vs benchmarks/pytorch/dcgan_step.py, batches 64 128
#   MODEL=resnet-sngan-small      ModelStepBenchmark -p model=MODEL vs benchmarks/pytorch/resnet_step.py
#   MODEL=resnet-sngan            (hinge, Adam, n-critic 1), batch 64 by default
# For the ResNets PEER_MODE=exact (default: SameGAN's spectral-norm scheme, D frozen in G's update)
# or stock (torch.nn.utils.spectral_norm, plain PyTorch) picks the peer's mode.
# Needs Debian's python3-torch and libopenblas0-openmp (PyTorch's default reference BLAS is ~8x
# slower):  apt-get install python3-torch libopenblas0-openmp
# Usage: [MODEL=..] [PEER_MODE=..] [ROUNDS=n] benchmarks/compare-pytorch.sh [batches...]
#        (default batches: 64 128 for dcgan, 64 for the ResNets; one round)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
model=${MODEL:-dcgan}
peer_mode=${PEER_MODE:-exact}
case "$model" in
  dcgan)
    default_batches="64 128"
    jmh=(DcganStepBenchmark -bm sample -tu ms -f 1 -wi 3 -w 10s -i 4 -r 15s)
    peer_cmd=(benchmarks/pytorch/dcgan_step.py --steps 40 --warmup 10) ;;
  resnet-sngan-small)
    default_batches="64"
    jmh=(ModelStepBenchmark -p model="$model" -bm sample -tu ms -f 1 -wi 3 -w 10s -i 4 -r 15s)
    peer_cmd=(benchmarks/pytorch/resnet_step.py --model "$model" --mode "$peer_mode" --steps 20 --warmup 5) ;;
  resnet-sngan)
    # ~5-11 s per step: longer JMH iterations so that each holds several steps
    default_batches="64"
    jmh=(ModelStepBenchmark -p model="$model" -bm sample -tu ms -f 1 -wi 2 -w 30s -i 3 -r 60s)
    peer_cmd=(benchmarks/pytorch/resnet_step.py --model "$model" --mode "$peer_mode" --steps 8 --warmup 2) ;;
  *) echo "MODEL must be dcgan, resnet-sngan-small or resnet-sngan, found '$model'" >&2; exit 2 ;;
esac
case "$peer_mode" in
  exact|stock) ;;
  *) echo "PEER_MODE must be exact or stock, found '$peer_mode'" >&2; exit 2 ;;
esac
batches=("${@:-$default_batches}")
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
rm -rf "$out"
mkdir -p "$out"
rounds=${ROUNDS:-1}
# This VM's speed drifts by up to ~30 % over minutes. So each batch size is measured on its own:
# the PyTorch peer right before and right after its JMH run (the ratio uses the mean of the two
# medians), and with ROUNDS=n the whole sequence repeats n times; the summary gives every
# round's ratio and their median.
peer() {
  "${peer_env[@]}" $py "${peer_cmd[@]}" --batch "$1" --threads "$(nproc)"
}
for r in $(seq 1 "$rounds"); do
  for b in "${batches[@]}"; do
    peer "$b" > "$out/r$r-b$b-pytorch-before.json"
    java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
      "${jmh[@]}" -p batch="$b" \
      -rf json -rff "$out/r$r-b$b-samegan.json" > "$out/r$r-b$b-jmh.log"
    peer "$b" > "$out/r$r-b$b-pytorch-after.json"
  done
done
PEER_BLAS_DIR="${PEER_BLAS_DIR:-}" MODEL="$model" PEER_MODE="$peer_mode" $py - "$out" "$rounds" "${batches[@]}" <<'PY'
import json, sys, os, statistics
out, rounds, batches = sys.argv[1], int(sys.argv[2]), [int(b) for b in sys.argv[3:]]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"machine: {cpu}, {os.cpu_count()} cores")
if os.environ["MODEL"] != "dcgan":
    print(f"model: {os.environ['MODEL']}, PyTorch peer mode {os.environ['PEER_MODE']}")
print(f"{'round':>5}  {'batch':>5}  {'SameGAN median ms':>18}  {'PyTorch before / after ms':>26}  {'PyTorch/SameGAN':>15}")
ratios, peer = {b: [] for b in batches}, None
for r in range(1, rounds + 1):
    for b in batches:
        f = lambda name: os.path.join(out, f"r{r}-b{b}-{name}")
        s = json.load(open(f("samegan.json")))[0]["primaryMetric"]["scorePercentiles"]["50.0"]
        p0, p1 = (json.loads(open(f(f"pytorch-{w}.json")).read()) for w in ("before", "after"))
        peer = p0
        ratio = (p0["median_ms"] + p1["median_ms"]) / 2 / s
        ratios[b].append(ratio)
        print(f"{r:>5}  {b:>5}  {s:>18.1f}  {p0['median_ms']:>12.1f} / {p1['median_ms']:>11.1f}  {ratio:>14.2f}x")
if rounds > 1:
    for b in batches:
        rs = ratios[b]
        print(f"batch {b}: median ratio over {rounds} rounds {statistics.median(rs):.2f}x (lowest {min(rs):.2f}x, highest {max(rs):.2f}x)")
print(f"PyTorch: {peer['framework']}, BLAS {peer['blas']} ({os.environ.get('PEER_BLAS_DIR') or 'system default'}), threads {peer['threads']}")
PY
