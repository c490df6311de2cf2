"""Reference figures for pca / fit-gmm / fit-kde, with NumPy, scikit-learn and SciPy, on the same
machine, for side-by-side comparison with genmodels.

Usage: /usr/bin/python3 bench/density_reference.py --data MNIST_DIR [--seeds 3] [--what pca,gmm,kde]
"""
import argparse
import time

import numpy as np
from mnist_idx import load_images


def load(data_dir, prefix):
    return load_images(data_dir, prefix, np.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--what", default="pca,gmm,kde")
    args = ap.parse_args()
    what = args.what.split(",")
    train, test = load(args.data, "train"), load(args.data, "t10k")

    t0 = time.perf_counter()
    mean = train.mean(0)
    cov = np.cov(train, rowvar=False)
    values, vectors = np.linalg.eigh(cov)
    seconds = time.perf_counter() - t0
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    if "pca" in what:
        ratio = values / values.sum()
        z = (test - mean) @ vectors[:, :50]
        recon = z @ vectors[:, :50].T + mean
        print(f"PCA (NumPy cov + eigh, float64): {seconds:.2f} s; cumulative ratio at 50 = {ratio[:50].sum():.6f};"
              f" test MSE per pixel at 50 = {((test - recon) ** 2).mean():.6f}")

    w50 = vectors[:, :50]
    f_train, f_test = (train - mean) @ w50, (test - mean) @ w50
    if "gmm" in what:
        from sklearn.mixture import GaussianMixture
        for cov_type in ("full", "diag"):
            for seed in range(args.seeds):
                t0 = time.perf_counter()
                g = GaussianMixture(10, covariance_type=cov_type, init_params="kmeans", random_state=seed).fit(f_train)
                s = time.perf_counter() - t0
                print(f"sklearn GMM K=10 {cov_type} seed {seed}: fit {s:.2f} s, {g.n_iter_} iterations,"
                      f" train {g.score(f_train):.4f}, test {g.score(f_test):.4f} nats per sample")

    if "kde" in what:
        from scipy.stats import gaussian_kde
        p_train, p_test = (train - mean) @ vectors[:, :2], (test - mean) @ vectors[:, :2]
        kde = gaussian_kde(p_train.T, bw_method="scott")
        t0 = time.perf_counter()
        lp = kde.logpdf(p_test.T)
        s = time.perf_counter() - t0
        print(f"SciPy gaussian_kde (Scott, factor {kde.factor:.6f}) on the 2-D PCA projection: test mean"
              f" log-density {lp.mean():.6f} nats, scored in {s:.2f} s")
        from sklearn.neighbors import KernelDensity
        # the same kernel in scikit-learn: whiten with the kernel covariance, then an isotropic kernel of width 1
        chol = np.linalg.cholesky(kde.covariance)
        inv = np.linalg.inv(chol)
        skd = KernelDensity(bandwidth=1.0).fit(p_train @ inv.T)
        t0 = time.perf_counter()
        lp2 = skd.score_samples(p_test @ inv.T) - np.log(np.abs(np.linalg.det(chol)))
        s = time.perf_counter() - t0
        print(f"scikit-learn KernelDensity (same kernel, whitened): test mean log-density {lp2.mean():.6f} nats,"
              f" scored in {s:.2f} s")


if __name__ == "__main__":
    main()
