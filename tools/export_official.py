#!/usr/bin/env python3
"""Export the official Portrait4D-v2 weights to one safetensors file for Avatar4D.

What it writes
  * every tensor of the official generator ``G_ema`` state dict (parameters and buffers) under
    its own name: ``encoder_global.encoder.layer1.0.conv1.weight``, ``w_avg``,
    ``superresolution.block0.conv0.affine.weight``, ``deformer.*`` ...;
  * every tensor of PD-FGC's ``motion_model.pth`` under the prefix ``pdfgc.``
    (``pdfgc.model.conv1.weight``, ``pdfgc.to_mouth.0.weight`` ...);
  * all values as float32 (integer counters such as ``num_batches_tracked`` included, so the
    Java reader needs only one dtype), in a file whose ``__metadata__`` records where it came from.

The Java side then maps names, applies the StyleGAN fully-connected gains and folds the
super-resolution styles:

    java -cp synthesizer.jar:<deps> \\
        dev.avatar4d.synthesizer.weights.OfficialCheckpointImporter \\
        official.safetensors avatar4d-full.safetensors

Requirements (the official repository's environment): the Portrait-4D checkout on PYTHONPATH
(its ``portrait4d/`` directory, for ``legacy``, ``dnnlib`` and ``torch_utils``, because the pickle
embeds persistent classes), torch, and ``safetensors`` (``pip install safetensors``).

Usage
    python tools/export_official.py \\
        --network pretrained_models/portrait4d-v2-vfhq512.pkl \\
        --motion pretrained_models/motion_model.pth \\
        --out official.safetensors

This script is not run in our CI (the checkpoints are not redistributable); it only reads the
checkpoints and writes tensors.
"""
import argparse
import sys

import torch


def load_generator(path):
    """Returns the state dict of G_ema from an EG3D-style network pickle."""
    import legacy  # from the official repository's portrait4d/ directory
    import dnnlib

    with dnnlib.util.open_url(path) as f:
        data = legacy.load_network_pkl(f)
    generator = data["G_ema"]
    return {k: v for k, v in generator.state_dict().items()}


def load_motion(path):
    """Returns PD-FGC's state dict, unwrapped from DataParallel or a training checkpoint dict."""
    state = torch.load(path, map_location="cpu")
    for key in ("state_dict", "model", "net_motion"):
        if isinstance(state, dict) and key in state and isinstance(state[key], dict):
            state = state[key]
    cleaned = {}
    for k, v in state.items():
        if not torch.is_tensor(v):
            continue
        cleaned[k[len("module."):] if k.startswith("module.") else k] = v
    return cleaned


def to_float32(tensors):
    return {k: v.detach().to(torch.float32).contiguous().cpu() for k, v in tensors.items()}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--network", required=True, help="official .pkl (e.g. portrait4d-v2-vfhq512.pkl)")
    parser.add_argument("--motion", help="PD-FGC motion_model.pth (omit to export Psi only)")
    parser.add_argument("--out", required=True, help="output .safetensors")
    parser.add_argument("--skip-deformer", action="store_true",
                        help="leave out deformer.* (FLAME) buffers; Avatar4D ignores them anyway")
    args = parser.parse_args(argv)

    from safetensors.torch import save_file

    tensors = load_generator(args.network)
    if args.skip_deformer:
        tensors = {k: v for k, v in tensors.items() if not k.startswith("deformer.")}
    if args.motion:
        for k, v in load_motion(args.motion).items():
            tensors["pdfgc." + k] = v
    tensors = to_float32(tensors)

    w_avg = tensors.get("w_avg")
    if w_avg is not None:
        print(f"w_avg: |w|max = {w_avg.abs().max().item():.6g} (zeros mean SR styles equal the affine biases)")
    metadata = {
        "source": "portrait4d-official",
        "network": args.network,
        "motion": args.motion or "",
        "tensors": str(len(tensors)),
    }
    save_file(tensors, args.out, metadata=metadata)
    print(f"wrote {len(tensors)} tensors to {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
