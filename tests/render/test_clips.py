"""Clips in rendered videos: their pictures at their times and upright, trims, frame rates, sound, ducking,
HDR, and chunk seams inside a clip. Every check decodes the produced file."""

import numpy as np
import pytest

from photoreel.media.inspect import inspect_media
from photoreel.render import render
from photoreel.render.audio import DUCK_GAIN
from photoreel.render.chunks import join_chunks
from photoreel.service.make import MakeOptions, build_timeline
from photoreel.timeline import apply, ops
from tests.conftest import write_wav
from tests.helpers import all_frames, audio_samples, close_to, facts, mean_colour, psnr, rms

RED, GREEN, BLUE, YELLOW, WHITE = (220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40), (235, 235, 235)
SIZE = (320, 180)


def _timeline(paths, music=None, **changes):
    options = MakeOptions(
        **{"size": SIZE, "per_photo_s": 1.0, "motion": "none", "transition": "none", "fit": "cover", **changes}
    )
    return build_timeline([inspect_media(p) for p in paths], options, inspect_media(music) if music else None)


def _band(samples: np.ndarray, rate: int, hz: float, t0: float, t1: float) -> float:
    """RMS of one tone's frequency band in the left channel between t0 and t1 seconds."""
    x = samples[0, int(t0 * rate) : int(t1 * rate)].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    freqs = np.fft.rfftfreq(len(x), 1 / rate)
    band = (freqs > hz * 0.9) & (freqs < hz * 1.1)
    return float(np.sqrt(np.sum(spectrum[band] ** 2)) / len(x))


def test_photo_then_clip_shows_each_at_its_time_with_the_clips_sound(make_photo, make_clip, tmp_path):
    clip = make_clip(colours=[GREEN, BLUE, YELLOW], tone_hz=880, amplitude=0.5)
    timeline, sources = _timeline([make_photo(colour=RED), clip])
    out = render(timeline, sources, tmp_path / "out.mp4")
    f = facts(out.path)
    assert (f.width, f.height, f.codec, f.frames) == (320, 180, "h264", 120)
    assert f.audio_codec == "aac" and out.has_audio
    frames = all_frames(out.path)
    for n, expected in [(15, RED), (29, RED), (30, GREEN), (59, GREEN), (60, BLUE), (90, YELLOW), (119, YELLOW)]:
        assert close_to(mean_colour(frames[n]), expected, tolerance=14), f"frame {n}"
    samples, rate = audio_samples(out.path)
    assert rms(samples[:, : int(0.9 * rate)]) < 0.005, "the photo has no sound"
    assert _band(samples, rate, 880, 1.2, 3.8) > 0.05, "the clip's own sound plays under its pictures"


def test_a_trim_shows_only_its_range(make_clip, tmp_path):
    clip = make_clip(colours=[RED, GREEN, BLUE, YELLOW], tone_hz=None)
    timeline, sources = _timeline([clip])
    timeline = apply(timeline, ops.TrimClip(0, in_ms=1000, duration_ms=2000))
    out = render(timeline, sources, tmp_path / "trim.mp4")
    frames = all_frames(out.path)
    assert len(frames) == 60
    assert close_to(mean_colour(frames[0]), GREEN, 14) and close_to(mean_colour(frames[29]), GREEN, 14)
    assert close_to(mean_colour(frames[30]), BLUE, 14) and close_to(mean_colour(frames[59]), BLUE, 14)
    assert not out.has_audio, "a clip without sound and no music: no audio stream"


def test_a_portrait_phone_clip_comes_out_upright_never_turned_twice(make_clip, tmp_path):
    # Stored as landscape with a display matrix of -90 degrees, as phones do; red on top once upright.
    clip = make_clip(size=(180, 320), colours=[RED], bottom=BLUE, display_rotation=-90, tone_hz=None)
    info = inspect_media(clip)
    assert (info.width, info.height, info.rotation) == (180, 320, 90)
    timeline, sources = _timeline([clip], fit="contain", aspect="9:16", size=(180, 320))
    frame = all_frames(render(timeline, sources, tmp_path / "upright.mp4").path)[10]
    assert close_to(mean_colour(frame, (0.2, 0.1, 0.8, 0.4)), RED, 16), "top half red"
    assert close_to(mean_colour(frame, (0.2, 0.6, 0.8, 0.9)), BLUE, 16), "bottom half blue"


