"""A few full-size renders, as a phone user would get them."""

import numpy as np

from photoreel.service.make import MakeOptions, make_video
from tests.helpers import audio_samples, close_to, facts, frame_at, mean_colour, rms


def test_phone_photos_to_a_vertical_reel_at_1080p(make_photo, tone, tmp_path):
    photos = [
        make_photo(size=(6000, 4000), colour=(200, 40, 40)),
        make_photo(size=(3000, 4000), exif_orientation=6, top=(40, 200, 40), bottom=(40, 40, 200)),
        make_photo(size=(1920, 1080), colour=(230, 220, 40), fmt="PNG"),
        make_photo(size=(2048, 1536), colour=(40, 200, 200), fmt="HEIF"),
    ]
    options = MakeOptions(aspect="9:16", per_photo_s=1.5, title="Summer", music=tone(seconds=2.0), volume_pct=35)
    result, timeline = make_video(photos, tmp_path / "reel.mp4", options)
    f = facts(result.path)
    assert (f.width, f.height, f.codec, f.profile, f.pix_fmt, f.fps) == (
        1080,
        1920,
        "h264",
        "High",
        "yuv420p",
        30,
    )
    assert f.frames == 180 and (f.audio_codec, f.audio_rate) == ("aac", 48_000)
    assert close_to(mean_colour(frame_at(result.path, 0.7), (0.4, 0.6, 0.6, 0.7)), (200, 40, 40), 20)
    assert close_to(mean_colour(frame_at(result.path, 5.3), (0.4, 0.4, 0.6, 0.6)), (40, 200, 200), 20)
    samples, _ = audio_samples(result.path)
    assert rms(samples) > 0.05
    assert timeline.output.size == (1080, 1920)


def test_landscape_default_is_1080p_with_motion(make_photo, tmp_path):
    photos = [make_photo(size=(4032, 3024), colour=c) for c in ((200, 40, 40), (40, 40, 200))]
    result, _ = make_video(photos, tmp_path / "w.mp4", MakeOptions(per_photo_s=1.0))
    f = facts(result.path)
    assert (f.width, f.height, f.frames) == (1920, 1080, 60)

    def photo_left_edge(frame: np.ndarray) -> int:
        # The 4:3 photo sits between darker blurred sides; find where the bright red begins.
        return int(np.argmax(frame[540, :, 0] > 150))

    first, later = photo_left_edge(frame_at(result.path, 0.0)), photo_left_edge(frame_at(result.path, 0.6))
    assert 200 < first < 260  # 1440 px wide photo, centred, at the widest view
    assert later < first - 3, "the gentle zoom-in brings the photo closer"
