"""Demo photos made on the spot, so `make run` shows a real video with nothing downloaded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

# Sky, sea, sand, sunset, forest: two-colour gradients with a shape, in landscape and portrait sizes.
_SCENES = (
    ("sky", (1600, 1200), (70, 130, 220), (200, 230, 255)),
    ("sea", (1200, 1600), (10, 60, 120), (40, 160, 180)),
    ("sand", (1920, 1080), (240, 210, 150), (190, 140, 80)),
    ("sunset", (1600, 1200), (250, 120, 60), (90, 30, 90)),
    ("forest", (1400, 1400), (30, 90, 40), (150, 200, 90)),
)


def make_demo_photos(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (name, (w, h), top, bottom) in enumerate(_SCENES, start=1):
        ramp = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
        pixels = np.array(top, np.float32) * (1 - ramp) + np.array(bottom, np.float32) * ramp
        img = Image.fromarray(np.broadcast_to(pixels, (h, w, 3)).astype(np.uint8))
        draw = ImageDraw.Draw(img)
        r = min(w, h) // 6
        cx, cy = w * (0.3 + 0.1 * i), h * 0.4
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 240, 200))
        path = folder / f"{i:02d}-{name}.jpg"
        img.save(path, quality=88)
        paths.append(path)
    return paths
