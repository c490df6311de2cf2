"""The PyTorch side of bench/gan_diffusion_compare.sh: the networks of genmodels' shipped
gan-conv-mnist.yaml and diffusion-mnist.yaml, written in plain PyTorch (Debian's python3-torch), trained
the same way on the first N MNIST training images, printing the seconds of the training pass.

  gan:       DCGAN-style. G: Linear(64 -> 64*7*7), BatchNorm, ReLU, ConvTranspose(64 -> 32, 4, 2, 1),
             BatchNorm, ReLU, ConvTranspose(32 -> 1, 4, 2, 1), sigmoid. D: Conv(1 -> 32, 4, 2, 1),
             LeakyReLU(0.2), Conv(32 -> 64, 4, 2, 1), LeakyReLU(0.2), Linear(64*7*7 -> 1). Weights
             N(0, 0.02), biases 0. Non-saturating loss, one Adam per network (lr 2e-4, betas 0.5, 0.999),
             batch 64; per batch a discriminator step (real and generated images in one pass of D), then a
             generator step with D's weights not requiring gradients, as genmodels does.
  diffusion: DDPM, linear schedule over T = 1000 steps, the U-Net of genmodels' models/diffusion/UNet
             (channels 16, 32, 64; GroupNorm with 8 groups; SiLU; sinusoidal time embedding of 16 ->
             Linear 64 -> SiLU -> Linear 64), the simple MSE objective, Adam lr 1e-3, gradient norm
             clipped at 1, batch 128, an exponential moving average (decay 0.999, TensorFlow's warm-up).

Usage: /usr/bin/python3 bench/gan_diffusion_reference.py --data MNIST_DIR --model gan|diffusion
           [--threads N] [--images N]
Prints: "<model> threads <N>: <seconds> s for <images> images, <seconds per 60,000> s per epoch".
"""
import argparse
import math
import os
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--model", required=True, choices=["gan", "diffusion"])
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--images", type=int, default=6400)
ARGS = ap.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_idx import load_images  # noqa: E402

torch.set_num_threads(ARGS.threads)
torch.manual_seed(1)


def dcgan_init(m):
    if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
        nn.init.zeros_(m.bias)


def gan_epoch(x):
    z_dim = 64
    g = nn.Sequential(nn.Linear(z_dim, 64 * 7 * 7), nn.BatchNorm1d(64 * 7 * 7), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
                      nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.BatchNorm2d(32), nn.ReLU(),
                      nn.ConvTranspose2d(32, 1, 4, 2, 1), nn.Flatten(), nn.Sigmoid())
    d = nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 32, 4, 2, 1), nn.LeakyReLU(0.2),
                      nn.Conv2d(32, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(64 * 7 * 7, 1))
    g.apply(dcgan_init)
    d.apply(dcgan_init)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    order = torch.randperm(len(x))
    start = time.perf_counter()
    for i in range(0, len(x), 64):
        real = x[order[i:i + 64]]
        b = len(real)
        with torch.no_grad():
            fake = g(torch.randn(b, z_dim))
        scores = d(torch.cat([real, fake])).view(-1)
        loss_d = F.softplus(-scores[:b]).mean() + F.softplus(scores[b:]).mean()
        opt_d.zero_grad(set_to_none=False)
        loss_d.backward()
        opt_d.step()
        for p in d.parameters():
            p.requires_grad_(False)
        loss_g = F.softplus(-d(g(torch.randn(b, z_dim))).view(-1)).mean()
        opt_g.zero_grad(set_to_none=False)
        loss_g.backward()
        opt_g.step()
        for p in d.parameters():
            p.requires_grad_(True)
    return time.perf_counter() - start


def groups(c):
    return 8 if c % 8 == 0 else 1


