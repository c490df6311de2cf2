"""Reads the MNIST IDX files (gzipped or not) as NumPy arrays, for the reference scripts."""
import gzip
import os

import numpy as np


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_images(data_dir, prefix, dtype=np.float32):
    """The images of train-images-idx3-ubyte[.gz] (prefix "train") or t10k-... ("t10k"), [n, 784] in [0, 1]."""
    for suffix in (".gz", ""):
        p = os.path.join(data_dir, f"{prefix}-images-idx3-ubyte{suffix}")
        if os.path.exists(p):
            return read_idx(p).reshape(-1, 784).astype(dtype) / 255.0
    raise FileNotFoundError(f"{prefix}-images-idx3-ubyte[.gz] in {data_dir}")
