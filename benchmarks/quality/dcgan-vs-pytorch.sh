#!/usr/bin/env bash
# Quality evidence (docs/metrics.md, "SameGAN vs PyTorch: the same DCGAN, the same protocol"):
# SameGAN's DCGAN and the identical PyTorch DCGAN (benchmarks/pytorch/dcgan_train_peer.py) trained
# on Fashion-MNIST for the same STEPS with the same recipe (non-saturating minimax, Adam 2e-4
# betas 0.5/0.999 for both networks, batch 64, one D then one G update per step, N(0, 0.02) init,
# no EMA), one run per seed and side; N samples of each final G (inference-mode batch norm) as a PNG
# folder; all scored by the same `samegan evaluate --features classifier:FILE --reference
# fashion-mnist:test --n N`. Also scores N random training images the same way (the real-vs-real
# noise floor). Writes OUT/summary.md (per seed, mean ± sd) and OUT/times.csv.
#
# Usage: [STEPS=1500] [SEEDS="1 2 3"] [N=5000] [OUT=runs/dcgan-vs-pytorch] [CLASSIFIER=FILE]
#        [CLASSIFIER_STEPS=400] [SKIP_BUILD=1] benchmarks/quality/dcgan-vs-pytorch.sh
# CLASSIFIER: an existing `samegan classifier train --dataset fashion-mnist` zip; without it one is
# trained once into OUT/fmnist-resnet8.zip. Every stage whose output exists is skipped, so an
# interrupted run resumes. The training runs go PARALLEL (default 2) at a time, each with
# OMP_NUM_THREADS (default 1) threads. Needs Debian's python3-torch,
# python3-numpy, python3-pil and Fashion-MNIST where `samegan train --dataset fashion-mnist` finds it
# (Debian: apt-get install dataset-fashion-mnist).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
steps=${STEPS:-1500}
seeds=(${SEEDS:-1 2 3})
n=${N:-5000}
out=${OUT:-runs/dcgan-vs-pytorch}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
py=/usr/bin/python3
mkdir -p "$out/eval"
out=$(cd "$out" && pwd)

