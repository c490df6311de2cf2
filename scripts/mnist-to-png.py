#!/usr/bin/env python3
"""Writes MNIST training images as grey PNG files, to try folder data without a split.

usage: mnist-to-png.py MNIST_DIR OUT_DIR --count N [--start S] [--classes]
  --classes  one subfolder per digit (OUT/3/img00012.png), else flat (OUT/img00012.png)
Standard library only (zlib for the PNG stream), so it runs on any Python 3.
"""
import argparse
import gzip
import os
import struct
import zlib


def png(path, pixels, width, height):
    raw = b"".join(b"\x00" + pixels[r * width:(r + 1) * width] for r in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mnist")
    p.add_argument("out")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--classes", action="store_true")
    a = p.parse_args()
    images = gzip.open(os.path.join(a.mnist, "train-images-idx3-ubyte.gz")).read()[16:]
    labels = gzip.open(os.path.join(a.mnist, "train-labels-idx1-ubyte.gz")).read()[8:]
    for i in range(a.start, a.start + a.count):
        folder = os.path.join(a.out, str(labels[i])) if a.classes else a.out
        os.makedirs(folder, exist_ok=True)
        png(os.path.join(folder, "img%05d.png" % i), images[i * 784:(i + 1) * 784], 28, 28)


if __name__ == "__main__":
    main()
