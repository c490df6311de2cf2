"""Reference: genmodels' default autoencoder (784-128-64-2, LeakyReLU 0.01, BCE from logits summed
over pixels and averaged over the batch, Adam 1e-3, batch 128) in PyTorch, for the final test BCE
of `genmodels train-ae` at identical settings.

Usage: /usr/bin/python3 bench/ae_reference.py --data MNIST_DIR [--epochs 10] [--seed 1]
                                              [--init pytorch|xavier] [--threads 1]
--init pytorch keeps torch.nn.Linear's own initialisation, U(+-1/sqrt(fan_in)) for weights and
biases; --init xavier uses Glorot-uniform weights and zero biases (DJL's default, genmodels'
model.init: xavier). Prints per epoch the train seconds and the test BCE per image (nats).
"""
import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mnist_idx import load_images


def mlp(sizes, init):
    layers = []
    for i in range(1, len(sizes)):
        linear = nn.Linear(sizes[i - 1], sizes[i])
        if init == "xavier":
            nn.init.xavier_uniform_(linear.weight)
            nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(sizes) - 1:
            layers.append(nn.LeakyReLU(0.01))
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--init", choices=["pytorch", "xavier"], default="pytorch")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = torch.from_numpy(load_images(args.data, "train", np.float32))
    test = torch.from_numpy(load_images(args.data, "t10k", np.float32))
    enc, dec = mlp([784, 128, 64, 2], args.init), mlp([2, 64, 128, 784], args.init)
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=1e-3)
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(len(train))
        for i in range(0, len(train), 128):
            x = train[perm[i:i + 128]]
            opt.zero_grad()
            F.binary_cross_entropy_with_logits(dec(enc(x)), x, reduction="sum").div(len(x)).backward()
            opt.step()
        seconds = time.perf_counter() - t0
        with torch.no_grad():
            bce = sum(F.binary_cross_entropy_with_logits(dec(enc(test[i:i + 1000])), test[i:i + 1000],
                                                         reduction="sum").item() for i in range(0, len(test), 1000))
        print(f"epoch {epoch}: train {seconds:.2f} s, test BCE {bce / len(test):.2f} nats per image", flush=True)


if __name__ == "__main__":
    main()
