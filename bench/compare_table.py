"""The table of bench/compare.sh: per row, the median over rounds of each program at each thread
count, each program's best count, and the ratios genmodels / Python (below 1: genmodels faster).

Usage: /usr/bin/python3 bench/compare_table.py COMPARE_DIR
"""
import glob
import json
import os
import re
import statistics
import sys

ROWS = ["vae", "ae", "swae", "classifier", "iwae", "pca", "gmm", "gmm_em", "kde", "conv_vae"]
SOURCE = {"gmm_em": "gmm"}  # table rows read from another bench row's files
FIGURE = {  # the key of each row's compared figure, and what it is
    "vae": ("mean_epoch_seconds", "s per epoch"),
    "ae": ("mean_epoch_seconds", "s per epoch"),
    "swae": ("mean_epoch_seconds", "s per epoch"),
    "classifier": ("mean_epoch_seconds", "s per epoch"),
    "iwae": ("seconds", "s, K=500 on 10,000 images"),
    "pca": ("seconds", "s, covariance + eigendecomposition"),
    "gmm": ("seconds", "s, whole fit (k-means++ start and EM)"),
    "gmm_em": ("seconds_per_iteration", "s per EM iteration"),
    "kde": ("seconds", "s, 10,000 against 60,000 points"),
    "conv_vae": ("mean_epoch_seconds", "s per epoch"),
}
NAME = re.compile(r"(genmodels|python)-(\w+)-(auto|\d+)-r(\d+)\.json$")


def load(folder):
    """{(program, row, threads): [figure per round]}, and genmodels' auto choices per row."""
    values, chosen = {}, {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        m = NAME.search(os.path.basename(path))
        if not m:
            continue
        program, source, threads, _ = m.groups()
        with open(path) as f:
            data = json.load(f)
        figures = data["rows"].get(source)
        if figures is None:
            continue
        for row in [r for r in ROWS if SOURCE.get(r, r) == source]:
            values.setdefault((program, row, threads), []).append(figures[FIGURE[row][0]])
            if program == "genmodels" and threads == "auto":
                chosen.setdefault(row, []).append(figures.get("threads"))
    return values, chosen


def main():
    folder = sys.argv[1]
    values, chosen = load(folder)
    with open(os.path.join(folder, "machine.txt")) as f:
        print("".join("    " + line for line in f))
    print("| row | figure | genmodels default (--threads auto: chose) | genmodels by threads | Python by threads"
          " | default / Python best | genmodels best / Python best |")
    print("|---|---|---|---|---|---|---|")
    for row in ROWS:
        med = {k: statistics.median(v) for k, v in values.items() if k[1] == row}
        if not med:
            continue
        g = {t: v for (p, _, t), v in med.items() if p == "genmodels" and t != "auto"}
        p = {t: v for (p_, _, t), v in med.items() if p_ == "python"}
        auto = med.get(("genmodels", row, "auto"))
        if not g or not p or auto is None:
            continue
        g_best = min(g, key=g.get)
        p_best = min(p, key=p.get)
        picks = ", ".join(str(c) for c in chosen.get(row, []))
        rounds = len(values[("genmodels", row, "auto")])
        print(f"| {row} | {FIGURE[row][1]} | {auto:.3f} (chose {picks}) | "
              + ", ".join(f"{t}: {v:.3f}" for t, v in sorted(g.items(), key=lambda kv: int(kv[0]))) + " | "
              + ", ".join(f"{t}: {v:.3f}" for t, v in sorted(p.items(), key=lambda kv: int(kv[0]))) + " | "
              + f"**{auto / p[p_best]:.2f}** (vs {p[p_best]:.3f} at {p_best}) | "
              + f"{g[g_best] / p[p_best]:.2f} ({g_best} vs {p_best}) |")
    print()
    print("Medians over %s rounds; each program ran alternately (A B, then B A), at each thread count." % rounds)


if __name__ == "__main__":
    main()
