"""A photo's main colours, named the way people name them ("the blue one", "红色那张"), measured once at upload.

Each pixel of a small copy is given one of eleven basic colour names by its hue, saturation and value; the names
that cover a large share of the photo are its main colours. Written here rather than taken from a library: the
colour-naming packages on PyPI (webcolors, colornames) name one RGB value by its nearest CSS colour ("darkslategray"),
which is not what a person means by "the greenish one", and they know nothing of shares of a picture.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

COLOUR_NAMES = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "white", "grey", "black")
SAMPLE_SIDE = 64  # colour shares need no detail
MAIN_SHARE = 0.18  # a colour covering this much of the photo is one of its main colours
MAX_MAIN = 3
# OpenCV's hue runs 0..180 (degrees / 2); the upper bound of each band, in order.
_HUE_BANDS = (
    (8, "red"),
    (20, "orange"),
    (34, "yellow"),
    (85, "green"),
    (130, "blue"),
    (148, "purple"),
    (170, "pink"),
    (181, "red"),
)


def main_colours(image: Image.Image) -> tuple[str, ...]:
    """The colour names covering at least MAIN_SHARE of the photo, largest share first (at least one)."""
    small = image.convert("RGB")
    small.thumbnail((SAMPLE_SIDE, SAMPLE_SIDE), Image.Resampling.BILINEAR)
    hsv = cv2.cvtColor(np.asarray(small), cv2.COLOR_RGB2HSV).reshape(-1, 3).astype(np.int32)
    names = _name_pixels(hsv[:, 0], hsv[:, 1] / 255, hsv[:, 2] / 255)
    counts = np.bincount(names, minlength=len(COLOUR_NAMES)) / max(1, len(names))
    ranked = sorted(range(len(COLOUR_NAMES)), key=lambda i: -counts[i])
    chosen = [COLOUR_NAMES[i] for i in ranked[:MAX_MAIN] if counts[i] >= MAIN_SHARE]
    return tuple(chosen or [COLOUR_NAMES[ranked[0]]])


def _name_pixels(hue: np.ndarray, sat: np.ndarray, val: np.ndarray) -> np.ndarray:
    """Index into COLOUR_NAMES for each pixel."""
    index = {name: i for i, name in enumerate(COLOUR_NAMES)}
    bands = np.array([upper for upper, _ in _HUE_BANDS])
    chromatic = np.array([index[name] for _, name in _HUE_BANDS])[np.searchsorted(bands, hue, side="right")]
    # Dark oranges and reds read as brown; washed-out or very dark pixels have no hue to speak of.
    brownish = np.isin(chromatic, (index["orange"], index["red"])) & (val < 0.6) & (sat > 0.3)
    chromatic = np.where(brownish, index["brown"], chromatic)
    neutral = np.select(
        [val < 0.2, (val > 0.8) & (sat < 0.12)], [index["black"], index["white"]], default=index["grey"]
    )
    is_neutral = (val < 0.2) | (sat < 0.2) | ((sat < 0.3) & (val < 0.35))
    return np.where(is_neutral, neutral, chromatic)
