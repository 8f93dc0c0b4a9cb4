"""A still preview is the export's own frame at that time, small: same photo, fit, transition and text."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from photoreel.errors import TimelineError
from photoreel.media.inspect import inspect_media
from photoreel.render import render
from photoreel.render.still import StillMemo, preview_spec, still_frame
from photoreel.service.make import MakeOptions, build_timeline
from photoreel.timeline import TextSegment, apply
from photoreel.timeline.ops import AddText, SetOutput, UpdateText
from photoreel.timeline.output import OutputSpec
from tests.helpers import close_to, frame_at, mean_colour, psnr


def _brightest(frame: np.ndarray, band: tuple[float, float, float, float]) -> float:
    """The 99th percentile of brightness in a band (fractions x0, y0, x1, y1): white letters stand out."""
    h, w = frame.shape[:2]
    x0, y0, x1, y1 = band
    return float(np.percentile(frame[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)].mean(axis=2), 99))


RED, GREEN, BLUE = (220, 30, 30), (30, 200, 30), (30, 30, 220)


def _timeline(photos: list[Path], **changes):
    options = MakeOptions(**{"per_photo_s": 2.0, "motion": "none", "transition": "none", "fit": "cover", **changes})
    return build_timeline([inspect_media(p) for p in photos], options, None)


def test_still_shows_the_photo_on_screen_at_the_output_shape(make_photo):
    timeline, sources = _timeline([make_photo(colour=c) for c in (RED, GREEN, BLUE)])
    timeline = apply(timeline, SetOutput(aspect="9:16"))
    first = np.asarray(still_frame(timeline, sources, 500))
    assert first.shape == (640, 360, 3)
    assert close_to(mean_colour(first), RED, tolerance=12)
    assert close_to(mean_colour(np.asarray(still_frame(timeline, sources, 2500))), GREEN, tolerance=12)
    # Past the end is the last frame, not an error: a playhead dragged to the end shows the end.
    assert close_to(mean_colour(np.asarray(still_frame(timeline, sources, 99_000))), BLUE, tolerance=12)
    assert np.asarray(still_frame(timeline, sources, 0, short_side=180)).shape == (320, 180, 3)


def test_still_is_the_exported_frame_in_a_transition_with_motion_and_a_title(make_photo, tmp_path):
    photos = [make_photo(size=(640, 480), top=c, bottom=(250, 250, 250)) for c in (RED, GREEN, BLUE)]
    timeline, sources = _timeline(photos, motion="zoom-in", transition="fade")
    timeline = apply(timeline, AddText(TextSegment("Summer", position="top", size=0.12, color="yellow")))
    small = replace(timeline, output=preview_spec(timeline.output, 360))
    video = render(small, sources, tmp_path / "small.mp4")
    for t in (0.4, 1.9, 2.0, 3.3):  # in a photo, either side of a crossfade's middle, and in the next photo
        exported = frame_at(video.path, t)
        still = np.asarray(still_frame(timeline, sources, t * 1000))
        assert still.shape == exported.shape == (360, 640, 3)
        assert psnr(still, exported) > 30, f"the still at {t}s differs from the exported frame"


def test_moving_the_title_changes_the_still_where_the_title_is(make_photo):
    timeline, sources = _timeline([make_photo(colour=(40, 40, 40))])
    timeline = apply(timeline, AddText(TextSegment("HELLO", position="top", size=0.15)))
    top_band, bottom_band = (0.1, 0.0, 0.9, 0.3), (0.1, 0.7, 0.9, 1.0)
    at_top = np.asarray(still_frame(timeline, sources, 1000))
    moved = np.asarray(still_frame(apply(timeline, UpdateText(0, (("position", "bottom"),))), sources, 1000))
    assert _brightest(at_top, top_band) > _brightest(at_top, bottom_band) + 100
    assert _brightest(moved, bottom_band) > _brightest(moved, top_band) + 100


def test_canvases_are_kept_between_stills_and_give_the_same_picture(make_photo):
    timeline, sources = _timeline([make_photo(colour=c, size=(1600, 1200)) for c in (RED, GREEN)])
    memo = StillMemo(canvases=1)
    first = np.asarray(still_frame(timeline, sources, 500, memo=memo))
    assert len(memo) == 1
    again = np.asarray(still_frame(timeline, sources, 600, memo=memo))
    assert np.array_equal(first, again), "a still slide drawn from a kept canvas is the same picture"
    still_frame(timeline, sources, 2500, memo=memo)
    assert len(memo) == 1, "the memo keeps no more than its bound"


def test_a_still_of_nothing_or_at_an_odd_size_is_refused(make_photo):
    timeline, sources = _timeline([make_photo()])
    with pytest.raises(TimelineError, match="pixels on its short side"):
        still_frame(timeline, sources, 0, short_side=1000)
    with pytest.raises(TimelineError, match="no photos"):
        still_frame(replace(timeline, segments=()), sources, 0)
    assert preview_spec(OutputSpec(aspect="4:5"), 360).size == (360, 450)


def test_a_clip_scrubbed_forward_is_read_on_not_sought_again(make_photo, make_clip):
    clip = make_clip(colours=[RED, GREEN, BLUE], gop=90)
    timeline, sources = _timeline([make_photo(colour=(250, 250, 250)), clip])
    memo = StillMemo()
    for at_ms in range(2100, 4900, 200):  # dragged along the clip (it starts at 2 s)
        picture = np.asarray(still_frame(timeline, sources, at_ms, memo=memo))
        assert close_to(mean_colour(picture), (RED, GREEN, BLUE)[(at_ms - 2000) // 1000], tolerance=16), at_ms
    (reader,) = memo.readers()
    assert reader.seeks <= 1, "one reader, read on from frame to frame"
    back = np.asarray(still_frame(timeline, sources, 2100, memo=memo))  # a jump back seeks, and is still right
    assert close_to(mean_colour(back), RED, tolerance=16)


def test_a_still_deep_between_key_frames_decodes_no_more_than_its_budget(make_photo, make_clip, monkeypatch):
    from photoreel.render import engine

    clip = make_clip(colours=[RED, GREEN, BLUE, (230, 220, 40)], gop=300)  # one key frame in 4 s
    timeline, sources = _timeline([clip])
    monkeypatch.setattr(engine, "STILL_DECODE_BUDGET", 10)
    early = np.asarray(still_frame(timeline, sources, 3500))  # 105 frames past the key frame
    assert close_to(mean_colour(early), RED, tolerance=16), "the frame it got to, not a long decode"
    monkeypatch.setattr(engine, "STILL_DECODE_BUDGET", 1000)
    assert close_to(mean_colour(np.asarray(still_frame(timeline, sources, 3500))), (230, 220, 40), tolerance=16)
