#!/usr/bin/env bash
# Resident memory of a long train-vae run: trains EPOCHS epochs (default 50) and reports the
# process's resident memory after each epoch (metrics.csv, column resident_mb), and how far it
# moved after epoch 5. Usage: bench/memory-vae.sh MNIST_DIR [EPOCHS] [OUT]
set -euo pipefail
data=${1:?usage: bench/memory-vae.sh MNIST_DIR [EPOCHS] [OUT]}
epochs=${2:-50}
out=${3:-runs/memory-vae-$(date +%Y%m%d-%H%M%S)}
here=$(cd "$(dirname "$0")" && pwd)
java -jar "$here/../target/genmodels.jar" train-vae --set data.dir="$data" --set train.epochs="$epochs" \
  --set output.sample_every=10 --out "$out" -q > /dev/null
report() {
  awk -F, 'NR > 1 && $2 == "train" { rss[$1] = $NF; if ($1 > n) n = $1 }
    END {
      base = rss[5]; lo = base; hi = base
      for (e = 5; e <= n; e++) { if (rss[e] < lo) lo = rss[e]; if (rss[e] > hi) hi = rss[e] }
      printf "resident MB after epoch 1: %.0f, 5: %.0f, %d: %.0f\n", rss[1], base, n, rss[n]
      printf "epochs 5-%d: min %.0f, max %.0f, max / epoch-5 = %.3f\n", n, lo, hi, hi / base
    }' "$out/metrics.csv"
}
report
