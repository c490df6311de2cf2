"""The Python side of `genmodels bench`: the same rows, same architectures and settings, with
Debian's python3-torch 1.13, scikit-learn 1.2, NumPy and SciPy, on this machine.

Usage: /usr/bin/python3 bench/python_reference.py --data MNIST_DIR
           [--rows vae,ae,swae,classifier,iwae,pca,gmm,kde,conv_vae] [--threads N] [--epochs E] [--json FILE]
           [--npz FILE]

--npz FILE trains the training rows on the images of an .npz archive (x_train [N, H, W] or
[N, H, W, C], uint8) instead of the IDX files; conv_vae is then sized from its channels and sides
(colour 32x32: 3x32x32 -> 32x16x16 -> 64x8x8 -> 20-D code), as genmodels sizes it from the data.

--threads sets torch's intra-op threads and the BLAS / OpenMP threads of NumPy, scikit-learn and
SciPy (the variables are set before NumPy loads). Each row reports the figure `bench/compare.sh`
compares: training rows the mean seconds per epoch, iwae / pca / kde the seconds of the timed
part, gmm the seconds of the whole fit (k-means start and EM) and per EM iteration (E-step + M-step).
"""
import argparse
import json
import os
import sys
import time


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rows", default="vae,ae,swae,classifier,iwae,pca,gmm,kde")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--json")
    ap.add_argument("--npz")
    ap.add_argument("--device", default="cpu", help="cpu, or cuda for the vae row (scripts/gpu-check.sh)")
    return ap.parse_args()


ARGS = parse()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402  (after the thread variables)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_idx import load_images, read_idx  # noqa: E402
from vae_reference import VAE, loss_terms  # noqa: E402


def labels(data_dir, prefix):
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


def epochs(step, n, count, batch=128, device="cpu"):
    """Seconds of each of `count` epochs of `step` over shuffled batches (on a GPU, to the end of
    the epoch's last kernel)."""
    out = []
    for _ in range(count):
        perm = torch.randperm(n, device=device)
        t0 = time.perf_counter()
        for i in range(0, n, batch):
            step(perm[i:i + batch])
        if torch.device(device).type == "cuda":
            torch.cuda.synchronize()
        out.append(time.perf_counter() - t0)
    return out


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


