#!/usr/bin/env python3
"""Export an Inception feature network as TorchScript for `genmodels evaluate --features` and
`genmodels fid --features`.

Default: the FID Inception of pytorch-fid (Seitzer, github.com/mseitzer/pytorch-fid), the
TensorFlow Inception of Heusel et al. (2017) ported to PyTorch, weights
pt_inception-2015-12-05-6726825d.pth, 2,048-d features of the final average pool. Run it where
the internet is reachable (`pip install pytorch-fid torch torchvision`); pytorch-fid downloads the
weights. Only figures from this network are FID in the papers' sense.

--random-weights SEED: the same pipeline on torchvision's inception_v3 with random weights
(weights=None, aux_logits=False, init_weights=True, torch.manual_seed(SEED)). Needs no download;
used to verify genmodels against torchmetrics (bench/fid-reference.py). Its figures are NOT FID.

The exported module takes [N, 3, H, W] float32 in [0, 1] (grey images repeated to 3 channels by
genmodels), resizes bilinearly to 299 x 299 (align_corners=False, as pytorch-fid's wrapper does),
scales to [-1, 1] and returns [N, 2048] float32. The file carries an extra file
`genmodels.json` saying so: {"input": "float01", "features": 2048, "name": ..., "fid": true only for
pytorch-fid's weights}; genmodels labels a distance FID only when "fid" is true.
"""
import argparse
import json

import torch
import torch.nn.functional as F


class Pool3Features(torch.nn.Module):
    """pytorch-fid's InceptionV3 forward up to the final average pool: resize, scale, the layers."""

    def __init__(self, layers):
        super().__init__()
        self.blocks = torch.nn.Sequential(*layers)

    def forward(self, x):
        x = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
        x = 2 * x - 1
        return torch.flatten(self.blocks(x), 1)


def fid_inception():
    from pytorch_fid.inception import InceptionV3

    model = InceptionV3([InceptionV3.BLOCK_INDEX_BY_DIM[2048]], resize_input=False, normalize_input=False,
                        use_fid_inception=True)
    # pytorch-fid's four blocks, flattened: Conv2d_1a_3x3 ... Mixed_7c, then the adaptive average pool
    layers = [layer for block in model.blocks for layer in block]
    return Pool3Features(layers), "pytorch-fid FID Inception (pt_inception-2015-12-05-6726825d.pth), pool3, 2048-d"


def random_inception(seed):
    import torchvision

    torch.manual_seed(seed)
    net = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=True)
    pool = lambda: torch.nn.MaxPool2d(kernel_size=3, stride=2)
    layers = [net.Conv2d_1a_3x3, net.Conv2d_2a_3x3, net.Conv2d_2b_3x3, pool(), net.Conv2d_3b_1x1,
              net.Conv2d_4a_3x3, pool(), net.Mixed_5b, net.Mixed_5c, net.Mixed_5d, net.Mixed_6a, net.Mixed_6b,
              net.Mixed_6c, net.Mixed_6d, net.Mixed_6e, net.Mixed_7a, net.Mixed_7b, net.Mixed_7c,
              torch.nn.AdaptiveAvgPool2d(output_size=(1, 1))]
    return Pool3Features(layers), (
        f"torchvision inception_v3 with RANDOM weights (seed {seed}), pytorch-fid resize; NOT FID")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the TorchScript file to write, e.g. fid-inception.pt")
    parser.add_argument("--random-weights", type=int, metavar="SEED",
                        help="torchvision's architecture with random weights (verification only)")
    args = parser.parse_args()
    module, name = random_inception(args.random_weights) if args.random_weights is not None \
        else fid_inception()
    module = module.eval()
    with torch.no_grad():
        traced = torch.jit.trace(module, torch.rand(2, 3, 299, 299))
    meta = {"input": "float01", "features": 2048, "name": name, "fid": args.random_weights is None}
    torch.jit.save(traced, args.out, _extra_files={"genmodels.json": json.dumps(meta)})
    print(f"wrote {args.out}: {name}")


if __name__ == "__main__":
    main()
