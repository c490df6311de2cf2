"""Reads a run's TensorBoard folder with TensorBoard's own EventAccumulator and prints, as JSON,
every scalar (tag -> [[step, value], ...]), every image (tag -> [[step, width, height, sha256 of
the encoded bytes], ...]) and every text (tag -> [[step, text], ...]) it finds.

usage: python read_events.py RUN/tensorboard
"""
import hashlib
import json
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator


def main():
    acc = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0, "images": 0, "tensors": 0})
    acc.Reload()
    tags = acc.Tags()
    out = {"scalars": {}, "images": {}, "text": {}}
    for tag in tags["scalars"]:
        out["scalars"][tag] = [[e.step, e.value] for e in acc.Scalars(tag)]
    for tag in tags["images"]:
        out["images"][tag] = [
            [e.step, e.width, e.height, hashlib.sha256(e.encoded_image_string).hexdigest()] for e in acc.Images(tag)
        ]
    for tag in tags["tensors"]:
        out["text"][tag] = [[e.step, e.tensor_proto.string_val[0].decode("utf-8")] for e in acc.Tensors(tag)]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
