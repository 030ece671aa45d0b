"""PyTorch reference of the Portrait4D-v2 synthesizer Psi and its volume renderer.

Written from /work/shared/design/portrait4d-v2.md for numerical parity tests of the Java (DJL)
port. Parameter names follow the official state_dict (G_ema), so a checkpoint exported from the
official code loads with strict=False (deformer buffers are not modelled: this project renders
with the identity deformer, i.e. use_neck=False).

Sizes come from a preset dict (see PRESETS) mirroring dev.avatar4d.synthesizer.ModelPreset.
Everything runs in whatever dtype the module is cast to; parity fixtures use float64.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# ----------------------------------------------------------------------------------------------
# Presets (keep in sync with ModelPreset.java)

PRESETS = {
    "full": dict(
        input_size=512, global_stem=64, global_widths=[64, 128, 256, 512], global_depths=[3, 4, 6, 3],
        aspp=256, aspp_rates=[12, 24, 36], detail_stem=64, detail=96, detail_layers=3,
        canonical_dim=1024, canonical_heads=4, canonical_blocks=8, motion_tokens=64,
        motion_hidden=512, canonical_tail=128, triplane_convs1=[256, 128], triplane_dim=1024,
        triplane_heads=2, triplane_blocks=1, triplane_reduction=2, triplane_convs2=[256, 128, 128],
        plane_channels=32, mlp_ratio=2, background_widths=[64, 128, 256, 512], decoder_hidden=64,
        feature_channels=32, render_resolution=128, stratified=48, importance=48, box_warp=1.3,
        sr_channels=[256, 128], output_resolution=512, motion_dim=548),
    # Tiny configuration for parity fixtures. Global widths strictly increase so that the
    # "downsample iff stride or width changes" rule and torchvision's "downsample on the first
    # block of layers 2-4" rule agree.
    "parityTiny": dict(
        input_size=32, global_stem=8, global_widths=[8, 12, 16, 24], global_depths=[1, 1, 1, 1],
        aspp=8, aspp_rates=[1, 2, 3], detail_stem=8, detail=8, detail_layers=3,
        canonical_dim=32, canonical_heads=2, canonical_blocks=2, motion_tokens=4,
        motion_hidden=16, canonical_tail=8, triplane_convs1=[16, 8], triplane_dim=16,
        triplane_heads=2, triplane_blocks=1, triplane_reduction=2, triplane_convs2=[16, 8, 8],
        plane_channels=4, mlp_ratio=2, background_widths=[4, 8, 8, 16], decoder_hidden=8,
        feature_channels=8, render_resolution=8, stratified=8, importance=8, box_warp=1.3,
        sr_channels=[8, 8], output_resolution=32, motion_dim=20),
}


def lrelu(x):
    return F.leaky_relu(x, 0.01)


def add_coord(img):
    b, _, h, w = img.shape
    ys = torch.linspace(-1, 1, h, dtype=img.dtype, device=img.device)
    xs = torch.linspace(-1, 1, w, dtype=img.dtype, device=img.device)
    # channel order: x (varies along width) then y (varies along height)
    x = xs.view(1, 1, 1, w).expand(b, 1, h, w)
    y = ys.view(1, 1, h, 1).expand(b, 1, h, w)
    return torch.cat([img, x, y], 1)


def conv(i, o, k=3, stride=1, pad=None, dil=1, bias=True, groups=1):
    pad = (k // 2) * dil if pad is None else pad
    return nn.Conv2d(i, o, k, stride=stride, padding=pad, dilation=dil, bias=bias, groups=groups)


class Act(nn.Module):
    """Parameterless activation placeholder that keeps Sequential indices official."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


# ----------------------------------------------------------------------------------------------
# encoder_global: ResNet-34 without norm layers, output stride 8, DeepLabV3 head without BN

