#!/usr/bin/env python3
"""A colour 32x32 image set for augmentation experiments, made from Fashion-MNIST: every image is
padded to 32x32 (2 pixels of background per side) and painted in two random colours, one for the
garment (scaled by its grey level) and one for the background, drawn per image from a fixed seed.
A left-right mirror of a shirt is still a shirt, as it is for a photograph, which is what the
random-flip augmentation assumes (it does not hold for MNIST's digits).

    scripts/tinted-fashion.py FASHION_MNIST_DIR OUT.npz

FASHION_MNIST_DIR holds the four IDX files (Debian's dataset-fashion-mnist puts them in
/usr/share/datasets/fashion-mnist). The .npz has x_train [60000, 32, 32, 3] and x_test
[10000, 32, 32, 3] as uint8, y_train and y_test as int64 (Keras' layout, which data.dataset npz reads).
"""
import gzip
import sys

import numpy as np


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def tint(grey, rng):
    n = grey.shape[0]
    padded = np.zeros((n, 32, 32), dtype=np.float32)
    padded[:, 2:30, 2:30] = grey / 255.0
    garment = rng.uniform(0.35, 1.0, size=(n, 1, 1, 3)).astype(np.float32)
    background = rng.uniform(0.0, 0.35, size=(n, 1, 1, 3)).astype(np.float32)
    a = padded[..., None]
    return np.round(255 * (a * garment + (1 - a) * background)).astype(np.uint8)


def main():
    folder, out = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(20261207)
    arrays = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        arrays["x_" + split] = tint(idx(f"{folder}/{prefix}-images-idx3-ubyte.gz"), rng)
        arrays["y_" + split] = idx(f"{folder}/{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    np.savez(out, **arrays)
    print(out, {k: v.shape for k, v in arrays.items()})


if __name__ == "__main__":
    main()