class ConvVAE(nn.Module):
    """genmodels' vae-conv-mnist.yaml: CxSxS -> conv 4x4/2 32 -> conv 4x4/2 64 -> 40 = (mu, logvar) of a
    20-D code; back: 20 -> 64x(S/4)x(S/4) -> transposed conv 4x4/2 32 -> transposed conv 4x4/2 C (logits).
    S a multiple of 4 (28 for MNIST, 32 for colour 32x32)."""

    def __init__(self, channels=1, side=28):
        super().__init__()
        self.shape = (channels, side, side)
        self.small = side // 4
        self.c1 = nn.Conv2d(channels, 32, 4, 2, 1)
        self.c2 = nn.Conv2d(32, 64, 4, 2, 1)
        self.head = nn.Linear(64 * self.small ** 2, 40)
        self.up = nn.Linear(20, 64 * self.small ** 2)
        self.t1 = nn.ConvTranspose2d(64, 32, 4, 2, 1)
        self.t2 = nn.ConvTranspose2d(32, channels, 4, 2, 1)

    def forward(self, x):
        h = F.relu(self.c2(F.relu(self.c1(x.view(-1, *self.shape)))))
        mu, logvar = self.head(h.flatten(1)).chunk(2, dim=1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        h = F.relu(self.up(z)).view(-1, 64, self.small, self.small)
        return self.t2(F.relu(self.t1(h))).flatten(1), mu, logvar


def training_row(seconds):
    return {"epoch_seconds": seconds, "mean_epoch_seconds": sum(seconds) / len(seconds)}


def main():
    rows = ARGS.rows.split(",")
    torch.set_num_threads(ARGS.threads)
    torch.manual_seed(1)
    shape = (1, 28, 28)
    if ARGS.npz:  # channel-major [N, C * H * W] in [0, 1], as genmodels holds images
        with np.load(ARGS.npz) as z:
            x = z["x_train"]
        x = x[..., None] if x.ndim == 3 else x
        shape = (x.shape[3], x.shape[1], x.shape[2])
        train = torch.from_numpy(x.transpose(0, 3, 1, 2).reshape(len(x), -1).astype(np.float32) / 255)
    else:
        train = torch.from_numpy(load_images(ARGS.data, "train"))
    test = torch.from_numpy(load_images(ARGS.data, "t10k"))
    n = len(train)
    out = {"threads": ARGS.threads, "torch": torch.__version__, "numpy": np.__version__, "rows": {}}

    def report(row, figures, line):
        out["rows"][row] = figures
        print(f"{row}: {line}", flush=True)

    if ARGS.device != "cpu" and rows != ["vae"]:
        sys.exit("--device " + ARGS.device + " is for --rows vae only")
    if "vae" in rows or "iwae" in rows:
        vae = VAE().to(ARGS.device)
        opt = torch.optim.Adam(vae.parameters(), lr=1e-3)
        on_device = train.to(ARGS.device)

        def vae_step(idx):
            x = on_device[idx]
            opt.zero_grad()
            recon, mu, logvar = vae(x)
            b, k = loss_terms(recon, x, mu, logvar)
            (b + k).backward()
            opt.step()
        s = epochs(vae_step, n, ARGS.epochs if "vae" in rows else 1, device=ARGS.device)
        if "vae" in rows:
            figures = training_row(s)
            figures["images_per_second"] = n / figures["mean_epoch_seconds"]
            if ARGS.device.startswith("cuda"):
                figures["peak_gpu_mb"] = torch.cuda.max_memory_allocated() / 2**20
            report("vae", figures, f"{sum(s) / len(s):.2f} s per epoch on {ARGS.device}")

    if "conv_vae" in rows:
        cvae = ConvVAE(shape[0], shape[1])
        opt = torch.optim.Adam(cvae.parameters(), lr=1e-3)

        def conv_vae_step(idx):
            x = train[idx]
            opt.zero_grad()
            logits, mu, logvar = cvae(x)
            bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
            kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
            ((bce + kl) / len(x)).backward()
            opt.step()
        s = epochs(conv_vae_step, n, ARGS.epochs)
        report("conv_vae", training_row(s), f"{sum(s) / len(s):.2f} s per epoch")

    if "ae" in rows:
        enc, dec = mlp([784, 128, 64, 2]), mlp([2, 64, 128, 784])
        opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=1e-3)

        def ae_step(idx):
            x = train[idx]
            opt.zero_grad()
            F.binary_cross_entropy_with_logits(dec(enc(x)), x, reduction="sum").div(len(x)).backward()
            opt.step()
        s = epochs(ae_step, n, ARGS.epochs)
        report("ae", training_row(s), f"{sum(s) / len(s):.2f} s per epoch")

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
        s = epochs(swae_step, n, ARGS.epochs)
        report("swae", training_row(s), f"{sum(s) / len(s):.2f} s per epoch")

    if "classifier" in rows:
        y = labels(ARGS.data, "train")
        cnn = Cnn()
        opt = torch.optim.Adam(cnn.parameters(), lr=1e-3)

        def cnn_step(idx):
            opt.zero_grad()
            F.cross_entropy(cnn(train[idx]), y[idx]).backward()
            opt.step()
        s = epochs(cnn_step, n, ARGS.epochs, batch=64)
        with torch.no_grad():
            acc = (cnn(test).argmax(1) == labels(ARGS.data, "t10k")).float().mean().item()
        report("classifier", dict(training_row(s), test_accuracy=acc),
               f"{sum(s) / len(s):.2f} s per epoch (batch 64), test accuracy {acc:.4f}")

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
        s = time.perf_counter() - t0
        report("iwae", {"seconds": s, "nll_after_one_epoch": total / len(test)},
               f"K=500 over {len(test)} test images in {s:.2f} s (NLL {total / len(test):.2f} after one epoch)")

    if any(r in rows for r in ("pca", "gmm", "kde")):
        # from the float32 images, as genmodels: np.cov works in float64 (a converted, centred copy)
        t0 = time.perf_counter()
        values, vectors = np.linalg.eigh(np.cov(train.numpy(), rowvar=False))
        s = time.perf_counter() - t0
        if "pca" in rows:
            report("pca", {"seconds": s}, f"covariance + eigh of 60000 x 784 in {s:.2f} s")
        vectors = vectors[:, np.argsort(values)[::-1]]
        x64 = train.numpy().astype(np.float64)
        mean = x64.mean(0)
    if "gmm" in rows:
        from sklearn.mixture import GaussianMixture

        class TimedEm(GaussianMixture):
            """scikit-learn's own EM, with each E- and M-step timed (the k-means start is not)."""
            e_seconds, e_calls, m_seconds, m_calls = 0.0, 0, 0.0, 0

            def _e_step(self, X, **kwargs):  # scikit-learn 1.8+ passes xp= (its array namespace)
                t = time.perf_counter()
                try:
                    return super()._e_step(X, **kwargs)
                finally:
                    TimedEm.e_seconds += time.perf_counter() - t
                    TimedEm.e_calls += 1

            def _m_step(self, X, log_resp, **kwargs):
                t = time.perf_counter()
                try:
                    return super()._m_step(X, log_resp, **kwargs)
                finally:
                    TimedEm.m_seconds += time.perf_counter() - t
                    TimedEm.m_calls += 1

        f50 = (x64 - mean) @ vectors[:, :50]
        t0 = time.perf_counter()
        g = TimedEm(10, covariance_type="full", random_state=1).fit(f50)
        s = time.perf_counter() - t0
        # one iteration = one E-step + one M-step (fit() runs one more E-step after the loop)
        per = TimedEm.e_seconds / TimedEm.e_calls + TimedEm.m_seconds / TimedEm.m_calls
        report("gmm", {"seconds": s, "n_iter": int(g.n_iter_), "seconds_per_iteration": per,
                       "e_step_seconds": TimedEm.e_seconds / TimedEm.e_calls,
                       "m_step_seconds": TimedEm.m_seconds / TimedEm.m_calls, "converged": bool(g.converged_),
                       "lower_bound": float(g.lower_bound_)},
               f"K=10 full on 60000 x 50 in {s:.2f} s, {g.n_iter_} iterations, {per:.3f} s per iteration"
               f" (E {TimedEm.e_seconds / TimedEm.e_calls:.3f} + M {TimedEm.m_seconds / TimedEm.m_calls:.3f})")
    if "kde" in rows:
        from scipy.stats import gaussian_kde
        p_train = (x64 - mean) @ vectors[:, :2]
        p_test = (test.numpy().astype(np.float64) - mean) @ vectors[:, :2]
        kde = gaussian_kde(p_train.T, bw_method="scott")
        t0 = time.perf_counter()
        score = float(kde.logpdf(p_test.T).mean())
        s = time.perf_counter() - t0
        report("kde", {"seconds": s, "mean_log_density": score},
               f"10000 against 60000 2-D points: SciPy {s:.2f} s (mean log-density {score:.6f})")

    if ARGS.json:
        with open(ARGS.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
