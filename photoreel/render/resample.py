"""Scale a float region of a plane into another plane, bilinear and sub-pixel exact: the Ken Burns resampler.

A view box moves by fractions of a pixel from frame to frame, so the resampler must honour a fractional source
origin, or the picture jitters (FFmpeg's zoompan rounds to whole pixels and does). `cv2.warpAffine` honours it
but costs ~4 ns a pixel here; `cv2.resize` is separable and SIMD, ~6x faster, but starts its grid at a whole
pixel: output pixel j samples `a + (j + 0.5) * s - 0.5` of a crop that starts at column `a`.

The trick: ask resize for k extra leading pixels and drop them. Output pixel i is then resize's pixel i + k,
which samples `a + (k + 0.5) * s - 0.5 + i * s`, so any origin of the form `a + (k + 0.5) * s - 0.5` is reachable
exactly. For most scales some small k brings that within PHASE_TOLERANCE of the wanted origin (warpAffine
itself rounds to a 1/32-pixel grid, and 1/32 px per frame is a third of the 0.1 px jitter we allow); where none
does (scales within ~1% of 1:1, or close to a ratio of small numbers such as 11/10), the plane is warped.
A pure shift (a pan: one source pixel per output pixel) is two 2-tap blends.

All paths repeat the source's edge pixels beyond its border. A crop cannot start left of the source, so views
near its top-left edge need a margin around it (`Picture.with_margin`) to stay on the fast paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import cv2
import numpy as np

Box = tuple[float, float, float, float]

PHASE_TOLERANCE = 1 / 32  # source pixels
MAX_EXTRA = 96  # leading pixels resize may compute and drop (a few % of a 1080p side, on average)


Resampler = Literal["shift", "resize", "warp"]


@dataclass(frozen=True)
class _Mapping:
    """Output pixel (i, j) samples source point (ox + i * sx, oy + j * sy)."""

    ox: float
    oy: float
    sx: float
    sy: float

    @classmethod
    def of(cls, box: Box, dst: tuple[int, int], full: tuple[int, int] | None, at: tuple[int, int]) -> _Mapping:
        fw, fh = full or dst
        x0, y0, x1, y1 = box
        sx, sy = (x1 - x0) / fw, (y1 - y0) / fh
        return cls(x0 + (at[0] + 0.5) * sx - 0.5, y0 + (at[1] + 0.5) * sy - 0.5, sx, sy)


def warp_region(
    src: np.ndarray, dst: np.ndarray, box: Box, full: tuple[int, int] | None = None, at: tuple[int, int] = (0, 0)
) -> None:
    """Fill `dst` with the float region `box` of `src`, mapping destination pixel centres onto source ones.

    `dst` may be a window of a larger picture of size `full` whose top-left sits at `at`: the scale and offset
    are those of the whole picture, so a window matches the same pixels of a whole-picture warp exactly.
    """
    h, w = dst.shape
    m = _Mapping.of(box, (w, h), full, at)
    kind, plan = _choose(m, src.shape, (w, h))
    if kind == "shift":
        ax, ay, fx, fy = plan
        rows = cv2.addWeighted(
            src[ay : ay + h + 1, ax : ax + w], 1.0 - fx, src[ay : ay + h + 1, ax + 1 : ax + w + 1], fx, 0
        )
        _store(dst, cv2.addWeighted(rows[:h], 1.0 - fy, rows[1:], fy, 0, dst=dst))
    elif kind == "resize":
        (ax, kx, cw), (ay, ky, ch) = plan
        crop = src[ay : ay + ch, ax : ax + cw]
        scaled = cv2.resize(crop, None, fx=1 / m.sx, fy=1 / m.sy, interpolation=cv2.INTER_LINEAR)
        dst[:] = scaled[ky : ky + h, kx : kx + w]
    else:
        matrix = np.array([[m.sx, 0.0, m.ox], [0.0, m.sy, m.oy]])
        flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
        _store(dst, cv2.warpAffine(src, matrix, (w, h), dst=dst, flags=flags, borderMode=cv2.BORDER_REPLICATE))


def resampler_for(
    src_shape: tuple[int, int],
    dst_size: tuple[int, int],
    box: Box,
    full: tuple[int, int] | None = None,
    at: tuple[int, int] = (0, 0),
) -> Resampler:
    """Which path `warp_region` takes for these arguments (`src_shape` is (height, width), `dst_size` (w, h))."""
    return _choose(_Mapping.of(box, dst_size, full, at), src_shape, dst_size)[0]


def _choose(m: _Mapping, src_shape: tuple[int, ...], dst_size: tuple[int, int]) -> tuple[Resampler, Any]:
    w, h = dst_size
    if _unscaled(m.sx, w) and _unscaled(m.sy, h):
        # A pan: two 2-tap blends, when the source holds every pixel they touch.
        ax, ay = math.floor(m.ox), math.floor(m.oy)
        if ax >= 0 and ay >= 0 and ax + w + 1 <= src_shape[1] and ay + h + 1 <= src_shape[0]:
            return "shift", (ax, ay, m.ox - ax, m.oy - ay)
    across = _grid(m.ox, m.sx, w, src_shape[1])
    down = _grid(m.oy, m.sy, h, src_shape[0])
    if across is not None and down is not None:
        return "resize", (across, down)
    return "warp", None


def _unscaled(scale: float, count: int) -> bool:
    """One source pixel per output pixel, to within PHASE_TOLERANCE over the whole side."""
    return abs(scale - 1.0) * count <= PHASE_TOLERANCE


def _store(dst: np.ndarray, out: np.ndarray) -> None:
    if out is not dst:  # OpenCV declined to write in place
        dst[:] = out


def _grid(origin: float, scale: float, count: int, limit: int) -> tuple[int, int, int] | None:
    """(crop start, leading pixels to drop, crop length) that put resize's grid on `origin + i * scale` for
    i < `count` along a source side of `limit` pixels, or None where no crop within MAX_EXTRA does."""
    last = origin + (count - 1) * scale  # the last sample; its right neighbour must be in the crop
    for k in range(MAX_EXTRA + 1):
        exact = origin - (k + 0.5) * scale + 0.5
        start = round(exact)
        if start < 0:
            return None  # a larger k only moves the crop further left
        if abs(exact - start) > PHASE_TOLERANCE:
            continue
        # resize makes round(length / scale) pixels, and k + count of them are needed.
        needed = max(math.floor(last) + 2, start + math.ceil((k + count + 0.5) * scale))
        length = min(limit, needed) - start
        if round(length / scale) >= k + count:
            return start, k, length
        return None  # at the source's far edge: a larger k would need a longer crop still
    return None
