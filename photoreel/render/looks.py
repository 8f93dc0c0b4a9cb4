"""Colour looks, graded in the frame's own BT.709 limited-range YUV: a table for luma, a scale and an offset for
each chroma plane (around neutral 128), so no look costs an RGB round trip. A photo is graded once, on its
canvas; a clip frame by frame, after its fit. `cinematic` also has 2.39:1 bars, drawn on the composed frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from photoreel.render.picture import Picture

CINEMA_ASPECT = 2.39


@dataclass(frozen=True)
class _Grade:
    lift: float = 0.0  # luma added at black, fading to nothing at white
    contrast: float = 1.0  # luma slope around mid-grey
    saturation: float = 1.0  # chroma scale around neutral
    u_shift: float = 0.0  # Cb offset: + is bluer, - is yellower
    v_shift: float = 0.0  # Cr offset: + is redder, - is greener/teal
    split: float = 0.0  # teal shadows, orange highlights: chroma offset per unit of luma from mid-grey


_GRADES = {
    "bw": _Grade(saturation=0.0, contrast=1.08),
    "sepia": _Grade(saturation=0.0, u_shift=-14, v_shift=12, contrast=0.95),
    "vintage": _Grade(lift=18, contrast=0.88, saturation=0.55, u_shift=-10, v_shift=8),
    "warm": _Grade(u_shift=-9, v_shift=8, saturation=1.05),
    "cool": _Grade(u_shift=9, v_shift=-7),
    "vivid": _Grade(saturation=1.35, contrast=1.06),
    "faded": _Grade(lift=24, contrast=0.85, saturation=0.7),
    "cinematic": _Grade(contrast=1.08, saturation=0.9, split=9),
}


@lru_cache(maxsize=16)
def _luma_table(look: str) -> np.ndarray:
    g = _GRADES[look]
    y = np.arange(256, dtype=np.float64)
    graded = 126 + (y - 126) * g.contrast
    graded += g.lift * np.clip((235 - y) / 219, 0, 1)
    return np.clip(np.round(graded), 16, 235).astype(np.uint8)


def grade(picture: Picture, look: str) -> None:
    """Grade `picture` in place with `look` ("none" leaves it as it is)."""
    g = _GRADES.get(look)
    if g is None:
        return
    picture.y[:] = cv2.LUT(picture.y, _luma_table(look))
    for plane, shift, sign in ((picture.u, g.u_shift, -1.0), (picture.v, g.v_shift, 1.0)):
        beta = 128 * (1 - g.saturation) + shift
        if g.split:
            luma = cv2.resize(picture.y, (plane.shape[1], plane.shape[0]), interpolation=cv2.INTER_AREA)
            # Shadows teal (Cb up, Cr down), highlights orange (Cb down, Cr up): both follow luma from grey.
            k = sign * g.split / 112
            plane[:] = cv2.addWeighted(plane, g.saturation, luma, k, beta - 126 * k, dtype=cv2.CV_8U)
        else:
            plane[:] = cv2.convertScaleAbs(plane, alpha=g.saturation, beta=beta)
        np.clip(plane, 16, 240, out=plane)


MIN_BARRED_ASPECT = 1.7  # bars only on frames about 16:9 or wider: on 9:16 they would leave a sliver


def letterbox_rows(height: int, width: int) -> int:
    """Rows of black at the top (and bottom) that leave a 2.39:1 picture; 0 when the frame is as wide already
    or is a tall or square one (a phone's 9:16 keeps the cinematic grade without bars)."""
    inner = round(width / CINEMA_ASPECT)
    if inner >= height or width / height < MIN_BARRED_ASPECT:
        return 0
    rows = (height - inner) // 2
    return rows - rows % 2


def draw_letterbox(picture: Picture, black: tuple[int, int, int]) -> None:
    """The cinematic bars, drawn over the top and bottom of a composed frame."""
    rows = letterbox_rows(picture.size[1], picture.size[0])
    if rows == 0:
        return
    for (plane, shift), value in zip(picture.planes(), black, strict=True):
        r = rows >> shift
        plane[:r] = value
        plane[plane.shape[0] - r :] = value
