"""How smoothly a contender's Ken Burns zoom moves, measured on its output video.

The motion probe (workload M) is one photo: a dark field with a soft bright vertical line near the left edge (a
Gaussian profile: x264 keeps smooth shapes faithfully, so what we measure is the motion, not coding noise). While
the view zooms in, the bar drifts towards the frame's edge by a steadily changing amount each frame. We find the
bar's centre in every decoded frame to a small fraction of a pixel (intensity-weighted, averaged over hundreds of
rows, so x264's noise averages out), take the frame-to-frame steps, and compare them with a smooth curve fitted
through them (a cubic, which follows any easing). The largest departure is the jitter, in output pixels at the
frame edge; the issue's bar for photoreel is 0.1 px.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

DARK, BRIGHT = 40, 230
BAR_AT, BAR_SIGMA = 0.07, 0.004  # of the photo's width: close to the left edge, where zooming moves it most


@dataclass(frozen=True)
class Smoothness:
    max_jitter_px: float
    rms_jitter_px: float
    backward_steps: int
    frames: int


def probe_pixels(width: int, height: int) -> np.ndarray:
    x = np.arange(width) / width
    profile = DARK + (BRIGHT - DARK) * np.exp(-0.5 * ((x - BAR_AT) / BAR_SIGMA) ** 2)
    row = np.round(profile).astype(np.uint8)
    return np.repeat(np.broadcast_to(row[None, :, None], (height, width, 1)), 3, axis=2)


def bar_position(luma: np.ndarray) -> float:
    """The line's centre in one full-range luma picture, in pixels from the left edge (NaN if not visible)."""
    h, w = luma.shape
    band = luma[int(0.3 * h) : int(0.7 * h), : int(0.25 * w)].astype(np.float64)
    weight = np.clip((band - DARK) / (BRIGHT - DARK), 0, 1).mean(axis=0)
    total = weight.sum()
    return float((weight * np.arange(weight.size)).sum() / total) if total > 2 else float("nan")


def bar_positions(video: Path) -> np.ndarray:
    with av.open(str(video)) as container:
        return np.asarray([bar_position(frame.to_ndarray(format="gray")) for frame in container.decode(video=0)])


def composed_positions(frames: list[av.VideoFrame]) -> np.ndarray:
    """The same for frames before encoding (BT.709 limited-range yuv420p, as photoreel composes them)."""
    height = frames[0].height
    return np.asarray([bar_position((f.to_ndarray()[:height] - 16.0) * 255 / 219) for f in frames])


def smoothness(positions: np.ndarray) -> Smoothness:
    positions = positions[~np.isnan(positions)]
    steps = np.diff(positions)
    index = np.arange(steps.size)
    trend = np.polyval(np.polyfit(index, steps, 3), index)
    jitter = steps - trend
    direction = np.sign(np.median(steps))
    return Smoothness(
        max_jitter_px=float(np.abs(jitter).max()),
        rms_jitter_px=float(np.sqrt((jitter**2).mean())),
        backward_steps=int((np.sign(steps) == -direction).sum()),
        frames=int(positions.size),
    )