class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride, dil, downsample):
        super().__init__()
        self.conv1 = conv(cin, cout, 3, stride=stride, dil=dil, bias=False)
        self.conv2 = conv(cout, cout, 3, dil=dil, bias=False)
        # official: Sequential(conv1x1, norm(=Identity)) -> key downsample.0.weight
        self.downsample = nn.Sequential(conv(cin, cout, 1, stride=stride, pad=0, bias=False)) if downsample else None

    def forward(self, x):
        y = self.conv2(F.relu(self.conv1(x)))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class ResNetDilated(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.conv1 = conv(5, p["global_stem"], 7, stride=2, pad=3, bias=False)
        strides, dils = [1, 2, 1, 1], [1, 1, 2, 4]
        cin = p["global_stem"]
        for s in range(4):
            blocks = []
            for i in range(p["global_depths"][s]):
                cout = p["global_widths"][s]
                first = i == 0
                # torchvision creates the projection on the first block of layers 2-4 (their original
                # stride is 2, later replaced by dilation) or when widths differ
                down = first and (s > 0 or cin != cout)
                blocks.append(BasicBlock(cin, cout, strides[s] if first else 1, dils[s], down))
                cin = cout
            setattr(self, "layer%d" % (s + 1), nn.Sequential(*blocks))

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 3, 2, 1)
        for s in range(4):
            x = getattr(self, "layer%d" % (s + 1))(x)
        return x


class ASPP(nn.Module):
    def __init__(self, cin, cout, rates):
        super().__init__()
        branches = [nn.Sequential(conv(cin, cout, 1, pad=0, bias=False), Act(F.relu))]
        for r in rates:
            branches.append(nn.Sequential(conv(cin, cout, 3, dil=r, bias=False), Act(F.relu)))
        branches.append(nn.Sequential(nn.AdaptiveAvgPool2d(1), conv(cin, cout, 1, pad=0, bias=False), Act(F.relu)))
        self.convs = nn.ModuleList(branches)
        self.project = nn.Sequential(conv(cout * (len(rates) + 2), cout, 1, pad=0, bias=False), Act(F.relu))

    def forward(self, x):
        outs = []
        for i, m in enumerate(self.convs):
            y = m(x)
            if i == len(self.convs) - 1:
                y = F.interpolate(y, size=x.shape[-2:], mode="bilinear", align_corners=False)
            outs.append(y)
        return self.project(torch.cat(outs, 1))


class EncoderGlobal(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.encoder = ResNetDilated(p)
        self.decoder = nn.Sequential(
            ASPP(p["global_widths"][3], p["aspp"], p["aspp_rates"]),
            conv(p["aspp"], p["aspp"], 3, bias=False), Act(F.relu))

    def forward(self, img):
        return self.decoder(self.encoder(add_coord(img)))


class EncoderDetail(nn.Module):
    def __init__(self, p):
        super().__init__()
        layers = [conv(5, p["detail_stem"], 7, stride=2, pad=3), Act(lrelu),
                  conv(p["detail_stem"], p["detail"]), Act(lrelu)]
        for _ in range(p["detail_layers"]):
            layers += [conv(p["detail"], p["detail"]), Act(lrelu)]
        self.encoder = nn.Sequential(*layers)

    def forward(self, img):
        return self.encoder(add_coord(img))


# ----------------------------------------------------------------------------------------------
# Mix-Transformer pieces

class PatchEmbed(nn.Module):
    def __init__(self, cin, dim):
        super().__init__()
        self.proj = conv(cin, dim, 3, stride=2, pad=1)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        x = self.proj(x)
        h, w = x.shape[-2:]
        return self.norm(x.flatten(2).transpose(1, 2)), h, w


class DWConv(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dwconv = conv(dim, dim, 3, groups=dim)

    def forward(self, x, h, w):
        b, n, c = x.shape
        return self.dwconv(x.transpose(1, 2).reshape(b, c, h, w)).flatten(2).transpose(1, 2)


class MixFFN(nn.Module):
    def __init__(self, dim, ratio):
        super().__init__()
        self.fc1 = nn.Linear(dim, dim * ratio)
        self.dwconv = DWConv(dim * ratio)
        self.fc2 = nn.Linear(dim * ratio, dim)

    def forward(self, x, h, w):
        return self.fc2(F.gelu(self.dwconv(self.fc1(x), h, w)))


def attend(q_in, kv_in, q, kv, proj, heads):
    b, n, c = q_in.shape
    d = c // heads
    qh = q(q_in).reshape(b, n, heads, d).transpose(1, 2)
    k, v = kv(kv_in).reshape(b, -1, 2, heads, d).permute(2, 0, 3, 1, 4)
    a = torch.softmax(qh @ k.transpose(-2, -1) * d ** -0.5, -1)
    return proj((a @ v).transpose(1, 2).reshape(b, n, c))


class SelfAttention(nn.Module):
    def __init__(self, dim, heads, sr=1):
        super().__init__()
        self.heads, self.sr_ratio = heads, sr
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)
        if sr > 1:
            self.sr = nn.Conv2d(dim, dim, sr, stride=sr)
            self.norm = nn.LayerNorm(dim)

    def forward(self, x, h, w):
        src = x
        if self.sr_ratio > 1:
            b, n, c = x.shape
            src = self.sr(x.transpose(1, 2).reshape(b, c, h, w)).flatten(2).transpose(1, 2)
            src = self.norm(src)
        return attend(x, src, self.q, self.kv, self.proj, self.heads)


class CrossAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(dim, 2 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, y):
        return attend(x, y, self.q, self.kv, self.proj, self.heads)


class Block(nn.Module):
    def __init__(self, dim, heads, ratio, sr):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads, sr)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = MixFFN(dim, ratio)

    def forward(self, x, h, w):
        x = x + self.attn(self.norm1(x), h, w)
        return x + self.mlp(self.norm2(x), h, w)


