"""The naive loop: Pillow composes each frame in RGB, PyAV encodes it. What most people write first.

Each photo is decoded once (EXIF-rotated, contained on a black frame); every frame is then a bicubic resize of
the zoomed region, a blend during crossfades, and an RGB -> yuv420p conversion in the encoder's reformatter.
No threads beyond x264's own, no title or music (W1 only).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageOps

from benchmarks.workloads import FADE_S, FPS, X264_CRF, X264_PRESET, ZOOM, Workload


def _contained(photo: Path, size: tuple[int, int]) -> Image.Image:
    with Image.open(photo) as opened:
        picture = ImageOps.exif_transpose(opened).convert("RGB")
    picture = ImageOps.contain(picture, size, Image.Resampling.BICUBIC)
    frame = Image.new("RGB", size)
    frame.paste(picture, ((size[0] - picture.width) // 2, (size[1] - picture.height) // 2))
    return frame


def _zoomed(still: Image.Image, progress: float) -> Image.Image:
    width, height = still.size
    zoom = 1 + (ZOOM - 1) * progress
    w, h = width / zoom, height / zoom
    box = ((width - w) / 2, (height - h) / 2, (width + w) / 2, (height + h) / 2)
    return still.resize(still.size, Image.Resampling.BICUBIC, box=box)


def available() -> bool:
    return True


def run(w: Workload, out: Path) -> Path:
    if w.caption or w.music:
        raise ValueError("the naive loop renders photos only (no title, no music)")
    n = len(w.photos)
    clip_s = (w.duration_s + (n - 1) * FADE_S) / n
    stills: dict[int, Image.Image] = {}
    with av.open(str(out), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=Fraction(FPS, 1))
        stream.width, stream.height = w.size
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": X264_PRESET, "crf": str(X264_CRF)}
        for index in range(w.frames):
            t = index / FPS
            showing = [i for i in range(n) if i * (clip_s - FADE_S) <= t < i * (clip_s - FADE_S) + clip_s]
            for i in showing:
                if i not in stills:
                    stills[i] = _contained(w.photos[i], w.size)
            for i in list(stills):
                if i not in showing:
                    del stills[i]
            layers = [_zoomed(stills[i], (t - i * (clip_s - FADE_S)) / clip_s) for i in showing]
            picture = layers[0]
            if len(layers) == 2:
                picture = Image.blend(layers[0], layers[1], (t - showing[1] * (clip_s - FADE_S)) / FADE_S)
            frame = av.VideoFrame.from_image(picture)
            frame.pts = index
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out
