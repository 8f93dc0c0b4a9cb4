"""The Ken Burns resampler samples exactly where the view box says, on its fast path and its fallback alike."""

from __future__ import annotations

import numpy as np
import pytest

from photoreel.render import resample
from photoreel.render.motion import canvas_size, view_box
from photoreel.render.slides import CANVAS_MARGIN

PERIOD = 60  # a sawtooth, 4 levels a pixel: a sample 1/8 pixel off is a level off
SLOPE = 4


def _sawtooth(width: int, height: int, axis: int) -> np.ndarray:
    line = ((np.arange(width if axis == 1 else height) % PERIOD) * SLOPE).astype(np.uint8)
    return np.ascontiguousarray(
        np.broadcast_to(line, (height, width)) if axis == 1 else np.repeat(line[:, None], width, 1)
    )


def _check_samples(src: np.ndarray, box: resample.Box, size: tuple[int, int], axis: int) -> None:
    w, h = size
    dst = np.zeros((h, w), np.uint8)
    resample.warp_region(src, dst, box)
    scale = (box[2] - box[0]) / w if axis == 1 else (box[3] - box[1]) / h
    origin = (box[0] if axis == 1 else box[1]) + 0.5 * scale - 0.5
    limit = src.shape[axis]
    positions = np.clip(origin + np.arange(w if axis == 1 else h) * scale, 0, limit - 1)
    # Linear interpolation of the sawtooth is exact except between the last and first pixel of a tooth; the
    # resampler may sample up to PHASE_TOLERANCE away, so samples that close to that gap are not judged.
    slack = resample.PHASE_TOLERANCE
    inside = (
        (np.floor(positions - slack) % PERIOD != PERIOD - 1)
        & (np.floor(positions + slack) % PERIOD != PERIOD - 1)
        & (positions < limit - 1)
    )
    expected = (positions % PERIOD) * SLOPE
    got = (dst[h // 2, :] if axis == 1 else dst[:, w // 2]).astype(float)
    error = np.abs(got - expected)[inside]
    assert error.max() <= 1.0, f"box {box}: samples off by {error.max() / SLOPE:.3f} px"


@pytest.mark.parametrize("axis", [0, 1])
def test_samples_land_where_the_box_says_at_any_origin_and_scale(axis):
    rng = np.random.default_rng(7)
    src = _sawtooth(1037, 583, axis)
    used: set[str] = set()
    for scale in [1.0, 1.0001, 1.004, 1.02, 1.05, 1.08, 0.7, 1.5, *rng.uniform(0.6, 1.6, 12)]:
        for _ in range(4):
            w, h = 480, 270
            bw, bh = w * scale, h * scale
            x0, y0 = rng.uniform(0, src.shape[1] - bw), rng.uniform(0, src.shape[0] - bh)
            box = (x0, y0, x0 + bw, y0 + bh)
            _check_samples(src, box, (w, h), axis)
            used.add(resample.resampler_for(src.shape, (w, h), box))
    assert used == {"shift", "resize", "warp"}, "every resampler was checked"


def test_a_view_at_the_very_edge_repeats_the_edge_pixels():
    src = _sawtooth(200, 100, 1)
    _check_samples(src, (0.0, 0.0, 200.0, 100.0), (190, 95), 1)
    _check_samples(src, (0.0, 0.0, 200.0, 100.0), (230, 115), 1)  # enlarging: the outer samples sit beyond the centres


@pytest.mark.parametrize("frame", [(1920, 1080), (1080, 1920), (1280, 720), (320, 180)])
def test_nearly_every_ken_burns_frame_takes_a_fast_path(frame):
    """warpAffine costs ~6x a resize: it must stay the exception (it was one zoom frame in five)."""
    for motion in ("zoom-in", "zoom-out", "pan-left", "pan-up"):
        inner = canvas_size(frame, motion)
        limits = (inner[1] + 2 * CANVAS_MARGIN, inner[0] + 2 * CANVAS_MARGIN)
        kinds = []
        for i in range(300):
            x0, y0, x1, y1 = view_box(motion, i / 299, inner, frame)
            box = (x0 + CANVAS_MARGIN, y0 + CANVAS_MARGIN, x1 + CANVAS_MARGIN, y1 + CANVAS_MARGIN)
            kinds.append(resample.resampler_for(limits, frame, box))
        assert kinds.count("warp") / len(kinds) < 0.05, f"{motion} at {frame}: {kinds.count('warp')} of 300 warped"
        if motion.startswith("pan"):
            assert set(kinds) == {"shift"}
