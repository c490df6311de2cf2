#!/usr/bin/env bash
# Every shipped MNIST config's headline figure, for comparing two builds of the tool:
#   scripts/headlines.sh JAR OUT_DIR [MNIST_DIR]
# The fully-connected networks and the fits run as shipped; the convolutional networks and the
# diffusion model run a reduced budget (1 epoch on 5,000 training and 1,000 test images), since
# their shipped budgets take hours on a CPU; the CIFAR-10 configs are skipped when no CIFAR-10
# folder is given in CIFAR_DIR. Prints one line per config: name, headline figure, value, test figure.
set -euo pipefail
jar=$1
out=$2
mnist=${3:-../shared/data/mnist}
mkdir -p "$out"
reduced=(--set train.epochs=1 --set data.train_limit=5000 --set data.test_limit=1000)
run() { # name, command, extra args...
    local name=$1 command=$2
    shift 2
    if [ ! -f "$out/$name/summary.json" ]; then
        rm -rf "$out/$name"
        java -jar "$jar" "$command" -q --threads 2 --config "configs/$name.yaml" --set "data.dir=$mnist" \
            --out "$out/$name" "$@" > "$out/$name.log" 2>&1 || { echo "$name: failed, see $out/$name.log"; return; }
    fi
    python3 - "$out/$name/summary.json" "$name" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
h = s.get("headline") or {}
fig = h.get("figure")
def get(path):
    node = s
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node
value = get(fig) if fig else None
test = get(fig.replace("validation.", "test.")) if fig else None
extra = {k: s[k] for k in ("test_mean_log_likelihood", "cumulative_explained_variance_ratio", "bandwidth_factor") if k in s}
if "test" in s and isinstance(s["test"], dict):
    extra.update({"test." + k: v for k, v in s["test"].items() if isinstance(v, (int, float))})
print(f"{sys.argv[2]}: {fig} = {value}; test = {test}; {extra}")
PY
}
for name in vae-mnist ae-mnist ae-supervised-mnist swae-mnist swae-mnist-normal dae-mnist classifier-mnist gan-mnist; do
    run "$name" "train-${name%%-*}"
done
for name in vae-conv-mnist ae-conv-mnist swae-conv-mnist gan-conv-mnist; do
    run "$name" "train-${name%%-*}" "${reduced[@]}"
done
# oneDNN's AVX-512 convolution kernels return NaN gradients at random on some CPUs (docs/dev/engine.md);
# the U-Net meets them within a few steps there, so its rows run with them off
ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-SSE41} run diffusion-mnist train-diffusion "${reduced[@]}"
run gmm-mnist-pca50 fit-gmm
run gmm-blobs-2d fit-gmm
run gmm-three-bumps fit-gmm
run kde-mnist-pca2 fit-kde
run pca-mnist pca
