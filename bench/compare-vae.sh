#!/usr/bin/env bash
# Side-by-side training speed of the default VAE: genmodels (DJL) and the pytorch/examples
# reference (Debian's python3-torch), on the same machine, one after the other, in one run.
# Usage: bench/compare-vae.sh [MNIST_DIR] [EPOCHS]      (needs target/genmodels.jar)
set -euo pipefail
data=${1:-../shared/data/mnist}
epochs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/genmodels.jar"
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for threads in 1 2; do
  echo "== genmodels bench, $threads thread(s)"
  java -jar "$jar" bench --set data.dir="$data" --threads "$threads" --epochs "$epochs"
  echo "== PyTorch reference (python3-torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')), $threads thread(s)"
  /usr/bin/python3 "$here/vae_reference.py" --data "$data" --epochs "$epochs" --threads "$threads"
done