@pytest.mark.parametrize("turn", [90, 180])
def test_other_display_rotations(make_clip, tmp_path, turn):
    size = (180, 320) if turn == 90 else (320, 180)
    clip = make_clip(size=size, colours=[RED], bottom=BLUE, display_rotation=turn, tone_hz=None)
    timeline, sources = _timeline([clip], fit="contain", size=size)
    frame = all_frames(render(timeline, sources, tmp_path / "turned.mp4").path)[5]
    assert close_to(mean_colour(frame, (0.3, 0.1, 0.7, 0.4)), RED, 16)
    assert close_to(mean_colour(frame, (0.3, 0.6, 0.7, 0.9)), BLUE, 16)


def test_variable_frame_rate_is_followed_by_presentation_time(make_clip, tmp_path):
    # Frames at irregular times; the colour changes at exactly 1.0 s although no frame falls on 1.0 s.
    times = [0.0, 0.013, 0.2, 0.21, 0.55, 0.97, 1.04, 1.05, 1.5, 1.93]
    clip = make_clip(colours=[RED, GREEN], timestamps=times, tone_hz=None)
    timeline, sources = _timeline([clip])
    frames = all_frames(render(timeline, sources, tmp_path / "vfr.mp4").path)
    assert len(frames) == timeline.output.frames_for(timeline.duration_ms) >= 58
    # Output frame n shows the clip frame presented last at or before n/30 s.
    for n in range(len(frames)):
        shown = max(t for t in times if t <= n / 30 + 1e-4)
        expected = RED if shown < 1.0 else GREEN
        assert close_to(mean_colour(frames[n]), expected, 16), f"frame {n} at {n / 30:.3f}s"


def test_a_24_fps_clip_into_30_fps_does_not_drift(make_clip, tmp_path):
    colours = [RED, GREEN, BLUE, YELLOW, RED, GREEN, BLUE, YELLOW]
    clip = make_clip(colours=colours, seconds_each=0.5, fps=24, tone_hz=None)
    timeline, sources = _timeline([clip])
    frames = all_frames(render(timeline, sources, tmp_path / "rate.mp4").path)
    assert len(frames) == 120
    for n in range(0, 120, 7):
        expected = colours[int((n / 30) / 0.5 + 1e-6)]
        assert close_to(mean_colour(frames[n]), expected, 16), f"frame {n}"


def test_music_ducks_under_clip_sound_and_a_muted_clip_is_silent(make_photo, make_clip, tmp_path):
    song = write_wav(tmp_path / "song.wav", 10.0, freq=440, amplitude=0.3)
    clip = make_clip(colours=[GREEN, BLUE], tone_hz=880, amplitude=0.3)
    paths = [make_photo(colour=RED), clip, make_photo(colour=RED)]
    timeline, sources = _timeline(paths, music=song)
    out = render(timeline, sources, tmp_path / "ducked.mp4")
    samples, rate = audio_samples(out.path)
    music_alone = _band(samples, rate, 440, 0.0, 0.6)
    music_under_clip = _band(samples, rate, 440, 1.5, 2.5)
    assert music_under_clip == pytest.approx(music_alone * DUCK_GAIN, rel=0.2)
    assert _band(samples, rate, 880, 1.5, 2.5) > 0.02

    kept = apply(timeline, ops.SetMusicDucking(False))
    samples, rate = audio_samples(render(kept, sources, tmp_path / "not-ducked.mp4").path)
    assert _band(samples, rate, 440, 1.5, 2.5) == pytest.approx(music_alone, rel=0.15)

    muted = apply(timeline, ops.SetClipVolume(0.0))
    samples, rate = audio_samples(render(muted, sources, tmp_path / "muted.mp4").path)
    assert _band(samples, rate, 880, 1.5, 2.5) < 0.002, "the muted clip's tone is gone"
    assert _band(samples, rate, 440, 1.5, 2.5) == pytest.approx(music_alone, rel=0.15), "nothing to duck under"

    alone = apply(muted, ops.RemoveMusic())
    assert not render(alone, sources, tmp_path / "silent.mp4").has_audio


def test_transitions_between_photos_and_clips_blend_both(make_photo, make_clip, tmp_path):
    clip = make_clip(colours=[BLUE, BLUE], tone_hz=None)
    timeline, sources = _timeline([make_photo(colour=RED), clip, make_photo(colour=RED)], transition="fade")
    frames = all_frames(render(timeline, sources, tmp_path / "fades.mp4").path)
    assert len(frames) == 120
    for n in (30, 90):  # the middle of each crossfade: half photo, half clip
        mid = mean_colour(frames[n])
        assert close_to(mid, tuple((a + b) / 2 for a, b in zip(RED, BLUE, strict=True)), 20), f"frame {n}: {mid}"
    assert close_to(mean_colour(frames[60]), BLUE, 14)


