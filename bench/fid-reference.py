#!/usr/bin/env python3
"""Reference figures for `genmodels fid`: torchmetrics' FID and KID, SciPy's sqrtm FID and a NumPy
precision/recall written from Kynkaenniemi et al. (2019), on the same images and the same
TorchScript feature network as genmodels.

  torchmetrics GEN REAL --features NET.pt --out tm.json --save-features DIR
      torchmetrics' FrechetInceptionDistance(feature=NET, normalize=True) on GEN (fake) and REAL
      (real), timed; the features its network produced are saved (DIR/gen.npy, DIR/real.npy) and
      fed, unchanged, to KernelInceptionDistance (subsets 100, subset size 1000), so the network
      runs once per image.
  compare tm.json ours.json --features-dir DIR
      prints genmodels' figures beside torchmetrics', SciPy's sqrtm FID and the NumPy
      precision/recall on the saved features, with the relative differences.
  timing GEN REAL --features NET.pt --images N --reps R --genmodels JAR
      alternates genmodels fid and torchmetrics on the first N images of each set, R times.

GEN and REAL are .npy images: [n, H, W] or [n, H, W, C], uint8 0-255 or float in [0, 1]. Grey
images are repeated to 3 channels, as genmodels does. Both sides use 2 threads (the fastest of 1
and 2 on the 2-core machine these figures come from: 4.3 against 9.2 images/s for torch).
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
import scipy.linalg
import torch


def images(path):
    x = np.load(path)
    x = x.astype(np.float32) / 255.0 if x.dtype == np.uint8 else x.astype(np.float32)
    if x.ndim == 3:
        x = x[:, None, :, :]
    else:
        x = np.transpose(x, (0, 3, 1, 2))
    if x.shape[1] == 1:
        x = np.repeat(x, 3, axis=1)
    return torch.from_numpy(np.ascontiguousarray(x))


class Capture(torch.nn.Module):
    """The TorchScript network, keeping what it returns."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        self.kept = []

    def forward(self, x):
        f = self.net(x)
        self.kept.append(f.detach().clone())
        return f


class Replay(torch.nn.Module):
    """Returns features computed before, batch by batch, in order."""

    def __init__(self, batches):
        super().__init__()
        self.batches = list(batches)

    def forward(self, x):
        return self.batches.pop(0)


def torchmetrics_figures(args):
    from torchmetrics.image.fid import FrechetInceptionDistance
    from torchmetrics.image.kid import KernelInceptionDistance

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net = Capture(torch.jit.load(args.features).eval())
    for p in net.parameters():
        p.requires_grad_(False)
    fid = FrechetInceptionDistance(feature=net, normalize=True)
    net.kept.clear()  # the probe forward torchmetrics makes to learn the feature width
    figures = {"threads": args.threads, "batch": args.batch, "cpu": cpu()}
    with torch.no_grad():
        for name, real in (("real", True), ("gen", False)):
            x = images(args.real if real else args.gen)
            start = time.perf_counter()
            for i in range(0, len(x), args.batch):
                fid.update(x[i:i + args.batch], real=real)
            figures[name + "_feature_seconds"] = time.perf_counter() - start
            figures[name + "_images"] = len(x)
            features = torch.cat(net.kept)
            np.save(os.path.join(args.save_features, name + ".npy"), features.numpy())
            net.kept.clear()
            figures.setdefault("batches", {})[name] = features
        start = time.perf_counter()
        figures["fid"] = float(fid.compute())
        figures["fid_compute_seconds"] = time.perf_counter() - start
        if not args.no_kid:
            kid = KernelInceptionDistance(feature=Replay([]), subsets=100, subset_size=1000)
            for name, real in (("real", True), ("gen", False)):
                features = figures["batches"][name]
                kid.inception = Replay([features])
                kid.update(torch.zeros(len(features), 3, 2, 2), real=real)
            mean, std = kid.compute()
            figures["kid_mean"], figures["kid_std"] = float(mean), float(std)
    del figures["batches"]
    with open(args.out, "w") as f:
        json.dump(figures, f, indent=2)
    print(json.dumps(figures, indent=2))


def cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def scipy_fid(real, gen):
    """pytorch-fid's calculate_frechet_distance on float64 moments (np.cov, scipy sqrtm)."""
    mu1, mu2 = gen.mean(0), real.mean(0)
    s1, s2 = np.cov(gen, rowvar=False), np.cov(real, rowvar=False)
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * 1e-6
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    covmean = covmean.real
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def kth_radii(x, k, block=1000):
    """Distance from each row of x to its k-th nearest other row (Kynkaenniemi et al. 2019, sec. 3)."""
    sq = (x * x).sum(1)
    radii = np.empty(len(x))
    for i in range(0, len(x), block):
        d2 = sq[i:i + block, None] - 2 * x[i:i + block] @ x.T + sq[None, :]
        d = np.sqrt(np.maximum(d2, 0))
        radii[i:i + block] = np.partition(d, k, axis=1)[:, k]  # index 0 is the point itself
    return radii


def coverage(points, centres, radii, block=1000):
    """Share of points inside at least one ball (centre, radius)."""
    sq_c = (centres * centres).sum(1)
    inside = 0
    for i in range(0, len(points), block):
        p = points[i:i + block]
        d2 = (p * p).sum(1)[:, None] - 2 * p @ centres.T + sq_c[None, :]
        inside += int((np.sqrt(np.maximum(d2, 0)) <= radii[None, :]).any(1).sum())
    return inside / len(points)


