#!/usr/bin/env python3
"""Draws the demo job's inputs: a stylised portrait (the source) and driving frames in which the
mouth opens, the eyes blink and the head smiles. Everything is drawn here, so the images carry no
third-party rights. Deterministic; run from the repository root:

    /usr/bin/python3 tools/make_sample_inputs.py
"""
import math
import os
from PIL import Image, ImageDraw, ImageFilter

OUT = "devstack/src/main/resources/dev/avatar4d/devstack/sample"
SIZE = 512


def portrait(mouth_open=0.0, blink=0.0, smile=0.0, brow=0.0):
    img = Image.new("RGB", (SIZE, SIZE), (92, 104, 128))
    d = ImageDraw.Draw(img)
    # Background gradient, so the background encoder has something to see.
    for y in range(SIZE):
        c = int(80 + 60 * y / SIZE)
        d.line([(0, y), (SIZE, y)], fill=(c - 10, c, c + 25))
    cx, cy = SIZE // 2, int(SIZE * 0.52)
    # Shoulders and neck.
    d.ellipse([cx - 210, cy + 150, cx + 210, cy + 420], fill=(60, 70, 110))
    d.rectangle([cx - 45, cy + 90, cx + 45, cy + 190], fill=(214, 170, 140))
    # Hair behind the head.
    d.ellipse([cx - 135, cy - 190, cx + 135, cy + 90], fill=(70, 45, 30))
    # Face with a soft side shading.
    face = Image.new("RGB", (SIZE, SIZE), (0, 0, 0))
    fd = ImageDraw.Draw(face)
    for i in range(40):
        t = i / 39
        shade = (int(228 - 40 * t), int(184 - 36 * t), int(152 - 30 * t))
        inset = int(i * 1.5)
        fd.ellipse([cx - 115 + inset, cy - 150 + inset // 2, cx + 115 - inset // 3, cy + 140 - inset // 2], fill=shade)
    mask = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(mask).ellipse([cx - 115, cy - 150, cx + 115, cy + 140], fill=255)
    img.paste(face, (0, 0), mask)
    d = ImageDraw.Draw(img)
    # Fringe.
    d.chord([cx - 120, cy - 170, cx + 120, cy - 20], 180, 360, fill=(70, 45, 30))
    # Eyes: whites, iris, lids closing with blink.
    for side in (-1, 1):
        ex, ey = cx + side * 48, cy - 25
        open_h = max(2, int(16 * (1 - blink)))
        d.ellipse([ex - 26, ey - open_h, ex + 26, ey + open_h], fill=(245, 245, 240))
        if open_h > 5:
            d.ellipse([ex - 11, ey - min(11, open_h), ex + 11, ey + min(11, open_h)], fill=(60, 100, 70))
            d.ellipse([ex - 5, ey - 5, ex + 5, ey + 5], fill=(15, 15, 15))
        d.arc([ex - 28, ey - open_h - 2, ex + 28, ey + open_h + 2], 180, 360, fill=(90, 60, 50), width=3)
        by = ey - 34 - int(12 * brow)
        d.line([(ex - 28, by + 6), (ex, by), (ex + 28, by + 4)], fill=(60, 40, 28), width=7)
    # Nose.
    d.polygon([(cx, cy - 10), (cx - 16, cy + 38), (cx + 12, cy + 40)], fill=(200, 150, 122))
    # Mouth: lips and an opening that grows with mouth_open; corners rise with smile.
    my = cy + 78
    w = 46 + int(14 * smile)
    lift = int(14 * smile)
    gap = int(30 * mouth_open)
    d.polygon([(cx - w, my - lift), (cx, my - 8), (cx + w, my - lift), (cx, my + 4 + gap // 3)], fill=(170, 70, 75))
    if gap > 2:
        d.ellipse([cx - w + 12, my - 4, cx + w - 12, my + gap], fill=(50, 15, 20))
    d.chord([cx - w, my - lift - 6, cx + w, my + 18 + gap], 0, 180, fill=(180, 80, 85))
    return img.filter(ImageFilter.GaussianBlur(1.2))


def main():
    os.makedirs(OUT, exist_ok=True)
    portrait().save(os.path.join(OUT, "source.png"))
    frames = 6
    for i in range(frames):
        t = i / (frames - 1)
        phase = math.sin(math.pi * t)
        img = portrait(mouth_open=phase, blink=1.0 if i == 3 else 0.0, smile=t, brow=phase * 0.5)
        img.save(os.path.join(OUT, "driving-%02d.png" % i))


if __name__ == "__main__":
    main()
