#!/usr/bin/env python3
"""Writes the test fixtures of genmodels.features into src/test/resources/features/:

  tiny-features.pt   a small TorchScript feature network (resize to 16 x 16, two convolutions,
                     average pool: [N, 3, H, W] float in [0, 1] -> [N, 8]), declared in genmodels.json
  uint8-features.pt  the same weights, declared to take uint8 0-255 (it divides by 255 itself)
  bad-output.pt      returns [N, 2, 4] instead of [N, D]
  reference.npz      two feature sets a [300, 8] and b [250, 8] (float64), a singular pair c [6, 8]
                     and d [7, 8], and the reference figures computed here on them: fid_ab (SciPy's
                     sqrtm, pytorch-fid's formula), fid_cd (with pytorch-fid's 1e-6 offset),
                     mmd_ab (the unbiased MMD^2 with the cubic kernel on the whole sets),
                     precision_ab and recall_ab (k = 3, the NumPy definition of bench/fid-reference.py)
  pytorch-fid-stats.npz  np.savez(mu=, sigma=) of a, as pytorch-fid --save-stats writes them
  tiny-images.npy    12 grey 8 x 8 images, uint8, and tiny-features.npy: the network's features of them

Run with torch, scipy and numpy: python3 bench/make-feature-fixtures.py
"""
import importlib.util
import json
import os

import numpy as np
import scipy.linalg
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "features")
spec = importlib.util.spec_from_file_location("ref", os.path.join(HERE, "fid-reference.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)


class Tiny(torch.nn.Module):
    def __init__(self, scale):
        super().__init__()
        self.scale = scale
        self.conv1 = torch.nn.Conv2d(3, 6, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(6, 8, 3, padding=1)

    def forward(self, x):
        x = x.float() * self.scale
        x = F.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False)
        x = torch.relu(self.conv1(2 * x - 1))
        x = self.conv2(x)
        return torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)


class Bad(torch.nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3)).reshape(-1, 1, 3).repeat(1, 2, 1)[:, :, :2].repeat(1, 1, 2)


def save(module, name, meta, example):
    traced = torch.jit.trace(module.eval(), example)
    extra = {"genmodels.json": json.dumps(meta)} if meta else {}
    torch.jit.save(traced, os.path.join(OUT, name), _extra_files=extra)


def mmd(x, y):
    d = x.shape[1]
    k = lambda a, b: (a @ b.T / d + 1) ** 3
    m = len(x)
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    return ((kxx.sum() - np.trace(kxx)) + (kyy.sum() - np.trace(kyy))) / (m * (m - 1)) - 2 * kxy.sum() / m ** 2


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    tiny = Tiny(1.0)
    with torch.no_grad():
        save(tiny, "tiny-features.pt", {"input": "float01", "features": 8, "name": "tiny test network"},
             torch.rand(2, 3, 8, 8))
        as_uint8 = Tiny(1 / 255.0)
        as_uint8.load_state_dict(tiny.state_dict())
        save(as_uint8, "uint8-features.pt", {"input": "uint8", "features": 8, "name": "tiny uint8 network"},
             torch.randint(0, 256, (2, 3, 8, 8), dtype=torch.uint8))
        save(Bad(), "bad-output.pt", None, torch.rand(2, 3, 8, 8))
        rng = np.random.default_rng(0)
        images = rng.integers(0, 256, size=(12, 8, 8), dtype=np.uint8)
        np.save(os.path.join(OUT, "tiny-images.npy"), images)
        x = torch.from_numpy(images.astype(np.float32) / 255)[:, None].repeat(1, 3, 1, 1)
        np.save(os.path.join(OUT, "tiny-features.npy"), tiny(x).numpy())
    a = rng.normal(size=(300, 8)) @ rng.normal(size=(8, 8))
    b = rng.normal(size=(250, 8)) @ rng.normal(size=(8, 8)) + 0.5
    c = rng.normal(size=(6, 8))
    d = rng.normal(size=(7, 8)) + 1
    precision, recall = ref.precision_recall(b, a)  # real b, generated a
    np.savez(os.path.join(OUT, "reference.npz"), a=a, b=b, c=c, d=d,
             fid_ab=np.array(ref.scipy_fid(b, a)), fid_cd=np.array(singular_fid(c, d)),
             mmd_ab=np.array(mmd(b[:250], a[:250])), precision_ab=np.array(precision),
             recall_ab=np.array(recall))
    np.savez(os.path.join(OUT, "pytorch-fid-stats.npz"), mu=a.mean(0), sigma=np.cov(a, rowvar=False))
    print("wrote", sorted(os.listdir(OUT)))


def singular_fid(x, y):
    s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    offset = np.eye(s1.shape[0]) * 1e-6
    covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset)).real
    diff = x.mean(0) - y.mean(0)
    return diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)


if __name__ == "__main__":
    main()
