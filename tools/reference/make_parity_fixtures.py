"""Builds the tiny-configuration parity fixtures for the Java port.

Run from the repository root with the Debian PyTorch:
    /usr/bin/python3 tools/reference/make_parity_fixtures.py

Writes synthesizer/src/test/resources/parity/:
  weights.safetensors   official parameter names, float32
  inputs.safetensors    image, motion embeddings, cameras (N x 25), stratified jitter, importance u
  expected.safetensors  intermediates and outputs (planes, image_feature, depth, opacity, image_sr)
All computation runs in float64 on the float32-rounded weights and inputs; results are stored as
float32, so the Java side (fp32) should match to ~1e-6 relative.
"""
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portrait4d_ref as ref  # noqa: E402
import safetensors_io  # noqa: E402

OUT = os.path.join("synthesizer", "src", "test", "resources", "parity")
PRESET = "parityTiny"
SEED = 20240917
W_DIM = 512
OFFICIAL_FOCAL = 4.7572


def look_at(eye, target, focal):
    eye, target = torch.tensor(eye, dtype=torch.float64), torch.tensor(target, dtype=torch.float64)
    back = eye - target
    back = back / back.norm()
    right = torch.linalg.cross(torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64), back)
    right = right / right.norm()
    up = torch.linalg.cross(back, right)
    c2w = torch.eye(4, dtype=torch.float64)
    c2w[:3, 0], c2w[:3, 1], c2w[:3, 2], c2w[:3, 3] = right, up, back, eye
    k = torch.tensor([[focal, 0, 0.5], [0, focal, 0.5], [0, 0, 1]], dtype=torch.float64)
    return torch.cat([c2w.reshape(-1), k.reshape(-1)])


def cameras():
    front = torch.eye(4, dtype=torch.float64)
    front[1, 3], front[2, 3] = 0.01, 4.2
    k = torch.tensor([OFFICIAL_FOCAL, 0, 0.5, 0, OFFICIAL_FOCAL, 0.5, 0, 0, 1], dtype=torch.float64)
    yaw, pitch, radius = math.radians(20.0), math.radians(-5.0), 4.0
    eye = [radius * math.cos(pitch) * math.sin(yaw), radius * math.sin(pitch), radius * math.cos(pitch) * math.cos(yaw)]
    return torch.stack([torch.cat([front.reshape(-1), k]), look_at(eye, [0.0, 0.0, 0.0], OFFICIAL_FOCAL)])


def randomise(model, gen):
    """Seeded weights with O(1) activations; norms and SR styles are perturbed so that no
    parameter can be silently ignored by the port."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("noise_strength"):
                p.zero_()
            elif isinstance(dict(model.named_modules()).get(name.rsplit(".", 1)[0]), torch.nn.LayerNorm):
                base = 1.0 if name.endswith("weight") else 0.0
                p.copy_(base + 0.1 * torch.randn(p.shape, generator=gen))
            elif ".affine.bias" in name:
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            elif name.endswith("bias"):
                p.copy_(0.05 * torch.randn(p.shape, generator=gen))
            elif p.dim() >= 2 and not isinstance(dict(model.named_modules()).get(name.rsplit(".", 1)[0]), (ref.FC, ref.SynthesisLayer, ref.ToRGB)):
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=gen) * math.sqrt(2.0 / fan_in))
            else:
                p.copy_(torch.randn(p.shape, generator=gen))
        # a density bias that gives partly opaque rays through the tiny box
        model.decoder.out_sigma.bias.fill_(2.0)
        model.w_avg.copy_(0.5 * torch.randn(model.w_avg.shape, generator=gen))
        for name, b in model.named_buffers():
            if name.endswith("noise_const"):
                b.copy_(torch.randn(b.shape, generator=gen))


def main():
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    p = ref.PRESETS[PRESET]
    model = ref.Portrait4D(PRESET, W_DIM)
    randomise(model, gen)
    model = model.float()  # weights as stored: float32
    state = {k: v.clone() for k, v in model.state_dict().items()}

    n, r = 2, p["render_resolution"]
    inputs = {
        "image": torch.rand(1, 3, p["input_size"], p["input_size"], generator=gen) * 2 - 1,
        "motion_source": torch.randn(1, p["motion_dim"], generator=gen),
        "motion_driving": torch.randn(1, p["motion_dim"], generator=gen),
        "cameras": cameras().float(),
        "stratified_jitter": torch.rand(n, 1, p["stratified"], generator=gen),
        "importance_u": torch.rand(n, r * r, p["importance"], generator=gen),
    }

    model = model.double().eval()
    with torch.no_grad():
        out = model(*(inputs[k].double() for k in
                      ["image", "motion_source", "motion_driving", "cameras", "stratified_jitter", "importance_u"]))
    expected = {k: v.float() for k, v in out.items()}

    os.makedirs(OUT, exist_ok=True)
    meta = {"preset": PRESET, "seed": SEED, "generator": "tools/reference/make_parity_fixtures.py"}
    safetensors_io.save(state, os.path.join(OUT, "weights.safetensors"), meta)
    safetensors_io.save(inputs, os.path.join(OUT, "inputs.safetensors"), meta)
    safetensors_io.save(expected, os.path.join(OUT, "expected.safetensors"), meta)

    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("parameters: %d tensors, %d values" % (len(state), sum(v.numel() for v in state.values())))
    for k, v in expected.items():
        print("%-20s %-22s mean %+.4f std %.4f" % (k, tuple(v.shape), v.mean().item(), v.std().item()))
    print("opacity range: %.3f .. %.3f" % (out["opacity"].min().item(), out["opacity"].max().item()))
    print("fixtures: %d bytes in %s" % (total, OUT))


if __name__ == "__main__":
    main()