# SameGAN from this checkout without installing anything: package the modules, then run the CLI
# from a private copy of their jars plus Maven's class path for the third-party ones.
if [ ! -f "$out/cp.txt" ]; then
  if [ -z "${SKIP_BUILD:-}" ]; then
    nice -n 19 mvn -o -q -B -DskipTests -Djacoco.skip=true package -pl examples -am
  fi
  mvn -o -q -B dependency:build-classpath -Dmdep.outputFile="$out/maven-cp.txt" -pl examples
  mkdir -p "$out/lib"
  for m in gan-core gan-losses gan-models gan-data gan-eval gan-detect; do
    cp "$m/target/$m-"*[0-9T].jar "$out/lib/"
  done
  cp examples/target/samegan-examples-*[0-9T].jar "$out/lib/"
  { ls "$out"/lib/*.jar | paste -sd: -; tr ':' '\n' < "$out/maven-cp.txt" | grep -v '/io/github/samegan/' \
      | paste -sd: -; } | paste -sd: - > "$out/cp.txt"
fi
cp=$(cat "$out/cp.txt")
sg() { nice -n 19 java ${SAMEGAN_JAVA_OPTS:--Xmx2g} -cp "$cp" io.github.samegan.examples.cli.SameGan "$@"; }
timed() { # timed NAME CMD...: runs CMD, appends NAME,seconds to times.csv
  local name=$1 t0
  shift
  t0=$(date +%s)
  "$@"
  echo "$name,$(($(date +%s) - t0))" >> "$out/times.csv"
}
[ -f "$out/times.csv" ] || echo "stage,seconds" > "$out/times.csv"

classifier=${CLASSIFIER:-$out/fmnist-resnet8.zip}
if [ ! -f "$classifier" ]; then
  timed classifier sg classifier train --dataset fashion-mnist --steps "${CLASSIFIER_STEPS:-400}" \
    --batch 64 --out "$classifier" > "$out/classifier.log" 2>&1
fi
if [ ! -d "$out/fmnist_png" ]; then # the training split as PNGs for the PyTorch side (32x32 gray)
  sg data augment --dataset fashion-mnist --factor 1 --augment none --out "$out/fmnist_png" > /dev/null
fi

samegan_run() {
  local s=$1 run=$out/samegan-s$1
  if [ ! -f "$run/checkpoints/last.ckpt" ]; then
    rm -rf "$run"
    timed "samegan-train-s$s" sg train --dataset fashion-mnist --model dcgan --loss minimax \
      --optimizer adam --g-lr 2e-4 --d-lr 2e-4 --beta1 0.5 --beta2 0.999 --n-critic 1 --ema 0 \
      --batch 64 --steps "$steps" --seed "$s" --sample-every "$steps" --checkpoint-every "$steps" \
      --progress-every 100 --out "$run" > "$run.log" 2>&1
  fi
  if [ ! -f "$run-samples.json" ]; then
    rm -rf "$run-samples"
    timed "samegan-sample-s$s" sg sample --checkpoint "$run" --format png-dir --n "$n" --seed "$s" \
      --out "$run-samples" >> "$run.log" 2>&1
  fi
}
pytorch_run() {
  local s=$1 run=$out/pytorch-s$1
  if [ ! -f "$run-samples.done" ]; then
    rm -rf "$run-samples"
    timed "pytorch-train+sample-s$s" nice -n 19 "$py" benchmarks/pytorch/dcgan_train_peer.py \
      --data "$out/fmnist_png" --steps "$steps" --seed "$s" --threads "$OMP_NUM_THREADS" \
      --out "$run" --save-samples "$n" --samples-out "$run-samples" > "$run.log" 2>&1
    touch "$run-samples.done"
  fi
}
real_subset() { # N random training images (seeded) as one flat PNG folder
  local s=$1 dir=$out/real-train-s$1
  [ -f "$dir.done" ] && return
  rm -rf "$dir"
  "$py" - "$out/fmnist_png" "$dir" "$n" "$s" <<'PY'
import glob, os, random, shutil, sys
src, dst, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
files = sorted(glob.glob(os.path.join(src, "**", "*.png"), recursive=True))
os.makedirs(dst)
for i, f in enumerate(random.Random(seed).sample(files, n)):
    shutil.copyfile(f, os.path.join(dst, f"{i:06d}.png"))
PY
  touch "$dir.done"
}
evaluate() { # evaluate NAME FOLDER
  [ -f "$out/eval/$1.json" ] && return
  timed "evaluate-$1" sg evaluate --images "$2" --reference fashion-mnist:test --n "$n" \
    --features "classifier:$classifier" --out "$out/eval/$1.json" > "$out/eval/$1.txt" 2>&1
}

# The six (2 x seeds) training runs, PARALLEL (default 2) at a time, the slower SameGAN ones first.
jobs=()
for s in "${seeds[@]}"; do jobs+=("samegan_run $s"); done
for s in "${seeds[@]}"; do jobs+=("pytorch_run $s"); done
running=0
for j in "${jobs[@]}"; do
  if [ "$running" -ge "${PARALLEL:-2}" ]; then
    wait -n
    running=$((running - 1))
  fi
  $j &
  running=$((running + 1))
done
wait
for s in "${seeds[@]}"; do
  evaluate "samegan-s$s" "$out/samegan-s$s-samples"
  evaluate "pytorch-s$s" "$out/pytorch-s$s-samples"
  real_subset "$s"
  evaluate "real-train-s$s" "$out/real-train-s$s"
done

"$py" - "$out" "$steps" "$n" "${seeds[@]}" <<'PY' | tee "$out/summary.md"
import json, statistics, sys
out, steps, n, seeds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
print(f"steps {steps}, N = {n} generated vs {n} Fashion-MNIST test images, seeds {' '.join(seeds)}\n")
print("| Side | Seed | FD | KID mean ± std (100 subsets) |")
print("| --- | ---: | ---: | ---: |")
rows = {}
for side in ("samegan", "pytorch", "real-train"):
    for s in seeds:
        r = json.load(open(f"{out}/eval/{side}-s{s}.json"))
        fd, kid = r["fd"], r["kid"]
        rows.setdefault(side, []).append((fd, kid["mean"]))
        print(f"| {side} | {s} | {fd:.3f} | {kid['mean']:.4f} ± {kid['std']:.4f} |")
print("\n| Side | FD mean ± sd | KID mean ± sd |")
print("| --- | ---: | ---: |")
for side, v in rows.items():
    fds, kids = [x[0] for x in v], [x[1] for x in v]
    sd = lambda xs: statistics.stdev(xs) if len(xs) > 1 else float("nan")
    print(f"| {side} | {statistics.mean(fds):.3f} ± {sd(fds):.3f} | {statistics.mean(kids):.4f} ± {sd(kids):.4f} |")
PY
