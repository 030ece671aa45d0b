"""GPU throughput of the PyTorch reference of Portrait4D-v2 (random weights, full preset).

    python3 tools/reference/bench_gpu.py [--frames 50] [--warmup 10] [--preset full]

Reports frames per second at 512x512 output (render 128, 48+48 samples) for:
  full     every encoder per frame (source + driving), 1 view
  cached   source features (F_g, F_d, background) computed once, 1 view
  cached8  cached source features, 8 views rendered from the same triplanes in one batch
each in fp32 and bf16 (autocast). TF32 is disabled so fp32 numbers are true fp32.
Needs a CUDA GPU; the deformer is the identity (use_neck=False), as in the Java port.
"""
import argparse
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portrait4d_ref as ref  # noqa: E402

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False


def orbit_cameras(n, device):
    cams = []
    for i in range(n):
        yaw = math.radians(-30 + 60 * i / max(n - 1, 1))
        eye = torch.tensor([4.2 * math.sin(yaw), 0.0, 4.2 * math.cos(yaw)], dtype=torch.float64)
        back = eye / eye.norm()
        right = torch.linalg.cross(torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64), back)
        right = right / right.norm()
        up = torch.linalg.cross(back, right)
        c2w = torch.eye(4, dtype=torch.float64)
        c2w[:3, 0], c2w[:3, 1], c2w[:3, 2], c2w[:3, 3] = right, up, back, eye
        k = torch.tensor([4.7572, 0, 0.5, 0, 4.7572, 0.5, 0, 0, 1], dtype=torch.float64)
        cams.append(torch.cat([c2w.reshape(-1), k]))
    return torch.stack(cams).float().to(device)


def timed(fn, frames, warmup):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(frames):
        fn()
    torch.cuda.synchronize()
    return frames / (time.perf_counter() - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--preset", default="full")
    args = ap.parse_args()
    dev = torch.device("cuda")
    model = ref.Portrait4D(args.preset).to(dev).eval()
    p = model.p
    s, r = p["input_size"], p["render_resolution"]
    img = torch.rand(1, 3, s, s, device=dev) * 2 - 1
    v_src = torch.randn(1, p["motion_dim"], device=dev)
    v_drv = torch.randn(1, p["motion_dim"], device=dev)
    print("device: %s, torch %s, preset %s, params %.1fM" % (
        torch.cuda.get_device_name(), torch.__version__, args.preset,
        sum(t.numel() for t in model.parameters()) / 1e6))

    def frame(views, cached):
        cams = orbit_cameras(views, dev)
        jitter = torch.rand(views, 1, p["stratified"], device=dev)
        u = torch.rand(views, r * r, p["importance"], device=dev)
        fg, fd, bg = cached if cached is not None else model.source_features(img)
        _, planes = model.triplanes(fg, fd, v_src, v_drv)
        feat, _, _ = ref.render(planes, model.decoder, bg.expand(views, -1, -1, -1), cams, r,
                                p["box_warp"], jitter, u)
        w = model.w_avg.view(1, -1).expand(views, -1)
        return model.superresolution(feat[:, :3], feat, w)

    for dtype in (torch.float32, torch.bfloat16):
        with torch.no_grad(), torch.autocast("cuda", dtype=torch.bfloat16, enabled=dtype == torch.bfloat16):
            cache = model.source_features(img)
            rows = [
                ("full", 1, None),
                ("cached", 1, cache),
                ("cached8", 8, cache),
            ]
            for name, views, cached in rows:
                fps = timed(lambda: frame(views, cached), args.frames, args.warmup)
                print("%-8s %-9s views=%d  %7.2f frames/s  %7.2f views/s" % (
                    name, str(dtype).replace("torch.", ""), views, fps, fps * views))
    print("peak memory: %.2f GiB" % (torch.cuda.max_memory_allocated() / 2 ** 30))


if __name__ == "__main__":
    main()
