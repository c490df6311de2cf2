#!/usr/bin/env bash
# Side-by-side speed of genmodels and the Python references (PyTorch, NumPy, scikit-learn, SciPy),
# in one run, alternating the programs row by row and round by round (A B, then B A), each at
# every thread count worth trying: genmodels with its default --threads auto and with 1 and all
# cores; each Python with 1 and all cores (OMP_WAIT_POLICY=PASSIVE, as genmodels sets for itself).
# The table then compares genmodels' default and best against each Python's best, per row, with
# medians over the rounds.
#
# Usage: bench/compare.sh --data MNIST_DIR [--rows vae,ae,swae,classifier,iwae,pca,gmm,kde,conv_vae]
#                         [--rounds 2] [--epochs 2] [--out DIR] [--npz FILE] [--python PATH]...
# --python PATH: a Python with numpy, torch, scikit-learn and scipy (repeatable; default
# /usr/bin/python3, Debian's PyTorch 1.13). The current PyTorch beside it: docs/guide/hardware.md
# says how to make a virtual environment of the torch 2.14.1 wheel, then
#   bench/compare.sh --data DIR --python /usr/bin/python3 --python ~/torch214/bin/python
# --npz FILE: the training rows train on the images of an .npz archive on both sides (e.g. colour
# 32x32 digits from bench/image_datasets.py, with --rows conv_vae: the colour 32x32 row).
# Needs target/genmodels.jar (mvn -q package -DskipTests) and, for the default, /usr/bin/python3
# with numpy, torch, scikit-learn and scipy (apt-get install python3-torch python3-sklearn python3-scipy).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=
rows=vae,ae,swae,classifier,iwae,pca,gmm,kde
rounds=2
epochs=2
out=runs/compare-$(date +%Y%m%d-%H%M%S)
npz=
pythons=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --npz) npz=$2; shift 2 ;;
    --python) pythons+=("$2"); shift 2 ;;
    *) echo "unknown option $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
jar=$here/../target/genmodels.jar
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
[ -n "$data" ] && [ -d "$data" ] || { echo "give --data DIR, a folder with the four MNIST IDX files" >&2; exit 2; }
[ ${#pythons[@]} -gt 0 ] || pythons=(/usr/bin/python3)
tags=()
for py in "${pythons[@]}"; do
  "$py" -c 'import numpy, torch, sklearn, scipy' 2>/dev/null \
    || { echo "$py lacks numpy/torch/sklearn/scipy (for /usr/bin/python3: apt-get install python3-torch python3-sklearn python3-scipy)" >&2; exit 2; }
  tags+=("$("$py" -c 'import torch; print(torch.__version__.replace("+", "_"))')") # the files' name for it
done
mkdir -p "$out"
cores=$(nproc)
counts="1"; [ "$cores" -gt 1 ] && counts="1 $cores"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "java: $(java -version 2>&1 | head -1)"
  for py in "${pythons[@]}"; do
    echo "python: $py: $("$py" -c 'import sys, torch, numpy, sklearn, scipy; print(sys.version.split()[0], "torch", torch.__version__, "numpy", numpy.__version__, "sklearn", sklearn.__version__, "scipy", scipy.__version__)')"
  done
  echo "rows: $rows; rounds: $rounds; epochs per training row: $epochs${npz:+; training images from $npz}"
} | tee "$out/machine.txt"

genmodels() { # row threads round
  local source=(--set data.dir="$data")
  [ -n "$npz" ] && source=(--set data.dataset=npz --set data.file="$npz")
  java -jar "$jar" bench "${source[@]}" --what "$1" --threads "$2" --epochs "$epochs" \
    --profile-batches 20 --json "$out/genmodels-$1-$2-r$3.json" > "$out/genmodels-$1-$2-r$3.log" 2>&1
  echo "  genmodels $1 --threads $2: $(grep -E '^   ' "$out/genmodels-$1-$2-r$3.log" | head -1 | xargs)"
}
python() { # row threads round: every Python in turn
  local i order=("${!pythons[@]}")
  [ $(($3 % 2)) -eq 0 ] && order=($(printf '%s\n' "${order[@]}" | tac)) # alternate the Pythons too
  for i in "${order[@]}"; do
    local name="python@${tags[$i]}-$1-$2-r$3"
    OMP_WAIT_POLICY=PASSIVE "${pythons[$i]}" "$here/python_reference.py" --data "$data" ${npz:+--npz "$npz"} --rows "$1" \
      --threads "$2" --epochs "$epochs" --json "$out/$name.json" > "$out/$name.log" 2>&1
    echo "  python torch ${tags[$i]} $1 threads $2: $(tail -1 "$out/$name.log")"
  done
}
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  for row in ${rows//,/ }; do
    if [ $((round % 2)) -eq 1 ]; then
      genmodels "$row" auto "$round"; for t in $counts; do genmodels "$row" "$t" "$round"; done
      for t in $counts; do python "$row" "$t" "$round"; done
    else
      for t in $counts; do python "$row" "$t" "$round"; done
      genmodels "$row" auto "$round"; for t in $counts; do genmodels "$row" "$t" "$round"; done
    fi
  done
done
/usr/bin/python3 "$here/compare_table.py" "$out" | tee "$out/table.md"
