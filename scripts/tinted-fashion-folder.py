#!/usr/bin/env python3
"""A labelled folder of colour images for class-conditional runs, made from Fashion-MNIST: the first
N images of each class of the training set, each 28x28 garment painted in a random colour over a
random dark background (drawn per image from a fixed seed), written as RGB PNG files into one folder
per class named as Fashion-MNIST names its classes. No train/test split is written: genmodels hashes
each file to a split (data.test_fraction) and lists the split in RUN/splits.csv.

    scripts/tinted-fashion-folder.py FASHION_MNIST_DIR OUT_DIR [N_PER_CLASS]

FASHION_MNIST_DIR holds the IDX files (Debian's dataset-fashion-mnist puts them in
/usr/share/datasets/fashion-mnist). Needs only NumPy (the PNGs are encoded with zlib here).
"""
import gzip
import os
import struct
import sys
import zlib

import numpy as np

CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise SystemExit(f"{folder} has no {stem}[.gz]")


def png(rgb):
    """An 8-bit RGB PNG of a [H, W, 3] uint8 array."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[r].tobytes() for r in range(h))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    folder, out = sys.argv[1], sys.argv[2]
    per_class = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    images = idx(find(folder, "train-images-idx3-ubyte"))
    labels = idx(find(folder, "train-labels-idx1-ubyte"))
    rng = np.random.default_rng(20261207)
    for k, name in enumerate(CLASSES):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        chosen = np.flatnonzero(labels == k)[:per_class]
        for i in chosen:
            a = images[i].astype(np.float32)[..., None] / 255.0
            garment = rng.uniform(0.35, 1.0, size=3)
            background = rng.uniform(0.0, 0.3, size=3)
            rgb = np.round(255 * (a * garment + (1 - a) * background)).astype(np.uint8)
            with open(os.path.join(out, name, f"{i:05d}.png"), "wb") as f:
                f.write(png(rgb))
    print(f"wrote {per_class} images per class of {len(CLASSES)} classes to {out}")


if __name__ == "__main__":
    main()