class Residual(nn.Module):
    def __init__(self, cin, cout, temb):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(groups(cin), cin), nn.Conv2d(cin, cout, 3, 1, 1)
        self.time = nn.Linear(temb, cout)
        self.norm2, self.conv2 = nn.GroupNorm(groups(cout), cout), nn.Conv2d(cout, cout, 3, 1, 1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x))) + self.time(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + (self.skip(x) if self.skip is not None else x)


class UNet(nn.Module):
    def __init__(self, channels=(16, 32, 64)):
        super().__init__()
        c0 = channels[0]
        self.emb, temb = c0, 4 * c0
        self.time1, self.time2 = nn.Linear(c0, temb), nn.Linear(temb, temb)
        self.inp = nn.Conv2d(1, c0, 3, 1, 1)
        self.down, self.downsample, c = nn.ModuleList(), nn.ModuleList(), c0
        for i, ci in enumerate(channels):
            self.down.append(Residual(c, ci, temb))
            c = ci
            if i < len(channels) - 1:
                self.downsample.append(nn.Conv2d(c, c, 3, 2, 1))
        self.middle = Residual(c, c, temb)
        self.up, self.upsample = nn.ModuleList(), nn.ModuleList()
        for i in reversed(range(len(channels))):
            self.up.append(Residual(c + channels[i], channels[i], temb))
            c = channels[i]
            if i > 0:
                self.upsample.append(nn.Conv2d(c, c, 3, 1, 1))
        self.out_norm, self.out = nn.GroupNorm(groups(c0), c0), nn.Conv2d(c0, 1, 3, 1, 1)
        half = c0 // 2
        self.register_buffer("freqs", torch.exp(-math.log(10000) * torch.arange(half) / max(1, half - 1))[None])

    def forward(self, x, t):
        args = t[:, None] * self.freqs
        temb = self.time2(F.silu(self.time1(torch.cat([args.sin(), args.cos()], 1))))
        h, kept = self.inp(x), []
        for i, block in enumerate(self.down):
            h = block(h, temb)
            kept.append(h)
            if i < len(self.downsample):
                h = self.downsample[i](h)
        h = self.middle(h, temb)
        for k, block in enumerate(self.up):
            level = len(self.down) - 1 - k
            h = block(torch.cat([h, kept[level]], 1), temb)
            if level > 0:
                h = self.upsample[k](F.interpolate(h, scale_factor=2, mode="nearest"))
        return self.out(F.silu(self.out_norm(h)))


def diffusion_epoch(x):
    steps = 1000
    betas = torch.linspace(1e-4, 0.02, steps, dtype=torch.float64)
    alpha_bar = torch.cat([torch.ones(1, dtype=torch.float64), torch.cumprod(1 - betas, 0)]).float()
    net, ema = UNet(), UNet()
    ema.load_state_dict(net.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    params, averages = list(net.parameters()), list(ema.parameters())
    order = torch.randperm(len(x))
    start = time.perf_counter()
    for n, i in enumerate(range(0, len(x), 128), start=1):
        x0 = x[order[i:i + 128]].view(-1, 1, 28, 28) * 2 - 1
        t = torch.randint(1, steps + 1, (len(x0),))
        eps = torch.randn_like(x0)
        ab = alpha_bar[t].view(-1, 1, 1, 1)
        loss = (net(ab.sqrt() * x0 + (1 - ab).sqrt() * eps, t.float()) - eps).square().mean()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        with torch.no_grad():
            decay = min(0.999, (1 + n) / (10 + n))  # torch 1.13 has no _foreach_lerp_
            torch._foreach_mul_(averages, decay)
            torch._foreach_add_(averages, params, alpha=1 - decay)
    return time.perf_counter() - start


x = torch.from_numpy(load_images(ARGS.data, "train")[:ARGS.images])
seconds = gan_epoch(x) if ARGS.model == "gan" else diffusion_epoch(x)
print(f"{ARGS.model} threads {ARGS.threads}: {seconds:.2f} s for {len(x)} images, "
      f"{seconds * 60000 / len(x):.1f} s per epoch")
