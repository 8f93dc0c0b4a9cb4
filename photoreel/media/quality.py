"""How good a photo is, measured once at upload from a small copy: sharpness (variance of the Laplacian),
exposure (mean brightness and the share of blown or crushed pixels), main colours and a perceptual hash
(imagehash's pHash) that near-duplicates share. The agent picks and drops shots by these; nothing is
re-analysed per render."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import imagehash
import numpy as np
from PIL import Image, ImageOps

from photoreel.media.colours import main_colours
from photoreel.media.faces import Box, find_faces, salient_region

ANALYSIS_SIDE = 512  # long side of the copy measured: sharpness is judged at the same scale for every photo


@dataclass(frozen=True)
class PhotoQuality:
    sharpness: float  # variance of the Laplacian of the 512-px grey copy: ~10 is soft, hundreds is crisp
    exposure: float  # mean brightness 0..1
    warmth: float  # mean (red - blue) / 255: above ~0.05 reads as warm light, below ~-0.05 as cool
    clipped: float  # share of pixels at pure black or pure white
    phash: str  # 64-bit pHash as hex
    faces: tuple[Box, ...] = ()  # of the upright photo (media/faces.py)
    salient: Box | None = None  # where the detail is, for photos without faces
    colours: tuple[str, ...] = ()  # main colour names, largest share first (media/colours.py)


def measure(image: Image.Image) -> PhotoQuality:
    """Measured on the photo as decoded; faces on its upright copy (EXIF orientation applied)."""
    upright = ImageOps.exif_transpose(image) or image
    faces = find_faces(upright)
    small = image.copy()
    small.thumbnail((ANALYSIS_SIDE, ANALYSIS_SIDE), Image.Resampling.BILINEAR)
    grey = np.asarray(small.convert("L"))
    sharpness = float(cv2.Laplacian(grey, cv2.CV_64F).var())
    clipped = float(np.mean((grey <= 3) | (grey >= 252)))
    return PhotoQuality(
        sharpness=round(sharpness, 2),
        exposure=round(float(grey.mean()) / 255, 4),
        warmth=round(_warmth(small), 4),
        clipped=round(clipped, 4),
        phash=str(imagehash.phash(small)),
        faces=faces,
        salient=None if faces else salient_region(upright),
        colours=main_colours(small),
    )


def _warmth(image: Image.Image) -> float:
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32)
    return float((rgb[..., 0] - rgb[..., 2]).mean()) / 255