class BlockCross(nn.Module):
    def __init__(self, dim, heads, ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn1 = SelfAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.attn2 = CrossAttention(dim, heads)
        self.norm3 = nn.LayerNorm(dim)
        self.mlp = MixFFN(dim, ratio)

    def forward(self, x, y, h, w, scale):
        x = x + scale * self.attn2(self.norm2(x), y)
        x = x + self.attn1(self.norm1(x), h, w)
        return x + self.mlp(self.norm3(x), h, w)


class EncoderCanonical(nn.Module):
    def __init__(self, p):
        super().__init__()
        dim, hid = p["canonical_dim"], p["motion_hidden"]
        self.tokens = p["motion_tokens"]
        mapping = lambda: nn.ModuleList([nn.Linear(p["motion_dim"], hid), Act(lrelu), nn.Linear(hid, hid), Act(lrelu)])
        self.maps = mapping()
        self.maps_neutral = mapping()
        self.proj_y_neutral = nn.Linear(hid, self.tokens * dim)
        self.proj_y = nn.Linear(hid, self.tokens * dim)
        self.patch_embed = PatchEmbed(p["aspp"], dim)
        half = p["canonical_blocks"] // 2
        self.trans_blocks_neutral = nn.ModuleList([BlockCross(dim, p["canonical_heads"], p["mlp_ratio"]) for _ in range(half)])
        self.trans_blocks_motion = nn.ModuleList([BlockCross(dim, p["canonical_heads"], p["mlp_ratio"]) for _ in range(half)])
        t = p["canonical_tail"]
        up = Act(lambda x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True))
        self.convs = nn.Sequential(up, conv(dim // 4, t), Act(F.relu), up, conv(t, t), Act(F.relu), conv(t, p["detail"]))

    def forward(self, fg, v_drv, v_src, scale=1.0):
        b = fg.shape[0]
        for m in self.maps:
            v_drv = m(v_drv)
        for m in self.maps_neutral:
            v_src = m(v_src)
        y = self.proj_y(v_drv).reshape(b, self.tokens, -1)
        y_src = self.proj_y_neutral(v_src).reshape(b, self.tokens, -1)
        x, h, w = self.patch_embed(fg)
        for blk in self.trans_blocks_neutral:
            x = blk(x, y_src, h, w, scale)
        for blk in self.trans_blocks_motion:
            x = blk(x, y, h, w, scale)
        x = F.pixel_shuffle(x.reshape(b, h, w, -1).permute(0, 3, 1, 2), 2)
        return self.convs(x)


class DecoderTriplane(nn.Module):
    def __init__(self, p):
        super().__init__()
        c1, c2 = p["triplane_convs1"], p["triplane_convs2"]
        dim = p["triplane_dim"]
        self.convs1 = nn.Sequential(conv(2 * p["detail"], c1[0]), Act(lrelu), conv(c1[0], c1[1]), Act(lrelu))
        self.patch_embed = PatchEmbed(c1[1], dim)
        self.trans_blocks = nn.ModuleList([Block(dim, p["triplane_heads"], p["mlp_ratio"], p["triplane_reduction"])
                                           for _ in range(p["triplane_blocks"])])
        self.convs2 = nn.Sequential(conv(dim // 4 + p["detail"], c2[0]), Act(lrelu), conv(c2[0], c2[1]), Act(lrelu),
                                    conv(c2[1], c2[2]), Act(lrelu))
        self.conv_last = conv(c2[2], 3 * p["plane_channels"])

    def forward(self, fc, fd):
        x = self.convs1(torch.cat([fc, fd], 1))
        b = x.shape[0]
        x, h, w = self.patch_embed(x)
        for blk in self.trans_blocks:
            x = blk(x, h, w)
        x = F.pixel_shuffle(x.reshape(b, h, w, -1).permute(0, 3, 1, 2), 2)
        return self.conv_last(self.convs2(torch.cat([x, fc], 1)))


# ----------------------------------------------------------------------------------------------
# background UNet

class Down(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.op = conv(cin, cout, 3, stride=2, pad=1)

    def forward(self, x):
        return self.op(x)


class Up(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = conv(cin, cout)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2, mode="nearest"))


class EncoderBG(nn.Module):
    def __init__(self, p):
        super().__init__()
        w0, w1, w2, w3 = p["background_widths"]
        self.input_conv = nn.Sequential(conv(5, w0, 3, stride=2, pad=1), Act(lrelu))
        self.down_conv_1 = nn.Sequential(conv(w0, w0), Act(lrelu), Down(w0, w1))
        self.down_conv_2 = nn.Sequential(conv(w1, w1), Act(lrelu), Down(w1, w2))
        self.down_conv_3 = nn.Sequential(conv(w2, w2), Act(lrelu), Down(w2, w3))
        self.middle = nn.Sequential(conv(w3, w3), Act(lrelu))
        self.up_conv_1 = nn.Sequential(conv(2 * w3, w2), Act(lrelu), Up(w2, w2))
        self.up_conv_2 = nn.Sequential(conv(2 * w2, w1), Act(lrelu), Up(w1, w1))
        self.up_conv_3 = nn.Sequential(conv(2 * w1, w0), Act(lrelu), Up(w0, w0))
        self.up_conv_4 = nn.Sequential(conv(2 * w0, w0), Act(lrelu), Up(w0, w0))
        self.out_conv = conv(w0, p["feature_channels"])

    def forward(self, img):
        h1 = self.input_conv(add_coord(img))
        h2 = self.down_conv_1(h1)
        h3 = self.down_conv_2(h2)
        h4 = self.down_conv_3(h3)
        x = self.up_conv_1(torch.cat([self.middle(h4), h4], 1))
        x = self.up_conv_2(torch.cat([x, h3], 1))
        x = self.up_conv_3(torch.cat([x, h2], 1))
        x = self.up_conv_4(torch.cat([x, h1], 1))
        return self.out_conv(x)


# ----------------------------------------------------------------------------------------------
# OSG decoder (StyleGAN FullyConnectedLayer: runtime gain 1/sqrt(in), lr_mul = 1)

class FC(nn.Module):
    def __init__(self, i, o, bias_init=0.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(o, i))
        self.bias = nn.Parameter(torch.full([o], float(bias_init)))

    def forward(self, x):
        return F.linear(x, self.weight / math.sqrt(self.weight.shape[1]), self.bias)


class OSGDecoder(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.net = nn.Sequential(FC(p["plane_channels"], p["decoder_hidden"]), nn.Softplus())
        self.out_sigma = FC(p["decoder_hidden"], 1)
        self.out_rgb = FC(p["decoder_hidden"], p["feature_channels"])

    def forward(self, f):
        h = self.net(f)
        return torch.sigmoid(self.out_rgb(h)) * 1.002 - 0.001, self.out_sigma(h)


# ----------------------------------------------------------------------------------------------
# Super-resolution (StyleGAN2 skip blocks, modulated convs evaluated explicitly, no noise)

FIR = [1.0, 3.0, 3.0, 1.0]
CLAMP = 256.0


def fir_kernel(dtype, device):
    f = torch.tensor(FIR, dtype=dtype, device=device)
    f = torch.outer(f, f)
    return f / f.sum()


def fir_filter(x, pad, gain):
    """Depthwise 4x4 FIR (symmetric, so correlation == convolution) with zero padding."""
    c = x.shape[1]
    k = (fir_kernel(x.dtype, x.device) * gain).view(1, 1, 4, 4).repeat(c, 1, 1, 1)
    return F.conv2d(F.pad(x, pad), k, groups=c)


def upsample2d(x):
    b, c, h, w = x.shape
    z = torch.zeros(b, c, 2 * h, 2 * w, dtype=x.dtype, device=x.device)
    z[:, :, ::2, ::2] = x
    return fir_filter(z, [2, 1, 2, 1], 4.0)


class SynthesisLayer(nn.Module):
    def __init__(self, cin, cout, w_dim, resolution, up):
        super().__init__()
        self.up = up
        self.affine = FC(w_dim, cin, bias_init=1.0)
        self.weight = nn.Parameter(torch.randn(cout, cin, 3, 3))
        self.bias = nn.Parameter(torch.zeros(cout))
        # present in official checkpoints; unused with noise_mode='none'
        self.register_buffer("noise_const", torch.randn(resolution, resolution))
        self.noise_strength = nn.Parameter(torch.zeros([]))
        if up > 1:
            self.register_buffer("resample_filter", fir_kernel(torch.float32, "cpu"))

    def forward(self, x, w):
        s = self.affine(w)  # (B, cin)
        wt = self.weight.unsqueeze(0) * s.view(s.shape[0], 1, -1, 1, 1)
        wt = wt * (wt.square().sum([2, 3, 4], keepdim=True) + 1e-8).rsqrt()
        outs = []
        for i in range(x.shape[0]):
            xi = x[i:i + 1]
            if self.up > 1:
                y = F.conv_transpose2d(xi, wt[i].transpose(0, 1), stride=2)
                y = fir_filter(y, [1, 1, 1, 1], 4.0)
            else:
                y = F.conv2d(xi, wt[i], padding=1)
            outs.append(y)
        y = torch.cat(outs, 0) + self.bias.view(1, -1, 1, 1)
        return (F.leaky_relu(y, 0.2) * math.sqrt(2)).clamp(-CLAMP, CLAMP)


class ToRGB(nn.Module):
    def __init__(self, cin, w_dim):
        super().__init__()
        self.affine = FC(w_dim, cin, bias_init=1.0)
        self.weight = nn.Parameter(torch.randn(3, cin, 1, 1))
        self.bias = nn.Parameter(torch.zeros(3))

    def forward(self, x, w):
        s = self.affine(w) / math.sqrt(self.weight.shape[1])
        outs = [F.conv2d(x[i:i + 1], self.weight * s[i].view(1, -1, 1, 1)) for i in range(x.shape[0])]
        return (torch.cat(outs, 0) + self.bias.view(1, -1, 1, 1)).clamp(-CLAMP, CLAMP)


class SynthesisBlock(nn.Module):
    def __init__(self, cin, cout, w_dim, resolution):
        super().__init__()
        self.register_buffer("resample_filter", fir_kernel(torch.float32, "cpu"))
        self.conv0 = SynthesisLayer(cin, cout, w_dim, resolution, up=2)
        self.conv1 = SynthesisLayer(cout, cout, w_dim, resolution, up=1)
        self.torgb = ToRGB(cout, w_dim)

    def forward(self, x, img, w):
        x = self.conv1(self.conv0(x, w), w)
        return x, upsample2d(img) + self.torgb(x, w)


class SuperResolution(nn.Module):
    def __init__(self, p, w_dim):
        super().__init__()
        r = p["render_resolution"]
        c0, c1 = p["sr_channels"]
        self.block0 = SynthesisBlock(p["feature_channels"], c0, w_dim, 2 * r)
        self.block1 = SynthesisBlock(c0, c1, w_dim, 4 * r)

    def forward(self, rgb, feat, w):
        x, img = self.block0(feat, rgb, w)
        _, img = self.block1(x, img, w)
        return img


# ----------------------------------------------------------------------------------------------
# Renderer (identity deformer, auto-plane near/far, explicit noise)

def rays(c, r):
    """c: (N, 25) -> origins (N,1,3), unit directions (N,R*R,3), near/far (N,1,1) (box applied later)."""
    c2w = c[:, :16].view(-1, 4, 4)
    k = c[:, 16:].view(-1, 3, 3)
    idx = (torch.arange(r, dtype=c.dtype, device=c.device) + 0.5) / r
    v, u = torch.meshgrid(idx, idx, indexing="ij")  # rows (v) then columns (u)
    u, v = u.reshape(1, -1), v.reshape(1, -1)
    fx, fy, cx, cy = (k[:, 0, 0:1], k[:, 1, 1:2], k[:, 0, 2:3], k[:, 1, 2:3])
    d_cam = torch.stack([(u - cx) / fx, -(v - cy) / fy, -torch.ones_like(u - cx)], -1)
    d = F.normalize(d_cam @ c2w[:, :3, :3].transpose(1, 2), dim=-1)
    origin = c2w[:, :3, 3].unsqueeze(1)
    cam_z = torch.linalg.inv(c2w)[:, 2, 3].abs().view(-1, 1, 1)
    return origin, d, cam_z


def sample_planes(planes, pts, box_warp):
    """planes (B,3,C,H,W) with B in {1,N}; pts (N,P,3) -> (N,P,C) mean over planes."""
    n, p, _ = pts.shape
    b, _, c, h, w = planes.shape
    q = (pts * (2.0 / box_warp)).reshape(b, -1, 3)
    grids = torch.stack([q[..., [0, 1]], q[..., [1, 2]], q[..., [2, 0]]], 1).reshape(b * 3, 1, -1, 2)
    out = F.grid_sample(planes.reshape(b * 3, c, h, w), grids, mode="bilinear", padding_mode="zeros", align_corners=False)
    return out.reshape(b, 3, c, -1).mean(1).permute(0, 2, 1).reshape(n, p, c)


def march(colors, sigma_raw, t):
    delta = t[..., 1:] - t[..., :-1]
    c_mid = (colors[:, :, 1:] + colors[:, :, :-1]) / 2
    s_mid = F.softplus((sigma_raw[..., 1:] + sigma_raw[..., :-1]) / 2 - 1)
    t_mid = (t[..., 1:] + t[..., :-1]) / 2
    alpha = 1 - torch.exp(-s_mid * delta)
    keep = torch.cat([torch.ones_like(alpha[..., :1]), 1 - alpha + 1e-10], -1)
    wts = alpha * torch.cumprod(keep, -1)[..., :-1]
    feat = (wts.unsqueeze(-1) * c_mid).sum(2)
    opacity = wts.sum(-1, keepdim=True)
    depth = torch.nan_to_num((wts * t_mid).sum(-1, keepdim=True) / opacity, float("inf"))
    return feat, depth.clamp(t.min(), t.max()), opacity, wts


def importance(t, wts, u):
    with torch.no_grad():
        w = F.max_pool1d(wts.reshape(-1, 1, wts.shape[-1]), 2, 1, padding=1)
        w = F.avg_pool1d(w, 2, 1).reshape(wts.shape) + 0.01
        w = w[..., 1:-1] + 1e-5
        mids = (t[..., 1:] + t[..., :-1]) / 2
        pdf = w / w.sum(-1, keepdim=True)
        cdf = torch.cat([torch.zeros_like(pdf[..., :1]), pdf.cumsum(-1)], -1)
        k = w.shape[-1]
        ind = torch.searchsorted(cdf.contiguous(), u.contiguous(), right=True)
        lo, hi = (ind - 1).clamp(min=0), ind.clamp(max=k)
        c_lo, c_hi = cdf.gather(-1, lo), cdf.gather(-1, hi)
        b_lo, b_hi = mids.gather(-1, lo), mids.gather(-1, hi)
        den = c_hi - c_lo
        den = torch.where(den < 1e-5, torch.ones_like(den), den)
        return b_lo + (u - c_lo) / den * (b_hi - b_lo)


def render(planes, decoder, background, c, r, box_warp, jitter, u):
    """Returns feature image (N,Cf,R,R) composited and x2-1, depth (N,1,R,R), opacity (N,1,R,R)."""
    origin, d, cam_z = rays(c, r)
    n, m = d.shape[:2]
    s = jitter.shape[-1]
    near, far = cam_z - box_warp / 2, cam_z + box_warp / 2
    k = torch.arange(s, dtype=c.dtype, device=c.device).view(1, 1, s)
    t = (near + (k + jitter) * (far - near) / (s - 1)).expand(n, m, s)

    def evaluate(ts):
        pts = origin.unsqueeze(2) + ts.unsqueeze(-1) * d.unsqueeze(2)
        rgb, sig = decoder(sample_planes(planes, pts.reshape(n, -1, 3), box_warp))
        return rgb.reshape(n, m, ts.shape[-1], -1), sig.reshape(n, m, ts.shape[-1])

    col, sig = evaluate(t)
    if u is not None and u.shape[-1] > 0:
        _, _, _, wts = march(col, sig, t)
        t_f = importance(t, wts, u)
        col_f, sig_f = evaluate(t_f)
        t_all = torch.cat([t, t_f], -1)
        t, order = torch.sort(t_all, -1)
        col = torch.cat([col, col_f], 2).gather(2, order.unsqueeze(-1).expand(-1, -1, -1, col.shape[-1]))
        sig = torch.cat([sig, sig_f], -1).gather(-1, order)
    feat, depth, opacity, _ = march(col, sig, t)
    if background is not None:
        bg = background.reshape(background.shape[0], background.shape[1], -1).permute(0, 2, 1)
        feat = feat + (1 - opacity) * bg
    img = lambda a: a.reshape(n, r, r, -1).permute(0, 3, 1, 2)
    return img(feat * 2 - 1), img(depth), img(opacity)


# ----------------------------------------------------------------------------------------------
# Psi

class Portrait4D(nn.Module):
    def __init__(self, preset, w_dim=512):
        super().__init__()
        self.p = p = PRESETS[preset] if isinstance(preset, str) else preset
        self.encoder_global = EncoderGlobal(p)
        self.encoder_detail = EncoderDetail(p)
        self.encoder_canonical = EncoderCanonical(p)
        self.generator_triplane = DecoderTriplane(p)
        self.background = EncoderBG(p)
        self.superresolution = SuperResolution(p, w_dim)
        self.decoder = OSGDecoder(p)
        self.register_buffer("w_avg", torch.zeros(w_dim))

    def source_features(self, img):
        """Per-source caches: F_g, F_d, background features resized to the render size."""
        r = self.p["render_resolution"]
        bg = torch.sigmoid(self.background(img))
        if bg.shape[-1] != r:
            bg = F.interpolate(bg, size=(r, r), mode="bilinear", align_corners=False)
        return self.encoder_global(img), self.encoder_detail(img), bg

    def triplanes(self, fg, fd, v_src, v_drv, motion_scale=1.0):
        fc = self.encoder_canonical(fg, v_drv, v_src, motion_scale)
        planes = self.generator_triplane(fc, fd)
        return fc, planes.view(planes.shape[0], 3, -1, planes.shape[-2], planes.shape[-1])

    def forward(self, img, v_src, v_drv, cams, jitter, u):
        fg, fd, bg = self.source_features(img)
        fc, planes = self.triplanes(fg, fd, v_src, v_drv)
        feat, depth, opacity = render(planes, self.decoder, bg, cams, self.p["render_resolution"],
                                      self.p["box_warp"], jitter, u)
        w = self.w_avg.view(1, -1).expand(feat.shape[0], -1)
        sr = self.superresolution(feat[:, :3], feat, w)
        return dict(features_global=fg, features_detail=fd, features_canonical=fc, background=bg,
                    planes=planes, image_feature=feat, image_depth=depth, opacity=opacity, image_sr=sr)
