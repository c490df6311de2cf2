#!/usr/bin/env bash
# Training speed of train-gan (gan-conv-mnist.yaml) and train-diffusion (diffusion-mnist.yaml)
# beside bench/gan_diffusion_reference.py (the same networks in plain PyTorch), in one run,
# alternating the two programs (A B, then B A) at 1 thread and at all cores. Both train on the
# first --images training images; the figure is the training pass's seconds scaled to 60,000
# images (genmodels: the train seconds of metrics.csv, evaluation excluded, as on the Python side).
#
# Usage: bench/gan_diffusion_compare.sh --data MNIST_DIR [--rounds 2] [--gan-images 6400]
#                                       [--diffusion-images 2560] [--out DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=; rounds=2; gan_images=6400; diffusion_images=2560
out=runs/compare-gan-diffusion-$(date +%Y%m%d-%H%M%S)
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --gan-images) gan_images=$2; shift 2 ;;
    --diffusion-images) diffusion_images=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
jar=$here/../target/genmodels.jar
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 2; }
[ -n "$data" ] && [ -d "$data" ] || { echo "give --data DIR, a folder with the four MNIST IDX files" >&2; exit 2; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "/usr/bin/python3 lacks torch: apt-get install python3-torch" >&2; exit 2; }
mkdir -p "$out"
cores=$(nproc); counts="1"; [ "$cores" -gt 1 ] && counts="1 $cores"
echo "machine: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')" | tee "$out/machine.txt"

genmodels() { # model threads round images
  local config=gan-conv-mnist.yaml command=train-gan
  [ "$1" = diffusion ] && config=diffusion-mnist.yaml command=train-diffusion
  local run=$out/genmodels-$1-$2-r$3
  java -jar "$jar" "$command" --config "$here/../configs/$config" --set data.dir="$data" --set data.train_limit="$4" \
    --set data.test_limit=100 --set train.epochs=1 --set output.sample_every=0 --threads "$2" -q --out "$run" > "$run.log" 2>&1
  local s; s=$(awk -F, 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "seconds") c = i} $2 == "train" {print $c}' "$run/metrics.csv")
  echo "genmodels $1 threads $2: $s s for $4 images, $(echo "$s * 60000 / $4" | bc -l | xargs printf %.1f) s per epoch" \
    | tee -a "$out/results.txt"
}
python() { # model threads round images
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$here/gan_diffusion_reference.py" --data "$data" --model "$1" \
    --threads "$2" --images "$4" | sed 's/^/python    /' | tee -a "$out/results.txt"
}
for round in $(seq 1 "$rounds"); do
  echo "== round $round"
  for model in gan diffusion; do
    images=$gan_images; [ "$model" = diffusion ] && images=$diffusion_images
    if [ $((round % 2)) -eq 1 ]; then
      for t in $counts; do genmodels $model "$t" "$round" "$images"; python $model "$t" "$round" "$images"; done
    else
      for t in $counts; do python $model "$t" "$round" "$images"; genmodels $model "$t" "$round" "$images"; done
    fi
  done
done
echo "== best per program (seconds per 60,000-image epoch, median over rounds at each thread count)"
/usr/bin/python3 - "$out/results.txt" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\w+)\s+(\w+) threads (\d+): .* ([\d.]+) s per epoch", line)
    if m:
        rows.setdefault((m[2], m[1], int(m[3])), []).append(float(m[4]))
for model in ("gan", "diffusion"):
    best = {}
    for (mo, prog, t), v in sorted(rows.items()):
        if mo == model:
            med = statistics.median(v)
            print(f"  {model:9s} {prog:9s} threads {t}: {med:.1f} s per epoch (rounds: {', '.join(f'{x:.1f}' for x in v)})")
            if prog not in best or med < best[prog][0]:
                best[prog] = (med, t)
    if len(best) == 2:
        g, p = best["genmodels"], best["python"]
        print(f"  {model}: genmodels best {g[0]:.1f} s ({g[1]} threads) vs PyTorch best {p[0]:.1f} s ({p[1]} threads):"
              f" ratio {g[0] / p[0]:.2f}")
PY