def test_chunk_seams_inside_a_clip_and_in_a_transition_into_it_are_invisible(make_photo, make_clip, tmp_path):
    song = write_wav(tmp_path / "song.wav", 10.0, amplitude=0.3)
    clip = make_clip(colours=[GREEN, BLUE, YELLOW, WHITE], tone_hz=660, gop=12, size=(320, 180))
    paths = [make_photo(colour=RED), clip, make_photo(colour=RED)]
    timeline, sources = _timeline(paths, music=song, transition="fade")
    whole = render(timeline, sources, tmp_path / "whole.mp4")
    # Seams at 30 (mid-transition into the clip: its scene holds the photo too), 60, 90, 120 (inside the clip).
    # The planner cuts outside transitions; a chunk's scene must stand wherever a range begins all the same.
    chunks = [range(a, a + 30) for a in range(0, 180, 30)]
    parts = []
    for i, frames in enumerate(chunks):
        part = tmp_path / f"part-{i}.mp4"
        render(timeline, sources, part, frames=frames)
        parts.append((frames, part))
    joined = join_chunks(timeline, sources, parts, tmp_path / "joined.mp4")
    a, b = all_frames(whole.path), all_frames(joined.path)
    assert len(a) == len(b) == 180
    worst = min(psnr(x, y) for x, y in zip(a, b, strict=True))
    assert worst > 40, f"a chunked render differs from the whole one (worst frame {worst:.1f} dB)"
    for n, expected in [(45, GREEN), (75, BLUE), (105, YELLOW), (135, WHITE)]:
        assert close_to(mean_colour(b[n]), expected, 14), f"frame {n}"
    assert joined.has_audio


def test_an_hlg_clip_is_tone_mapped_not_washed_out(make_clip, tmp_path):
    # Code values written as BT.709 RGB but tagged HLG / BT.2020: a tone map must change them, keep grey
    # grey, and keep a bright patch apart from a brighter one (no clipping).
    grey = (128, 128, 128)
    clip = make_clip(colours=[grey], codec="libx265", pix_fmt="yuv420p10le", hlg=True, tone_hz=None, bottom=WHITE)
    info = inspect_media(clip)
    assert (info.hdr, info.codec) == ("hlg", "hevc")
    timeline, sources = _timeline([clip], fit="cover")
    frame = all_frames(render(timeline, sources, tmp_path / "hlg.mp4").path)[5]
    top, bottom = mean_colour(frame, (0.3, 0.1, 0.7, 0.4)), mean_colour(frame, (0.3, 0.6, 0.7, 0.9))
    assert np.ptp(top) < 6 and np.ptp(bottom) < 6, "neutral stays neutral"
    assert 80 < top.mean() < 150, f"mid grey stays mid grey ({top})"
    assert bottom.mean() > top.mean() + 60, "white stays bright"
    assert bottom.mean() < 250


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_an_animated_image_plays_as_a_silent_clip_and_a_still_one_stays_a_photo(make_photo, tmp_path, fmt):
    from PIL import Image

    path = tmp_path / f"anim.{fmt.lower()}"
    frames = [Image.new("RGB", (120, 90), c) for c in (RED, GREEN, BLUE)]
    frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=500, loop=0)
    info = inspect_media(path)
    assert (info.kind, info.duration_ms, info.fps) == ("video", 1500, 2.0)
    still = inspect_media(make_photo(fmt="GIF"))
    assert still.kind == "image"
    timeline, sources = _timeline([path])
    out = render(timeline, sources, tmp_path / "anim.mp4")
    frames_out = all_frames(out.path)
    assert len(frames_out) == 45 and not out.has_audio
    for n, expected in [(0, RED), (14, RED), (15, GREEN), (30, BLUE), (44, BLUE)]:
        assert close_to(mean_colour(frames_out[n]), expected, 16), f"frame {n}"


def test_a_clip_over_the_frame_size_limit_is_refused_before_a_frame_is_decoded(make_clip, tmp_path, monkeypatch):
    from photoreel.errors import MediaTooLarge
    from photoreel.media import video

    clip = make_clip(colours=[BLUE], tone_hz=None, size=(320, 180))
    timeline, sources = _timeline([clip])  # inspected under the usual limit
    monkeypatch.setattr(video, "MAX_VIDEO_PIXELS", 320 * 180 - 1)  # as if the limit were lowered since
    decoded = []
    monkeypatch.setattr(video.ClipReader, "_decode_next", lambda self: decoded.append(self) or None)
    with pytest.raises(MediaTooLarge, match="320x180"):
        render(timeline, sources, tmp_path / "never.mp4")
    assert not decoded and not (tmp_path / "never.mp4").exists()
