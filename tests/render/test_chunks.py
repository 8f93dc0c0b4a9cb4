"""A video rendered as chunks and joined without re-encoding is the same video as one rendered whole."""

from pathlib import Path

import av
import numpy as np
import pytest

from photoreel.errors import RenderError
from photoreel.media.inspect import inspect_media
from photoreel.render import render
from photoreel.render.chunks import join_chunks, plan_chunks
from photoreel.service.make import MakeOptions, build_timeline
from tests.conftest import write_wav
from tests.helpers import all_frames, audio_samples, close_to, mean_colour, psnr

COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40), (200, 40, 200), (40, 200, 200)]


def _timeline(photos: list[Path], music: Path | None = None, **changes):
    options = MakeOptions(
        **{"size": (320, 180), "per_photo_s": 2.0, "motion": "none", "transition": "none", "fit": "cover", **changes}
    )
    return build_timeline([inspect_media(p) for p in photos], options, inspect_media(music) if music else None)


def _render_in_chunks(timeline, sources, folder: Path, chunk_s: float) -> Path:
    parts = []
    for i, frames in enumerate(plan_chunks(timeline, chunk_s)):
        part = folder / f"chunk-{i}.mp4"
        render(timeline, sources, part, frames=frames)
        parts.append((frames, part))
    return join_chunks(timeline, sources, parts, folder / "joined.mp4").path


def test_joined_video_has_every_frame_once_at_its_index_and_sound_throughout(make_photo, tmp_path):
    photos = [make_photo(colour=c) for c in COLOURS]
    music = write_wav(tmp_path / "tone.wav", 30.0, amplitude=0.4)
    timeline, sources = _timeline(photos, music)
    joined = _render_in_chunks(timeline, sources, tmp_path, chunk_s=2.5)  # a seam at every slide

    frames = all_frames(joined)
    assert len(frames) == 360
    for n, frame in enumerate(frames):
        assert close_to(mean_colour(frame), COLOURS[n // 60], tolerance=14), f"frame {n} shows the wrong slide"

    with av.open(str(joined)) as container:
        video = container.streams.video[0]
        assert (video.codec_context.name, video.codec_context.profile, video.codec_context.pix_fmt) == (
            "h264",
            "High",
            "yuv420p",
        )
        pts = sorted(p.pts for p in container.demux(video) if p.size)
    step = pts[1] - pts[0]
    assert np.all(np.diff(pts) == step), "timestamps run on without a jump or a repeat at any seam"

    samples, rate = audio_samples(joined)
    assert rate == 48_000
    assert abs(samples.shape[1] / rate - 12.0) < 0.1, "the sound lasts as long as the video"
    window = rate // 20
    body = samples[:, : 11 * rate]  # before the closing fade
    levels = [np.sqrt(np.mean(body[:, i : i + window] ** 2)) for i in range(0, body.shape[1] - window, window)]
    assert min(levels) > 0.1, "no gap or click-silence anywhere, seams included"


def test_joined_video_matches_a_whole_render_frame_for_frame(make_photo, tmp_path):
    photos = [make_photo(top=c, bottom=COLOURS[(i + 2) % 6], size=(480, 320)) for i, c in enumerate(COLOURS)]
    timeline, sources = _timeline(photos, motion="zoom-in", transition="fade", transition_s=0.5, quality="high")
    whole = render(timeline, sources, tmp_path / "whole.mp4").path
    joined = _render_in_chunks(timeline, sources, tmp_path, chunk_s=3.0)
    a, b = all_frames(whole), all_frames(joined)
    assert len(a) == len(b)
    worst = min((psnr(x, y), n) for n, (x, y) in enumerate(zip(a, b, strict=True)))
    assert worst[0] > 45, f"frame {worst[1]} differs: PSNR {worst[0]:.1f} dB"


def test_join_refuses_chunks_that_leave_a_gap(make_photo, tmp_path):
    timeline, sources = _timeline([make_photo(colour=c) for c in COLOURS[:2]])
    first, second = range(0, 50), range(60, 120)
    render(timeline, sources, tmp_path / "a.mp4", frames=first)
    render(timeline, sources, tmp_path / "b.mp4", frames=second)
    with pytest.raises(RenderError, match="gap"):
        join_chunks(timeline, sources, [(first, tmp_path / "a.mp4"), (second, tmp_path / "b.mp4")], tmp_path / "j.mp4")
    assert not (tmp_path / "j.mp4").exists()


def test_join_refuses_a_chunk_with_missing_frames(make_photo, tmp_path):
    timeline, sources = _timeline([make_photo(colour=c) for c in COLOURS[:2]])  # 120 frames
    render(timeline, sources, tmp_path / "a.mp4", frames=range(0, 50))
    render(timeline, sources, tmp_path / "b.mp4", frames=range(60, 120))
    claimed = [(range(0, 60), tmp_path / "a.mp4"), (range(60, 120), tmp_path / "b.mp4")]
    with pytest.raises(RenderError, match="50 frames, not 60"):
        join_chunks(timeline, sources, claimed, tmp_path / "j.mp4")
    with pytest.raises(RenderError, match="cover 50 frames of 120"):
        join_chunks(timeline, sources, [(range(0, 50), tmp_path / "a.mp4")], tmp_path / "j.mp4")
