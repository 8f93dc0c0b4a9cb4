"""Colour looks on decoded frames: black and white has no colour, warm and cool shift the hue, cinematic draws
2.39:1 bars, a segment's own look stays on it, and contain bars stay black."""

import numpy as np
import pytest

from photoreel.media.inspect import inspect_media
from photoreel.render import render
from photoreel.service.make import MakeOptions, build_timeline
from photoreel.timeline import apply, ops
from tests.helpers import all_frames, mean_colour

SIZE = (320, 180)
TEAL = (60, 150, 140)


def _render(paths, tmp_path, name, *edits, **changes):
    options = MakeOptions(
        **{"size": SIZE, "per_photo_s": 1.0, "motion": "none", "transition": "none", "fit": "cover", **changes}
    )
    timeline, sources = build_timeline([inspect_media(p) for p in paths], options)
    for op in edits:
        timeline = apply(timeline, op)
    return all_frames(render(timeline, sources, tmp_path / f"{name}.mp4").path)


def _saturation(frame: np.ndarray) -> float:
    rgb = frame.reshape(-1, 3).astype(float)
    return float((rgb.max(axis=1) - rgb.min(axis=1)).mean())


def test_black_and_white_has_no_colour_and_warm_and_cool_shift_the_hue(make_photo, make_clip, tmp_path):
    paths = [make_photo(colour=TEAL), make_clip(colours=[TEAL], tone_hz=None)]
    plain = _render(paths, tmp_path, "plain")
    bw = _render(paths, tmp_path, "bw", ops.SetLook("bw"))
    warm = _render(paths, tmp_path, "warm", ops.SetLook("warm"))
    cool = _render(paths, tmp_path, "cool", ops.SetLook("cool"))
    for n in (15, 45):  # the photo, then the clip
        assert _saturation(plain[n]) > 60 and _saturation(bw[n]) < 3
        p, w, c = mean_colour(plain[n]), mean_colour(warm[n]), mean_colour(cool[n])
        assert w[0] - w[2] > p[0] - p[2] + 10, "warm: redder against blue"
        assert c[0] - c[2] < p[0] - p[2] - 10, "cool: bluer against red"


def test_cinematic_draws_bars_of_the_2_39_to_1_picture(make_photo, tmp_path):
    frames = _render([make_photo(colour=(200, 200, 200))], tmp_path, "cine", ops.SetLook("cinematic"), size=(640, 360))
    frame = frames[10]
    rows = frame.mean(axis=(1, 2))
    dark = int((rows < 30).sum())
    expected = 360 - round(640 / 2.39)
    assert abs(dark - expected) <= 4, f"{dark} dark rows, {expected} expected"
    assert rows[180] > 120, "the picture between the bars is graded, not black"


@pytest.mark.parametrize("look", ["faded", "vintage"])
def test_a_segments_own_look_stays_on_it_and_contain_bars_stay_black(make_photo, tmp_path, look):
    paths = [make_photo(size=(180, 180), colour=TEAL), make_photo(size=(180, 180), colour=TEAL)]
    frames = _render(paths, tmp_path, "own", ops.SetLook(look, 1), fit="contain")
    first, second = frames[10], frames[40]
    assert float(np.abs(mean_colour(first) - mean_colour(second)).sum()) > 15, "only the second photo changed"
    for frame in (first, second):
        assert frame[:, :40].max() < 24, "the bars beside a contained photo stay black"
