#!/usr/bin/env bash
# The GPU check, in two halves: `prepare` here (a JDK, Maven, the DJL sources), `run` on the GPU
# machine (PyTorch with CUDA, nvcc, CMake, a C++ compiler; no Java, no network).
#
#   scripts/gpu-check.sh prepare MNIST_DIR DJL_SOURCE_DIR [OUT]   # OUT default native/gpu-check
#   scripts/gpu-check.sh run [OUT]                                # on the GPU machine, from the repo root
#
# prepare writes OUT (git-ignored, at most 64 MiB, checked): genmodels-cuda.jar (mvn clean package
# -Pcuda: no CPU libtorch inside), jre.tar.gz (scripts/java-runtime.sh), mnist/ (the four IDX
# files), djl-native.tar.gz (DJL's native sources), jni-headers/ (build-torch-jni.sh --jni-headers).
# It rebuilds the ordinary CPU jar at the end.
#
# run builds DJL's JNI against the machine's Python torch (build-torch-jni.sh with JNI_HEADER_DIR),
# trains the default VAE for 2 epochs with seed 1 on the CPU and on CUDA, trains the same VAE in
# PyTorch eager on the same GPU (bench/python_reference.py --device cuda), samples nvidia-smi's
# memory while genmodels trains, and prints both -ELBOs, images per second, the ratio to PyTorch and
# the peak GPU memory; then the CUDA run again in bf16 mixed precision (train.precision).
# GPU_CHECK_SKIP_GPU=1 (or no nvidia-smi) skips the GPU steps: the rehearsal.
# PYTHON names the Python with torch (default python3).
set -euo pipefail
die() { echo "gpu-check: $*" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
limit=$((64 * 1024 * 1024))

prepare() {
  local mnist=$1 djl=$2 out=${3:-$here/native/gpu-check}
  [[ -f "$djl/engines/pytorch/pytorch-native/CMakeLists.txt" ]] || die "no DJL native sources under '$djl' (see docs/guide/hardware.md)"
  ls "$mnist"/train-images-idx3-ubyte* >/dev/null 2>&1 || die "no MNIST IDX files in '$mnist'"
  rm -rf "$out" && mkdir -p "$out/mnist"
  (cd "$here" && mvn -q -B clean package -Pcuda -DskipTests) && cp "$here/target/genmodels.jar" "$out/genmodels-cuda.jar"
  "$here/scripts/java-runtime.sh" "$out/genmodels-cuda.jar" "$out/jre" >/dev/null && rm -rf "$out/jre"
  cp "$mnist"/*-idx?-ubyte* "$out/mnist/"
  tar -czf "$out/djl-native.tar.gz" -C "$djl" engines/pytorch/pytorch-native api/src/main/native \
    engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni $(cd "$djl" && ls gradle/libs.versions.toml 2>/dev/null)
  "$here/scripts/build-torch-jni.sh" --jni-headers "$djl" "$out/jni-headers" >/dev/null
  (cd "$here" && mvn -q -B clean package -DskipTests) # the ordinary CPU jar again
  local size
  size=$(du -sb "$out" | cut -f1)
  local tree
  tree=$(cd "$here" && git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
  (( size + tree <= limit )) || die "$out ($size bytes) and the repository ($tree) exceed the 64 MiB a device run carries"
  du -sh "$out"/* | sed 's/^/  /'
  echo "prepared $out: $((size / 1048576)) MiB (+ $((tree / 1048576)) MiB of repository); on the GPU machine: scripts/gpu-check.sh run"
}

# genmodels' figures of one run folder: test -ELBO, images per second of the last epoch (columns by name)
figures() {
  awk -F, 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i}
    $2 == "test" {e = $c["neg_elbo"]} $2 == "train" {ips = $c["images_per_second"]}
    END {printf "%s %s", e, ips}' "$1/metrics.csv"
}

run() {
  local out=${1:-$here/native/gpu-check} python=${PYTHON:-python3}
  [[ -f "$out/genmodels-cuda.jar" ]] || die "no $out/genmodels-cuda.jar: scripts/gpu-check.sh prepare first"
  local gpu=1
  [[ "${GPU_CHECK_SKIP_GPU:-0}" == 1 ]] && gpu=0
  command -v nvidia-smi >/dev/null || gpu=0
  local work="$out/work" start=$SECONDS
  rm -rf "$work" && mkdir -p "$work/djl"
  tar -xzf "$out/jre.tar.gz" -C "$work" && tar -xzf "$out/djl-native.tar.gz" -C "$work/djl"
  local torch_dir
  torch_dir=$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))') || die "$python has no torch"
  echo "== JNI against $("$python" -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda)')"
  JNI_HEADER_DIR="$out/jni-headers" "$here/scripts/build-torch-jni.sh" "$torch_dir" "$work/djl" "$work/jni" | tail -4
  # shellcheck disable=SC1091
  source "$work/jni/env.sh"
  local java="$work/jre/bin/java -jar $out/genmodels-cuda.jar"
  local common=(train-vae --set data.dir="$out/mnist" --set train.epochs=2 --set train.seed=1 -q)
  echo "== genmodels, CPU"
  $java "${common[@]}" --device cpu --out "$work/vae-cpu" | grep '^done'
  read -r cpu_elbo cpu_ips <<<"$(figures "$work/vae-cpu")"
  if (( gpu )); then
    echo "== genmodels, CUDA"
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >"$work/smi.txt" &
    local smi=$!
    $java "${common[@]}" --device gpu --out "$work/vae-gpu" | grep '^done'
    kill "$smi" 2>/dev/null || true
    read -r gpu_elbo gpu_ips <<<"$(figures "$work/vae-gpu")"
    echo "== genmodels, CUDA, train.precision bf16 (bfloat16 forward and backward, float32 weights)"
    $java "${common[@]}" --device gpu --set train.precision=bf16 --out "$work/vae-gpu-bf16" | grep '^done'
    read -r bf16_elbo bf16_ips <<<"$(figures "$work/vae-gpu-bf16")"
    echo "== PyTorch eager, CUDA"
    "$python" "$here/bench/python_reference.py" --data "$out/mnist" --rows vae --epochs 2 --device cuda \
      --json "$work/pytorch-gpu.json" | tail -1
    local py_ips
    py_ips=$("$python" -c "import json; print(json.load(open('$work/pytorch-gpu.json'))['rows']['vae']['images_per_second'])")
    echo "== figures (2 epochs, seed 1)"
    echo "test -ELBO: CPU $cpu_elbo, CUDA $gpu_elbo, CUDA bf16 $bf16_elbo"
    echo "images/s: CPU $cpu_ips, CUDA $gpu_ips, CUDA bf16 $bf16_ips, PyTorch eager CUDA $py_ips (genmodels / PyTorch $(awk -v a="$gpu_ips" -v b="$py_ips" 'BEGIN {printf "%.2f", a / b}'))"
    echo "peak GPU memory (nvidia-smi, MiB): $(sort -n "$work/smi.txt" | tail -1)"
  else
    echo "== figures (2 epochs, seed 1; GPU steps skipped: GPU_CHECK_SKIP_GPU=1 or no nvidia-smi)"
    echo "test -ELBO: CPU $cpu_elbo; images/s: CPU $cpu_ips"
  fi
  echo "gpu-check: $((SECONDS - start)) s"
}

case "${1:-}" in
  prepare) shift; [[ $# -ge 2 ]] || die "usage: scripts/gpu-check.sh prepare MNIST_DIR DJL_SOURCE_DIR [OUT]"; prepare "$@" ;;
  run) shift; run "$@" ;;
  *) die "usage: scripts/gpu-check.sh prepare MNIST_DIR DJL_SOURCE_DIR [OUT] | run [OUT]" ;;
esac
