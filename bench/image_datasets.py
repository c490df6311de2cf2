#!/usr/bin/python3
"""Image datasets in the formats genmodels reads, made from MNIST-layout IDX files.

Needs NumPy and Pillow (Debian: python3-numpy, python3-pil; run with /usr/bin/python3).

  folder SRC OUT             IDX files -> OUT/train/<class>/<i>.png and OUT/test/... (grey PNGs)
  colour SRC OUT [--npz F] [--cifar DIR] [--size 32] [--limit N]
                             colourised digits: each digit padded to SIZE x SIZE, drawn in a
                             random colour on a random darker background (seeded by its index),
                             written as a PNG folder, and optionally as an .npz archive
                             (x_train [N, S, S, 3] uint8, y_train, x_test, y_test) and as files in
                             CIFAR-10's binary layout (data_batch_1..5.bin, test_batch.bin)

The colour set is the same in all three formats, so a run on each must give the same figures.
"""
import argparse
import gzip
import os
import sys

import numpy as np
from PIL import Image


def read_idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(src, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(src, name)):
            return os.path.join(src, name)
    sys.exit(f"{src} has no {stem}[.gz]")


def load(src):
    parts = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        x = read_idx(find(src, f"{prefix}-images-idx3-ubyte"))
        y = read_idx(find(src, f"{prefix}-labels-idx1-ubyte"))
        parts[split] = (x, y)
    return parts


def write_folder(out, parts, mode):
    for split, (x, y) in parts.items():
        for c in np.unique(y):
            os.makedirs(os.path.join(out, split, str(c)), exist_ok=True)
        for i, (image, label) in enumerate(zip(x, y)):
            Image.fromarray(image, mode).save(os.path.join(out, split, str(label), f"{i:05d}.png"))


def colourise(x, size, seed):
    """[N, 28, 28] grey -> [N, size, size, 3]: foreground colour f, background b, pixel b + g (f - b)."""
    n, h, w = x.shape
    top, left = (size - h) // 2, (size - w) // 2
    padded = np.zeros((n, size, size), np.float32)
    padded[:, top:top + h, left:left + w] = x / 255.0
    rng = np.random.default_rng(seed)
    fore = rng.uniform(0.5, 1.0, (n, 1, 1, 3)).astype(np.float32)
    back = rng.uniform(0.0, 0.35, (n, 1, 1, 3)).astype(np.float32)
    g = padded[..., None]
    return np.rint(255 * (back + g * (fore - back))).astype(np.uint8)


def write_cifar(out, parts):
    os.makedirs(out, exist_ok=True)
    def records(x, y):
        planes = x.transpose(0, 3, 1, 2).reshape(len(x), -1)  # R, G, B planes row by row
        return np.concatenate([y.astype(np.uint8)[:, None], planes], axis=1).tobytes()
    x, y = parts["train"]
    for k, chunk in enumerate(np.array_split(np.arange(len(x)), 5)):
        with open(os.path.join(out, f"data_batch_{k + 1}.bin"), "wb") as f:
            f.write(records(x[chunk], y[chunk]))
    with open(os.path.join(out, "test_batch.bin"), "wb") as f:
        f.write(records(*parts["test"]))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=["folder", "colour"])
    p.add_argument("src")
    p.add_argument("out")
    p.add_argument("--npz")
    p.add_argument("--cifar")
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--limit", type=int, help="first N images of each split")
    a = p.parse_args()
    parts = load(a.src)
    if a.limit:
        parts = {k: (x[:a.limit], y[:a.limit]) for k, (x, y) in parts.items()}
    if a.what == "folder":
        write_folder(a.out, parts, "L")
        return
    colour = {k: (colourise(x, a.size, seed), y)
              for (k, (x, y)), seed in zip(parts.items(), (1, 2))}
    write_folder(a.out, colour, "RGB")
    if a.npz:
        np.savez_compressed(a.npz, x_train=colour["train"][0], y_train=colour["train"][1],
                            x_test=colour["test"][0], y_test=colour["test"][1])
    if a.cifar:
        write_cifar(a.cifar, colour)


if __name__ == "__main__":
    main()