def precision_recall(real, gen, k=3):
    precision = coverage(gen, real, kth_radii(real, k))
    recall = coverage(real, gen, kth_radii(gen, k))
    return precision, recall


def torchmetrics_kid64(real, gen):
    """torchmetrics' KernelInceptionDistance on the saved features cast to float64."""
    from torchmetrics.image.kid import KernelInceptionDistance

    torch.manual_seed(0)
    kid = KernelInceptionDistance(feature=Replay([]), subsets=100, subset_size=1000)
    for features, real_side in ((real, True), (gen, False)):
        kid.inception = Replay([torch.from_numpy(features)])
        kid.update(torch.zeros(len(features), 3, 2, 2), real=real_side)
    mean, std = kid.compute()
    return float(mean), float(std)


def compare(args):
    tm = json.load(open(args.torchmetrics))
    ours = json.load(open(args.genmodels))
    real = np.load(os.path.join(args.features_dir, "real.npy")).astype(np.float64)
    gen = np.load(os.path.join(args.features_dir, "gen.npy")).astype(np.float64)
    print(f"torchmetrics KID on its float32 features: mean {tm.get('kid_mean')}, std {tm.get('kid_std')}")
    tm["kid_mean"], tm["kid_std"] = torchmetrics_kid64(real, gen)
    print(f"torchmetrics KID on the same features in float64: mean {tm['kid_mean']}, std {tm['kid_std']}")
    key = "fid" if "fid" in ours else "feature_frechet_distance"
    ours["fid"] = ours[key]
    ours.setdefault("kid", ours.get("kernel_distance"))
    ref_fid = scipy_fid(real, gen)
    precision, recall = precision_recall(real, gen)  # float64: in float32 |x|^2 - 2x.y + |y|^2 loses the small distances
    rows = [
        ("FID", ours["fid"], tm["fid"], abs(ours["fid"] - tm["fid"]) / tm["fid"], "relative"),
        ("FID vs scipy sqrtm", ours["fid"], ref_fid, abs(ours["fid"] - ref_fid) / ref_fid, "relative"),
        ("KID mean", ours["kid"]["mean"], tm["kid_mean"], abs(ours["kid"]["mean"] - tm["kid_mean"]) / tm["kid_std"],
         "in torchmetrics' kid_std"),
        ("KID std", ours["kid"]["std"], tm["kid_std"], abs(ours["kid"]["std"] - tm["kid_std"]) / tm["kid_std"],
         "relative"),
        ("precision (k=3)", ours["precision_recall"]["precision"], precision,
         abs(ours["precision_recall"]["precision"] - precision), "absolute"),
        ("recall (k=3)", ours["precision_recall"]["recall"], recall,
         abs(ours["precision_recall"]["recall"] - recall), "absolute"),
    ]
    print(f"CPU: {tm['cpu']}")
    print(f"{'figure':22s} {'genmodels':>18s} {'reference':>18s} {'difference':>12s}")
    for name, a, b, d, unit in rows:
        print(f"{name:22s} {a:18.10g} {b:18.10g} {d:12.3e}  ({unit})")
    print("reference: torchmetrics for FID and KID, SciPy sqrtm on the torchmetrics features for 'vs scipy',"
          " the NumPy definition on the torchmetrics features for precision/recall")


def timing(args):
    """Alternates the two programs on the first N images of each set, each at 2 threads."""
    import tempfile

    tmp = tempfile.mkdtemp()
    features_dir = tempfile.mkdtemp()  # apart from the image subsets, which its gen.npy and real.npy would replace
    subsets = []
    for name, path in (("gen", args.gen), ("real", args.real)):
        sub = os.path.join(tmp, name + ".npy")
        np.save(sub, np.load(path)[: args.images])
        subsets.append(sub)
    print(f"CPU: {cpu()}; {args.images} generated and {args.images} real images at 299 px; both at"
          f" {args.threads} threads, torchmetrics batch {args.batch}, genmodels batch {args.batch}")
    for rep in range(args.reps):
        start = time.perf_counter()
        subprocess.run(["java", "-jar", args.genmodels, "fid", subsets[0], subsets[1], "--features", args.features,
                        "--threads", str(args.threads), "--batch-size", str(args.batch), "--out",
                        os.path.join(tmp, "ours.json")], check=True, stdout=subprocess.DEVNULL)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "torchmetrics", subsets[0], subsets[1], "--features", args.features,
                        "--out", os.path.join(tmp, "tm.json"), "--save-features", features_dir, "--threads",
                        str(args.threads), "--batch", str(args.batch), "--no-kid"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs = time.perf_counter() - start
        print(f"rep {rep + 1}: genmodels {ours:.1f} s, torchmetrics {theirs:.1f} s (whole processes),"
              f" ratio genmodels/torchmetrics {ours / theirs:.3f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("torchmetrics")
    t.add_argument("gen")
    t.add_argument("real")
    t.add_argument("--features", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--save-features", required=True)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--batch", type=int, default=50)
    t.add_argument("--no-kid", action="store_true")
    c = sub.add_parser("compare")
    c.add_argument("torchmetrics")
    c.add_argument("genmodels")
    c.add_argument("--features-dir", required=True)
    m = sub.add_parser("timing")
    m.add_argument("gen")
    m.add_argument("real")
    m.add_argument("--features", required=True)
    m.add_argument("--genmodels", required=True)
    m.add_argument("--images", type=int, default=1000)
    m.add_argument("--reps", type=int, default=2)
    m.add_argument("--threads", type=int, default=2)
    m.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    {"torchmetrics": torchmetrics_figures, "compare": compare, "timing": timing}[args.mode](args)


if __name__ == "__main__":
    main()
