"""Reference: the pytorch/examples VAE (784-400-20), for side-by-side timing and
final-ELBO comparison with `genmodels train-vae`.

Usage: /usr/bin/python3 bench/vae_reference.py --data MNIST_DIR [--epochs 10] [--threads 1]
Prints, per epoch: train seconds, train and test negative ELBO per image (nats).
Same model, loss and optimiser as https://github.com/pytorch/examples/blob/main/vae/main.py
(sigmoid output + binary_cross_entropy summed over pixels, Adam lr 1e-3, batch 128).
"""
import argparse
import time

import numpy as np
from mnist_idx import load_images
import torch
import torch.nn.functional as F
from torch import nn


def load(data_dir, prefix):
    return torch.from_numpy(load_images(data_dir, prefix, np.float32))


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        return mu + torch.randn_like(std) * std

    def decode(self, z):
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z))))

    def forward(self, x):
        mu, logvar = self.encode(x)
        return self.decode(self.reparameterize(mu, logvar)), mu, logvar


def loss_terms(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce, kl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--variant", choices=["examples", "genmodels"], default="examples",
                    help="examples: sigmoid + BCE summed over the batch (pytorch/examples); genmodels: BCE from "
                         "logits averaged over the batch, one 400->40 head split into (mu, logvar)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train, test = load(args.data, "train"), load(args.data, "t10k")
    model = VAE()
    if args.variant == "genmodels":
        # one 400 -> 40 head split into (mu, logvar): the same initial bound 1/sqrt(400) as two heads
        head = nn.Linear(400, 40)
        model.encode = lambda x: head(F.relu(model.fc1(x))).split(20, dim=1)
        model.fc21, model.fc22 = head, nn.Identity()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        perm = torch.randperm(len(train))
        total = 0.0
        for i in range(0, len(train), 128):
            x = train[perm[i:i + 128]]
            opt.zero_grad()
            if args.variant == "genmodels":
                mu, logvar = model.encode(x)
                z = model.reparameterize(mu, logvar)
                logits = model.fc4(F.relu(model.fc3(z)))
                bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
                kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
                loss = (bce + kl) / len(x)
                (loss * 1).backward()
                loss = loss * len(x)
            else:
                recon, mu, logvar = model(x)
                bce, kl = loss_terms(recon, x, mu, logvar)
                loss = bce + kl
                loss.backward()
            opt.step()
            total += loss.item()
        seconds = time.perf_counter() - t0
        model.eval()
        with torch.no_grad():
            tb = tk = 0.0
            for i in range(0, len(test), 1000):
                x = test[i:i + 1000]
                recon, mu, logvar = model(x)
                b, k = loss_terms(recon, x, mu, logvar)
                tb += b.item(); tk += k.item()
        n = len(test)
        print(f"epoch {epoch}: train {seconds:.2f} s ({len(train) / seconds:.0f} img/s), "
              f"train -ELBO {total / len(train):.2f}, test -ELBO {(tb + tk) / n:.2f} "
              f"(recon {tb / n:.2f}, KL {tk / n:.2f})", flush=True)


if __name__ == "__main__":
    main()
