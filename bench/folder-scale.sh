#!/usr/bin/env bash
# Folder data at CelebA scale: first decode, cached load (a fresh JVM) and the peak resident memory
# of a 1-epoch conv VAE run, for a folder of N colour images made by bench/make-image-folder.py.
#
#   bench/folder-scale.sh JAR DATA_DIR OUT_DIR [label]
#
# DATA_DIR is handed to data.dir as it is (a flat folder, or train/ and test/). The decode cache goes
# to OUT_DIR/cache (emptied first), each run's output to OUT_DIR. GNU time's "Maximum resident set
# size" is the peak resident memory. The VAE trains on the first 20,000 training images
# (data.train_limit) while the whole folder is loaded, so the memory is the data's plus the run's.
set -euo pipefail
jar=$1 data=$2 out=$3 label=${4:-run}
mkdir -p "$out"
rm -rf "$out/cache" "$out/$label-"*
export GENMODELS_CACHE_DIR="$out/cache"
vae=(--set data.dataset=folder --set "data.dir=$data" --set model.architecture=conv --set "model.channels=[32, 64]"
  --set "model.hidden=[]" --set model.latent_dim=32 --set data.train_limit=20000 --set train.epochs=1 --threads 2)
measure() { # name, then the command
  local name=$1; shift
  /usr/bin/time -v "$@" > "$out/$label-$name.log" 2>&1 || { echo "$name failed: see $out/$label-$name.log"; return 1; }
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$out/$label-$name.log" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$out/$label-$name.log" | awk '{print $NF}')
  printf '%s %-14s wall %s, peak resident %.2f GB\n' "$label" "$name" "$wall" "$(echo "$rss / 1048576" | bc -l)"
}
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
measure first-decode java -jar "$jar" train-vae --dry-run "${vae[@]}"
measure cached-load java -jar "$jar" train-vae --dry-run "${vae[@]}"
measure vae-1-epoch java -jar "$jar" train-vae "${vae[@]}" --out "$out/$label-vae"
