"""Render small videos and check what a viewer would see and hear."""

from pathlib import Path

import numpy as np
import pytest

from photoreel.errors import FontNotFound, TimelineError
from photoreel.render import render
from photoreel.render.motion import MAX_ZOOM, view_box
from photoreel.service.make import MakeOptions, make_video
from photoreel.timeline import MediaRef, PhotoSegment, Timeline, Transition
from photoreel.timeline.effects import TRANSITIONS
from tests.helpers import all_frames, audio_samples, close_to, facts, frame_at, mean_colour, rms

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40)
SMALL = {"size": (320, 180), "per_photo_s": 1.0}


def options(**changes) -> MakeOptions:
    return MakeOptions(**{**SMALL, "motion": "none", "transition": "fade", "transition_s": 0.4, **changes})


def test_slides_show_their_colours_and_crossfade_blends(make_photo, tmp_path):
    photos = [make_photo(colour=c) for c in (RED, GREEN, BLUE)]
    result, _ = make_video(photos, tmp_path / "out.mp4", options())
    f = facts(result.path)
    assert (f.width, f.height, f.codec, f.profile, f.pix_fmt) == (320, 180, "h264", "High", "yuv420p")
    assert f.fps == 30 and f.frames == 90
    assert abs(f.duration_s - 3.0) <= 1 / 30
    assert f.audio_codec is None  # silent videos carry no audio stream
    for k, colour in enumerate((RED, GREEN, BLUE)):
        assert close_to(mean_colour(frame_at(result.path, k + 0.5)), colour), f"slide {k + 1}"
    midpoint = mean_colour(frame_at(result.path, 1.0))
    assert close_to(midpoint, tuple((a + b) // 2 for a, b in zip(RED, GREEN, strict=True)), tolerance=20)


def test_exif_rotated_photo_is_upright(make_photo, tmp_path):
    photo = make_photo(size=(400, 300), exif_orientation=6, top=(255, 0, 0), bottom=(0, 0, 255))
    result, _ = make_video([photo], tmp_path / "out.mp4", options(fit="contain"))
    frame = frame_at(result.path, 0.5)
    assert close_to(mean_colour(frame, (0.42, 0.3, 0.48, 0.7)), (0, 0, 255), tolerance=30)
    assert close_to(mean_colour(frame, (0.52, 0.3, 0.58, 0.7)), (255, 0, 0), tolerance=30)


@pytest.mark.parametrize("fmt", ["HEIF", "PNG", "WEBP", "GIF"])
def test_other_photo_formats_render(make_photo, tmp_path, fmt):
    photo = make_photo(size=(320, 180), colour=GREEN, fmt=fmt)
    result, _ = make_video([photo], tmp_path / "out.mp4", options(fit="cover"))
    assert close_to(mean_colour(frame_at(result.path, 0.5)), GREEN, tolerance=16)


def test_fit_modes_fill_the_sides_differently(make_photo, tmp_path):
    portrait = make_photo(size=(300, 400), colour=YELLOW)
    sides = (0.0, 0.2, 0.12, 0.8)
    blur, _ = make_video([portrait], tmp_path / "blur.mp4", options(fit="blur"))
    side = mean_colour(frame_at(blur.path, 0.5), sides)
    assert side.sum() > 150, "blur mode fills the sides with the photo, not black"
    assert side.sum() < mean_colour(frame_at(blur.path, 0.5)).sum(), "and darker than the photo itself"
    contain, _ = make_video([portrait], tmp_path / "contain.mp4", options(fit="contain"))
    assert mean_colour(frame_at(contain.path, 0.5), sides).sum() < 20, "contain mode has black bars"
    cover, _ = make_video([portrait], tmp_path / "cover.mp4", options(fit="cover"))
    assert close_to(mean_colour(frame_at(cover.path, 0.5), sides), YELLOW, tolerance=16), "cover fills the frame"


def test_title_changes_pixels_only_inside_its_region_and_time(make_photo, tmp_path):
    photos = [make_photo(colour=BLUE), make_photo(colour=BLUE)]
    opts = options(transition="none")
    plain, _ = make_video(photos, tmp_path / "plain.mp4", opts)
    titled, timeline = make_video(photos, tmp_path / "titled.mp4", MakeOptions(**{**opts.__dict__, "title": "Hello"}))
    assert timeline.texts[0].duration_ms == 2000  # the title lasts 3 s or the whole video if shorter
    inside = np.abs(frame_at(titled.path, 1.0).astype(int) - frame_at(plain.path, 1.0).astype(int)).max(axis=2)
    ys, xs = np.nonzero(inside > 40)
    assert len(ys) > 100, "the title is visible"
    assert ys.min() > 180 * 0.3 and ys.max() < 180 * 0.7, "centred vertically"
    assert xs.min() > 320 * 0.25 and xs.max() < 320 * 0.75, "centred horizontally"
    before_fade = frame_at(titled.path, 0.0)
    assert np.abs(before_fade.astype(int) - frame_at(plain.path, 0.0).astype(int)).max() < 40, "fades in"


def test_caption_sits_at_the_bottom(make_photo, tmp_path):
    result, _ = make_video([make_photo(colour=BLUE)], tmp_path / "c.mp4", options(caption="Lisbon 2024"))
    frame = frame_at(result.path, 0.5).astype(int)
    bright = np.nonzero(frame.sum(axis=2) > 600)[0]
    assert len(bright) > 20 and bright.min() > 180 * 0.6


def test_cjk_title_is_drawn_with_a_cjk_font(make_photo, tmp_path, cjk_font):
    result, _ = make_video([make_photo(colour=BLUE)], tmp_path / "zh.mp4", options(title="夏天的回忆"))
    frame = frame_at(result.path, 0.5).astype(int)
    assert (frame.sum(axis=2) > 600).sum() > 40


def test_cjk_title_without_a_cjk_font_says_so(make_photo, tmp_path, monkeypatch):
    monkeypatch.setattr("photoreel.render.fonts.find_cjk_font", lambda: None)
    target = tmp_path / "zh.mp4"
    with pytest.raises(FontNotFound, match="fonts-wqy-microhei"):
        make_video([make_photo()], target, options(title="夏天"))
    assert not target.exists()


def test_music_is_present_at_the_requested_level_and_ends_with_the_video(make_photo, tone, tmp_path):
    song = tone(seconds=1.0, amplitude=0.5)  # shorter than the video: it loops
    photos = [make_photo(colour=c) for c in (RED, GREEN, BLUE)]
    result, _ = make_video(photos, tmp_path / "m.mp4", options(music=song, volume_pct=35))
    f = facts(result.path)
    assert (f.audio_codec, f.audio_rate) == ("aac", 48_000)
    samples, rate = audio_samples(result.path)
    assert samples.shape[0] == 2
    assert abs(samples.shape[1] / rate - f.duration_s) < 0.05, "the music ends with the video"
    middle = samples[:, int(0.5 * rate) : int(2.0 * rate)]
    expected = 0.35 * 0.5 / np.sqrt(2)
    assert abs(rms(middle) - expected) / expected < 0.1
    assert rms(samples[:, int(2.2 * rate) : int(2.5 * rate)]) > expected * 0.5, "a short song loops"
    assert rms(samples[:, -int(0.02 * rate) :]) < expected * 0.2, "and fades out at the end"


def test_mp3_music_works(make_photo, tone, tmp_path):
    result, _ = make_video([make_photo()], tmp_path / "m.mp4", options(music=tone(seconds=2.0, fmt="mp3")))
    samples, _ = audio_samples(result.path)
    assert rms(samples) > 0.05


@pytest.mark.parametrize(
    ("fmt", "codec", "pix_fmt"),
    [
        ("mov", "h264", "yuv420p"),
        ("mkv", "h264", "yuv420p"),
        ("webm", "vp9", "yuv420p"),
        ("gif", "gif", None),
    ],
)
def test_other_containers(make_photo, tone, tmp_path, fmt, codec, pix_fmt):
    result, _ = make_video(
        [make_photo(colour=RED), make_photo(colour=GREEN)],
        tmp_path / f"out.{fmt}",
        options(format=fmt, music=tone(seconds=1.0)),
    )
    f = facts(result.path)
    assert f.codec == codec and (f.width, f.height) == (320, 180)
    if pix_fmt:
        assert f.pix_fmt == pix_fmt
    assert f.audio_codec == (None if fmt == "gif" else "opus" if fmt == "webm" else "aac")
    assert abs(f.duration_s - 2.0) <= 1 / 30 + 1e-6


def test_poster_is_written(make_photo, tmp_path):
    from PIL import Image

    poster = tmp_path / "poster.jpg"
    make_video([make_photo(colour=GREEN)], tmp_path / "p.mp4", options(poster=poster, fit="cover"))
    with Image.open(poster) as img:
        assert img.size == (320, 180)
        assert close_to(np.asarray(img.convert("RGB")).reshape(-1, 3).mean(axis=0), GREEN, tolerance=16)


@pytest.mark.parametrize("name", [t for t in TRANSITIONS if t != "none"])
def test_every_transition_shows_both_slides_midway(make_photo, tmp_path, name):
    photos = [make_photo(colour=RED), make_photo(colour=BLUE)]
    result, _ = make_video(photos, tmp_path / "t.mp4", options(transition=name, transition_s=0.6, fit="cover"))
    frames = all_frames(result.path)
    assert len(frames) == 60
    assert close_to(mean_colour(frames[5], (0, 0, 1, 1)), RED, 16)
    assert close_to(mean_colour(frames[55], (0, 0, 1, 1)), BLUE, 16)
    middle = frames[31].reshape(-1, 3).astype(int)
    if name == "fadeblack":
        assert middle.mean() < 40
    else:
        assert not close_to(middle.mean(axis=0), RED, 16) and not close_to(middle.mean(axis=0), BLUE, 16)


def test_ken_burns_geometry_is_monotonic_and_smooth():
    canvas = (round(1920 * MAX_ZOOM), round(1080 * MAX_ZOOM))
    frames = 90
    for motion in ("zoom-in", "zoom-out", "pan-left", "pan-right", "pan-up", "pan-down"):
        boxes = [view_box(motion, i / (frames - 1), canvas, (1920, 1080)) for i in range(frames)]
        # Where the frame's left and top edges sit on the canvas, in output pixels.
        edges = np.array([[b[0] * 1920 / (b[2] - b[0]), b[1] * 1080 / (b[3] - b[1])] for b in boxes])
        steps = np.diff(edges, axis=0)
        for axis in range(2):
            s = steps[:, axis]
            assert (s >= -1e-9).all() or (s <= 1e-9).all(), f"{motion} moves one way only"
            assert np.ptp(s) < 0.1, f"{motion}: step varies by {np.ptp(s):.3f} px"


def test_rendered_zoom_moves_steadily(make_photo, tmp_path):
    from PIL import Image

    photo = tmp_path / "target.png"
    pixels = np.zeros((360, 640, 3), np.uint8)
    pixels[:, 300:340] = 255  # a bright bar left of centre... whose edges drift outward as we zoom in
    pixels[:, :100] = 128
    Image.fromarray(pixels).save(photo)
    result, _ = make_video([photo], tmp_path / "z.mp4", options(size=(640, 360), per_photo_s=2.0, motion="zoom-in"))
    widths = []
    for frame in all_frames(result.path):
        row = frame[180, :, 0].astype(float) / 255
        widths.append(row[200:440].sum())  # bar width, to a fraction of a pixel
    steps = np.diff(widths)
    assert widths[-1] > widths[0] * 1.05
    assert (steps > -0.15).all(), "the zoom never goes backwards"


def test_failed_render_leaves_no_file(make_photo, tmp_path):
    timeline = Timeline(
        segments=(PhotoSegment("a", 1000, transition=Transition("none", 0)),),
        media=(MediaRef("a", "image", "a.jpg"),),
    )
    missing = tmp_path / "gone.jpg"
    target = tmp_path / "out.mp4"
    with pytest.raises(Exception):  # noqa: B017 - the point is what is left behind
        render(timeline, {"a": missing}, target)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(TimelineError, match="is missing"):
        render(timeline, {}, target)


def test_progress_reaches_one(make_photo, tmp_path):
    seen: list[float] = []
    make_video([make_photo()], tmp_path / "p.mp4", options(), progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5


def test_nothing_is_written_for_bad_input(make_photo, tmp_path):
    target = tmp_path / "out" / "video.mp4"
    bad = tmp_path / "bad.jpg"
    bad.write_text("<html>")
    with pytest.raises(Exception, match=r"bad\.jpg"):
        make_video([make_photo(), bad], target, options())
    assert not target.exists()


def test_outputs_are_faststart(make_photo, tmp_path):
    result, _ = make_video([make_photo()], tmp_path / "f.mp4", options())
    data = Path(result.path).read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")


@pytest.mark.parametrize(
    ("position", "region"),
    [
        ("top-left", (0.0, 0.0, 0.5, 0.4)),
        ("top-right", (0.5, 0.0, 1.0, 0.4)),
        ("bottom-left", (0.0, 0.6, 0.5, 1.0)),
        ("right", (0.5, 0.3, 1.0, 0.7)),
    ],
)
def test_text_goes_where_it_is_put(make_photo, tmp_path, position, region):
    from photoreel.service.make import build_timeline
    from photoreel.timeline import TextSegment, apply, ops

    photo = make_photo(colour=BLUE)
    from photoreel.media import inspect_media

    timeline, sources = build_timeline([inspect_media(photo)], options(fit="cover", transition="none"))
    timeline = apply(timeline, ops.AddText(TextSegment("Hi there", position=position, size=0.15, fade_in_ms=0)))
    result = render(timeline, sources, tmp_path / "t.mp4")
    frame = frame_at(result.path, 0.5).astype(int)
    ys, xs = np.nonzero(frame.sum(axis=2) > 600)
    assert len(ys) > 50
    x0, y0, x1, y1 = region
    assert xs.min() >= x0 * 320 and xs.max() <= x1 * 320
    assert ys.min() >= y0 * 180 and ys.max() <= y1 * 180


def test_background_box_and_custom_font(make_photo, tmp_path):
    from photoreel.media import inspect_media
    from photoreel.render.fonts import default_font_path
    from photoreel.service.make import build_timeline
    from photoreel.timeline import TextSegment, apply, ops

    timeline, sources = build_timeline([inspect_media(make_photo(colour=BLUE))], options(fit="cover"))
    text = TextSegment("Boxed", size=0.12, color="yellow", background="black", font=str(default_font_path()))
    timeline = apply(timeline, ops.AddText(text))
    frame = frame_at(render(timeline, sources, tmp_path / "b.mp4").path, 0.5).astype(int)
    centre = frame[70:110, 110:210]
    assert (centre.sum(axis=2) < 120).mean() > 0.2, "a dark box sits behind the text"
    assert ((centre[..., 0] > 180) & (centre[..., 1] > 180) & (centre[..., 2] < 120)).sum() > 20, "yellow glyphs"
