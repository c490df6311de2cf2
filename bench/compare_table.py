"""The table of bench/compare.sh: per row, the median over rounds of each program at each thread
count, each program's best count, and the ratios genmodels / each Python (below 1: genmodels
faster). Each Python is named by its torch version (files python@VERSION-...; plain python-... from
compare runs before several Pythons).

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
NAME = re.compile(r"(genmodels|python(?:@[\w.]+)?)-(\w+)-(auto|\d+)-r(\d+)\.json$")


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


def joined(by_threads):
    return ", ".join(f"{t}: {v:.3f}" for t, v in sorted(by_threads.items(), key=lambda kv: int(kv[0])))


def torch_name(program):
    return "PyTorch " + program.split("@", 1)[1].replace("_", "+") if "@" in program else "Python"


def main():
    folder = sys.argv[1]
    values, chosen = load(folder)
    pythons = sorted({p for (p, _, _) in values if p != "genmodels"})
    with open(os.path.join(folder, "machine.txt")) as f:
        print("".join("    " + line for line in f))
    print("| row | figure | genmodels default (--threads auto: chose) | genmodels by threads | "
          + " | ".join(f"{torch_name(p)} by threads | default / {torch_name(p)} best" for p in pythons)
          + " | genmodels best / best Python |")
    print("|---|---|---|---|" + "---|---|" * len(pythons) + "---|")
    for row in ROWS:
        med = {k: statistics.median(v) for k, v in values.items() if k[1] == row}
        g = {t: v for (p, _, t), v in med.items() if p == "genmodels" and t != "auto"}
        auto = med.get(("genmodels", row, "auto"))
        py = {p: {t: v for (p_, _, t), v in med.items() if p_ == p} for p in pythons}
        if not g or auto is None or not all(py.values()):
            continue
        g_best = min(g, key=g.get)
        cells = []
        best_overall = None
        for p in pythons:
            best = min(py[p], key=py[p].get)
            cells.append(f"{joined(py[p])} | **{auto / py[p][best]:.2f}** (vs {py[p][best]:.3f} at {best})")
            if best_overall is None or py[p][best] < best_overall[1]:
                best_overall = (p, py[p][best], best)
        picks = ", ".join(str(c) for c in chosen.get(row, []))
        rounds = len(values[("genmodels", row, "auto")])
        print(f"| {row} | {FIGURE[row][1]} | {auto:.3f} (chose {picks}) | {joined(g)} | " + " | ".join(cells)
              + f" | {g[g_best] / best_overall[1]:.2f} ({g_best} vs {torch_name(best_overall[0])} at {best_overall[2]}) |")
    print()
    print("Medians over %s rounds; the programs ran alternately (A B, then B A), at each thread count." % rounds)


if __name__ == "__main__":
    main()
