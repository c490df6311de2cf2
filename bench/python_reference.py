"""The Python side of `genmodels bench`: the same rows, same architectures and settings, with
Debian's python3-torch 1.13 (one thread), scikit-learn 1.2, NumPy and SciPy, on this machine.

Usage: /usr/bin/python3 bench/python_reference.py --data ../shared/data/mnist [--rows vae,ae,swae,classifier,iwae,pca,gmm,kde]
"""
import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mnist_idx import load_images
from vae_reference import VAE, loss_terms


def labels(data_dir, prefix):
    from mnist_idx import read_idx
    import os
    for suffix in (".gz", ""):
        p = os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte{suffix}")
        if os.path.exists(p):
            return torch.from_numpy(read_idx(p).astype(np.int64))
    raise FileNotFoundError(prefix)


def mlp(sizes):
    layers = []
    for i in range(1, len(sizes)):
        layers.append(nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(nn.LeakyReLU(0.01))
    return nn.Sequential(*layers)


def epoch(step, n, batch=128):
    perm = torch.randperm(n)
    t0 = time.perf_counter()
    for i in range(0, n, batch):
        step(perm[i:i + batch])
    return time.perf_counter() - t0


def disk(n):
    r = torch.rand(n, 1).sqrt()
    a = torch.rand(n, 1) * 2 * np.pi
    return torch.cat([r * a.cos(), r * a.sin()], 1)


class Cnn(nn.Module):
    """The same network as genmodels' classifier: conv 5x5 16, pool, conv 5x5 32, pool, 128, 10."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 16, 5)
        self.c2 = nn.Conv2d(16, 32, 5)
        self.f1 = nn.Linear(32 * 4 * 4, 128)
        self.f2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x.view(-1, 1, 28, 28))), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.f2(F.relu(self.f1(x.flatten(1))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rows", default="vae,ae,swae,classifier,iwae,pca,gmm,kde")
    args = ap.parse_args()
    rows = args.rows.split(",")
    torch.set_num_threads(1)
    torch.manual_seed(1)
    train = torch.from_numpy(load_images(args.data, "train"))
    test = torch.from_numpy(load_images(args.data, "t10k"))
    n = len(train)

    if "vae" in rows or "iwae" in rows:
        vae = VAE()
        opt = torch.optim.Adam(vae.parameters(), lr=1e-3)

        def vae_step(idx):
            x = train[idx]
            opt.zero_grad()
            recon, mu, logvar = vae(x)
            b, k = loss_terms(recon, x, mu, logvar)
            (b + k).backward()
            opt.step()
        print(f"vae: {epoch(vae_step, n):.2f} s per epoch", flush=True)

    if "ae" in rows:
        enc, dec = mlp([784, 128, 64, 2]), mlp([2, 64, 128, 784])
        opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=1e-3)

        def ae_step(idx):
            x = train[idx]
            opt.zero_grad()
            F.binary_cross_entropy_with_logits(dec(enc(x)), x, reduction="sum").div(len(x)).backward()
            opt.step()
        print(f"ae: {epoch(ae_step, n):.2f} s per epoch", flush=True)

    if "swae" in rows:
        enc, dec = mlp([784, 128, 64, 2]), mlp([2, 64, 128, 784])
        opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=1e-3)

        def swae_step(idx):
            x = train[idx]
            opt.zero_grad()
            z = enc(x)
            theta = torch.randn(2, 50)
            theta = theta / theta.norm(dim=0, keepdim=True)
            sw = ((z @ theta).sort(0)[0] - (disk(len(x)) @ theta).sort(0)[0]).pow(2).mean()
            (F.binary_cross_entropy_with_logits(dec(z), x, reduction="sum").div(len(x)) + 1000 * sw).backward()
            opt.step()
        print(f"swae: {epoch(swae_step, n):.2f} s per epoch", flush=True)

    if "classifier" in rows:
        y = labels(args.data, "train")
        cnn = Cnn()
        opt = torch.optim.Adam(cnn.parameters(), lr=1e-3)

        def cnn_step(idx):
            opt.zero_grad()
            F.cross_entropy(cnn(train[idx]), y[idx]).backward()
            opt.step()
        total = sum(epoch(cnn_step, n, batch=64) for _ in range(3))
        with torch.no_grad():
            acc = (cnn(test).argmax(1) == labels(args.data, "t10k")).float().mean().item()
        print(f"classifier: {total:.2f} s for 3 epochs ({total / 3:.2f} s per epoch), test accuracy {acc:.4f}", flush=True)

    if "iwae" in rows:
        t0 = time.perf_counter()
        total = 0.0
        with torch.no_grad():
            for i in range(0, len(test), 16):
                x = test[i:i + 16]
                mu, logvar = vae.encode(x)
                eps = torch.randn(len(x), 500, 20)
                z = mu[:, None] + (0.5 * logvar).exp()[:, None] * eps
                logits = vae.fc4(F.relu(vae.fc3(z)))
                ll = -F.binary_cross_entropy_with_logits(logits, x[:, None].expand_as(logits), reduction="none").sum(-1)
                lw = ll - 0.5 * z.pow(2).sum(-1) + 0.5 * (eps.pow(2) + logvar[:, None]).sum(-1)
                total -= (torch.logsumexp(lw, 1) - np.log(500)).sum().item()
        print(f"iwae: K=500 over {len(test)} test images in {time.perf_counter() - t0:.2f} s"
              f" (NLL {total / len(test):.2f} after one epoch)", flush=True)

    x64 = train.numpy().astype(np.float64)
    if any(r in rows for r in ("pca", "gmm", "kde")):
        t0 = time.perf_counter()
        mean = x64.mean(0)
        values, vectors = np.linalg.eigh(np.cov(x64, rowvar=False))
        if "pca" in rows:
            print(f"pca: covariance + eigh of 60000 x 784 in {time.perf_counter() - t0:.2f} s", flush=True)
        vectors = vectors[:, np.argsort(values)[::-1]]
    if "gmm" in rows:
        from sklearn.mixture import GaussianMixture
        f50 = (x64 - mean) @ vectors[:, :50]
        t0 = time.perf_counter()
        g = GaussianMixture(10, covariance_type="full", random_state=1).fit(f50)
        s = time.perf_counter() - t0
        print(f"gmm: K=10 full on 60000 x 50 in {s:.2f} s, {g.n_iter_} iterations ({s / g.n_iter_:.3f} s each)", flush=True)
    if "kde" in rows:
        from scipy.stats import gaussian_kde
        from sklearn.neighbors import KernelDensity
        p_train = (x64 - mean) @ vectors[:, :2]
        p_test = (test.numpy().astype(np.float64) - mean) @ vectors[:, :2]
        kde = gaussian_kde(p_train.T, bw_method="scott")
        t0 = time.perf_counter()
        kde.logpdf(p_test.T)
        s1 = time.perf_counter() - t0
        inv = np.linalg.inv(np.linalg.cholesky(kde.covariance))
        skd = KernelDensity(bandwidth=1.0).fit(p_train @ inv.T)
        t0 = time.perf_counter()
        skd.score_samples(p_test @ inv.T)
        s2 = time.perf_counter() - t0
        print(f"kde: 10000 against 60000 2-D points: SciPy {s1:.2f} s, scikit-learn {s2:.2f} s", flush=True)


if __name__ == "__main__":
    main()
