#!/usr/bin/env bash
# The measured effects of the training recipe (train.lr_schedule, train.ema, data.augment,
# train.accumulate, train.precision), each against the same config without the option, at a CPU
# budget small enough for a 2-core machine (about an hour in all):
#
#   scripts/recipe-effects.sh JAR OUT_DIR MNIST_DIR TINTED_NPZ [PART ...]
#
# PART is any of precision, accumulation, augment, gan, diffusion (default: all, in that order).
# TINTED_NPZ is the colour 32x32 set of scripts/tinted-fashion.py. Runs that finished are reused.
# Prints one line per run and writes OUT_DIR/effects.txt.
set -euo pipefail
jar=$1
out=$2
mnist=$3
npz=$4
shift 4
parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=(precision accumulation augment gan diffusion)
mkdir -p "$out"
cd "$(dirname "$0")/.."

train() { # name, command, args...
  local name=$1 command=$2
  shift 2
  if [[ ! -f "$out/$name/summary.json" ]]; then
    rm -rf "$out/$name"
    java -jar "$jar" "$command" -q --threads 2 --out "$out/$name" "$@" > "$out/$name.log" 2>&1 \
      || { echo "$name: failed, see $out/$name.log"; return; }
  fi
  python3 - "$out/$name/summary.json" "$name" <<'PY' | tee -a "$out/effects.txt"
import json, sys
s = json.load(open(sys.argv[1]))
test = {k: round(v, 4) for k, v in s["test"].items()}
raw = {k: round(v, 4) for k, v in s.get("test_raw", {}).items()}
lr = s.get("schedule", {})
print(f"{sys.argv[2]}: test {test}" + (f"; trained weights {raw}" if raw else "")
      + f"; last lr {lr}; {s['epoch_seconds']:.1f} s/epoch, {s['images_per_second']:.0f} img/s")
PY
}

fd() { # run, weights, classifier
  local run=$1 weights=$2 classifier=$3
  java -jar "$jar" evaluate --threads 2 --checkpoint "$out/$run" --weights "$weights" --classifier "$classifier" \
    --samples 2000 --importance-samples 0 > "$out/$run-eval-$weights.log" 2>&1 || { echo "$run $weights: failed"; return; }
  python3 - "$out/$run/eval.json" "$run" "$weights" <<'PY' | tee -a "$out/effects.txt"
import json, sys
def find(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                return v
            hit = find(v, key)
            if hit is not None:
                return hit
    return None
e = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]} {sys.argv[3]} weights ({find(e, 'weights')}): classifier-feature FD"
      f" {find(e, 'classifier_feature_frechet_distance')}")
PY
}

mnist_args=(--set "data.dir=$mnist")
for part in "${parts[@]}"; do
  case $part in
  precision) # bf16 against float32 on the CPU: figures and time per epoch
    for p in fp32 bf16; do
      train "vae-$p" train-vae "${mnist_args[@]}" --set train.precision=$p
      train "vae-conv-$p" train-vae --config configs/vae-conv-mnist.yaml "${mnist_args[@]}" --set train.epochs=3 \
        --set data.train_limit=10000 --set data.test_limit=2000 --set train.precision=$p
    done ;;
  accumulation) # K = 4 micro-batches of 32 against batches of 128
    train vae-batch128 train-vae "${mnist_args[@]}"
    train vae-batch32x4 train-vae "${mnist_args[@]}" --set train.batch_size=32 --set train.accumulate=4 ;;
  augment) # the conv VAE on a colour 32x32 set, with and without random flips
    for seed in 1 2 3; do
      for aug in none hflip; do
        list="[]"; [[ $aug == hflip ]] && list="[hflip]"
        train "vae-tinted-$aug-s$seed" train-vae --config configs/vae-conv-cifar10.yaml --set data.dataset=npz \
          --set "data.file=$npz" --set data.train_limit=10000 --set data.test_limit=2000 --set data.validation=1000 \
          --set train.epochs=4 --set train.early_stopping=null --set "data.augment=$list" --set train.seed=$seed
      done
    done ;;
  gan) # the conv GAN's FD from its trained and its averaged generator (one run gives both)
    train classifier train-classifier "${mnist_args[@]}"
    for seed in 1 2 3; do
      train "gan-conv-ema-s$seed" train-gan --config configs/gan-conv-mnist.yaml "${mnist_args[@]}" \
        --set data.train_limit=10000 --set data.test_limit=2000 --set train.epochs=3 --set train.ema.decay=0.999 \
        --set train.seed=$seed
      fd "gan-conv-ema-s$seed" raw "$out/classifier"
      fd "gan-conv-ema-s$seed" averaged "$out/classifier"
    done ;;
  diffusion) # warm-up then cosine against the constant rate
    export ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-SSE41} # the U-Net meets oneDNN's NaN gradients otherwise
    for seed in 1 2 3; do
      for schedule in constant cosine; do
        extra=()
        [[ $schedule == cosine ]] && extra=(--set train.lr_schedule.name=cosine --set train.lr_schedule.warmup_steps=20
          --set train.lr_schedule.min_lr=1.0e-5)
        train "diffusion-$schedule-s$seed" train-diffusion "${mnist_args[@]}" --set data.train_limit=5000 \
          --set data.test_limit=1000 --set data.validation=1000 --set train.epochs=3 --set train.seed=$seed "${extra[@]}"
      done
    done ;;
  *) echo "unknown part $part"; exit 2 ;;
  esac
done
