"""A clip's scrubbing copy: every frame a key frame, upright, small, at the source's frame times, so a still drawn
from it is the still drawn from the clip."""

from pathlib import Path

import av
import numpy as np
import pytest

from photoreel.errors import UnsupportedMedia
from photoreel.media.inspect import inspect_media
from photoreel.render.proxy import make_proxy
from photoreel.render.still import still_frame
from photoreel.service.make import MakeOptions, build_timeline
from tests.helpers import close_to, mean_colour, psnr

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40)


def _stills(clip: Path, sources_from: Path, times_ms: list[int]) -> list[np.ndarray]:
    timeline, sources = build_timeline([inspect_media(clip)], MakeOptions(transition="none", fit="contain"), None)
    sources = {media_id: sources_from for media_id in sources}
    return [np.asarray(still_frame(timeline, sources, t)) for t in times_ms]


def test_a_still_from_the_copy_is_the_still_from_the_clip(make_clip, tmp_path):
    # A phone's portrait clip (turned by its display matrix), a long GOP and irregular frame times.
    times = [i / 30 + (0.011 if i % 7 == 3 else 0.0) for i in range(120)]
    clip = make_clip(
        colours=[RED, GREEN, BLUE, YELLOW], size=(180, 320), display_rotation=-90, gop=120, timestamps=times
    )
    proxy = make_proxy(clip, tmp_path / "proxy.mp4", long_side=160)

    with av.open(str(proxy)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (90, 160), "upright, small"
        packets = [p for p in container.demux(stream) if p.size]
        assert len(packets) == 120 and all(p.is_keyframe for p in packets), "every frame a key frame"

    at = [0, 450, 1040, 1500, 2900, 3960]
    for t, (from_clip, from_copy) in zip(
        at, zip(_stills(clip, clip, at), _stills(clip, proxy, at), strict=True), strict=True
    ):
        assert close_to(mean_colour(from_copy), (RED, GREEN, BLUE, YELLOW)[min(3, t // 1000)], tolerance=16), t
        assert psnr(from_copy, from_clip) > 30, f"the still at {t} ms differs between the clip and its copy"


def test_a_file_that_is_not_a_clip_has_no_copy(tmp_path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypmp42 not really a video")
    with pytest.raises(UnsupportedMedia):
        make_proxy(bad, tmp_path / "proxy.mp4")
    assert not (tmp_path / "proxy.mp4").exists(), "nothing half-written is left"


def test_a_copy_stopped_part_way_leaves_no_file(make_clip, tmp_path):
    from photoreel.render.proxy import Stopped

    with pytest.raises(Stopped):
        make_proxy(make_clip(colours=[RED, GREEN]), tmp_path / "proxy.mp4", stop=lambda: True)
    assert not (tmp_path / "proxy.mp4").exists()
