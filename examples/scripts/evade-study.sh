#!/usr/bin/env bash
# The detector-evasion study of docs/detection.md ("Evasion study"): does training a generator
# against detector A (samegan train --evade A) lower A's detection rate, does that transfer to
# held-out detectors B and C that the generator never saw, and what does it cost in FD/KID?
#
#   examples/scripts/evade-study.sh [WORK_DIR]        (default: runs/evade-study)
#
# Environment: SG (the command line, default ./samegan from the repository root), LAMBDA (the
# weight of A's term, default 1), STEPS (GAN steps, default 1500). About 40 minutes on 2 loaded cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
SG=${SG:-$root/samegan}
LAMBDA=${LAMBDA:-1}
STEPS=${STEPS:-1500}
work=${1:-runs/evade-study}
mkdir -p "$work" && cd "$work"
t() { local s=$(date +%s); "$@"; echo "TIME $(( $(date +%s) - s )) s: $*" >> times.txt; }

# 1. Generators X (whose fakes train A) and Z (a different loss and seed, for B), both MLP GANs.
t $SG train --dataset fashion-mnist --model mlp --loss minimax --steps "$STEPS" --batch 64 --seed 1 --out X \
    --sample-every 500 --checkpoint-every 500 --progress-every 250
t $SG train --dataset fashion-mnist --model mlp --loss lsgan --steps "$STEPS" --batch 64 --seed 3 --out Z \
    --sample-every 500 --checkpoint-every 500 --progress-every 250
# 2. A: the detector trained against. B, C: held out (other seeds, architectures, training fakes).
t $SG detect train --real fashion-mnist:train --fake X --out A --arch 'resnet:widths=8,16,32;blocks=1' \
    --n 5000 --steps 400 --seed 0 --progress-every 100
t $SG detect train --real fashion-mnist:train --fake Z --out B --arch 'resnet:widths=16,32,64;blocks=1' \
    --n 5000 --steps 400 --seed 1 --progress-every 100
t $SG detect train --real fashion-mnist:train --fake X --fake Z --out C --arch 'resnet:widths=16,32,64;blocks=2' \
    --n 5000 --steps 400 --seed 2 --progress-every 100
# 3. F: a Fashion-MNIST classifier whose features FD/KID use.
t $SG classifier train --dataset fashion-mnist --out F.zip --arch 'resnet:widths=16,32,64;blocks=1' \
    --steps 600 --seed 5 --progress-every 100
# 4. The same GAN (seed 7) without and with --evade A, equal steps, watched by A, B and C.
common=(--dataset fashion-mnist --model mlp --loss minimax --steps "$STEPS" --batch 64 --seed 7
        --sample-every 300 --checkpoint-every 500 --progress-every 250
        --detect-every 150 --detector A --detector B --detector C --detect-n 500
        --eval-every 300 --eval-features classifier:F.zip --eval-n 1000 --report)
t $SG train "${common[@]}" --out G-plain
t $SG train "${common[@]}" --out G-evade --evade "A:$LAMBDA" --evade-start 300 --evade-ramp 300
# 5. Final scores: each detector on fresh samples of both generators (and X), clean, blurred, JPEG;
#    FD/KID against the test split.
for d in A B C; do
  t $SG detect eval --detector $d --real fashion-mnist:test --fake G-plain --fake G-evade --fake X \
      --n 2000 --blur 2 --jpeg 75 --out eval-$d.json
done
for g in G-plain G-evade; do
  t $SG evaluate --checkpoint $g --reference fashion-mnist:test --features classifier:F.zip --n 2000 \
      --kid-subsets 50 --out fd-$g.json
done
echo "Done: eval-{A,B,C}.json, fd-G-{plain,evade}.json, G-*/detection*.csv, G-*/eval.csv, G-*/report.html"
