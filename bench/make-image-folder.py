#!/usr/bin/env python3
"""Writes N synthetic colour PNG images into one flat folder (no train/ or test/, no classes), the
layout of CelebA's img_align_celeba/, to measure folder loading at scale:

    bench/make-image-folder.py OUT_DIR --count 200000 --size 64 [--workers 2]

Each image is a smooth colour gradient with two discs whose colours, places and radii come from the
image's index, so that files differ, compress like drawings rather than noise, and the folder is the
same on every machine. Needs NumPy (zlib writes the PNG stream). The images are not part of the
repository: make them where the benchmark reads them.
"""
import argparse
import os
import random
import struct
import zlib
from multiprocessing import Pool

import numpy as np


def png_bytes(rgb, size):
    raw = b"".join(b"\x00" + rgb[r * size * 3:(r + 1) * size * 3] for r in range(size))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def image(index, size):
    r = random.Random(index)
    base = np.array([r.randrange(256) for _ in range(6)], dtype=np.float64)
    discs = [(r.randrange(size), r.randrange(size), r.randrange(4, size // 3), [r.randrange(256) for _ in range(3)])
             for _ in range(2)]
    y, x = np.mgrid[0:size, 0:size]
    t = ((x + y) / (2 * size - 2))[..., None]
    px = (base[:3] * (1 - t) + base[3:] * t).astype(np.uint8)
    for cx, cy, rad, col in discs:
        px[(x - cx) ** 2 + (y - cy) ** 2 <= rad * rad] = col
    return png_bytes(px.tobytes(), size)


def write(args):
    out, start, stop, size = args
    for i in range(start, stop):
        with open(os.path.join(out, "%06d.png" % i), "wb") as f:
            f.write(image(i, size))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--count", type=int, default=200000)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--workers", type=int, default=2)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    step = 1000
    jobs = [(a.out, s, min(a.count, s + step), a.size) for s in range(0, a.count, step)]
    with Pool(a.workers) as pool:
        pool.map(write, jobs)


if __name__ == "__main__":
    main()
