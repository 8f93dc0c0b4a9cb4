"""Reading a clip's frames by presentation time, from any starting point."""

import numpy as np

from photoreel.media.video import AnimationReader, ClipReader, open_clip
from tests.clips import write_clip, write_gif

COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40), (200, 40, 200), (40, 200, 200)]


def _mean(frame) -> np.ndarray:
    return frame.to_ndarray(format="rgb24").reshape(-1, 3).mean(axis=0)


def test_any_start_gives_the_frames_reading_from_the_beginning_gives(tmp_path):
    path = write_clip(tmp_path / "c.mp4", COLOURS, seconds_each=1.0, gop=15, tone_hz=None)
    times = [n / 30 for n in range(0, 180, 7)]
    with ClipReader(path) as reader:
        forward = [_mean(reader.frame_at(t)) for t in times]
        assert reader.seeks == 0
    for k in (5, 12, 20):
        with ClipReader(path) as reader:
            started_late = [_mean(reader.frame_at(t)) for t in times[k:]]
            assert reader.seeks == (1 if times[k] > 2.0 else 0), "one seek to the key frame before, then forward"
        assert all(np.allclose(a, b) for a, b in zip(forward[k:], started_late, strict=True))


def test_reading_backward_seeks_and_serials_follow_the_frame(tmp_path):
    path = write_clip(tmp_path / "c.mp4", COLOURS, seconds_each=1.0, gop=30, tone_hz=None)
    with ClipReader(path) as reader:
        reader.frame_at(4.5)
        late = reader.serial
        reader.frame_at(4.5)
        assert reader.serial == late, "the same moment is the same frame"
        early = _mean(reader.frame_at(0.5))
        assert reader.serial != late and np.allclose(early, COLOURS[0], atol=14)
        assert np.allclose(_mean(reader.frame_at(100.0)), COLOURS[-1], atol=14), "past the end: the last frame"


def test_an_animated_gif_is_read_by_its_frame_delays(tmp_path):
    path = write_gif(tmp_path / "a.gif", COLOURS[:3], seconds_each=0.4)
    with open_clip(path) as reader:
        assert isinstance(reader, AnimationReader)
        seen = [tuple(np.round(_mean(reader.frame_at(t)))) for t in (0.0, 0.39, 0.4, 0.81, 5.0)]
    assert seen == [COLOURS[0], COLOURS[0], COLOURS[1], COLOURS[2], COLOURS[2]]


def test_a_webm_with_no_duration_in_its_header_is_measured_by_its_packets(tmp_path):
    # What a browser's MediaRecorder writes: WebM in live mode, no Duration element, no cues.
    import av

    from photoreel.media import inspect_media

    path = tmp_path / "recorded.webm"
    with av.open(str(path), "w", format="webm", options={"live": "1"}) as container:
        stream = container.add_stream("libvpx-vp9", rate=30)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(45):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), 100, np.uint8), format="rgb24")
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    info = inspect_media(path)
    assert (info.kind, info.duration_ms, info.codec) == ("video", 1500, "vp9")


def test_an_animation_over_the_pixel_budget_is_too_large_from_its_header(tmp_path, monkeypatch):
    import pytest
    from PIL import Image

    import photoreel.media.images as images
    from photoreel.errors import MediaTooLarge
    from photoreel.media import inspect_media

    path = tmp_path / "big.gif"
    frames = [Image.new("RGB", (200, 100), c) for c in ((200, 0, 0), (0, 200, 0), (0, 0, 200))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    monkeypatch.setattr(images, "MAX_ANIMATION_PIXELS", 3 * 200 * 100 - 1)
    with pytest.raises(MediaTooLarge, match="megapixels in all"):
        inspect_media(path)


def test_a_heic_with_several_images_stays_a_photo(tmp_path):
    import pillow_heif
    from PIL import Image

    from photoreel.media import inspect_media

    pillow_heif.register_heif_opener()
    path = tmp_path / "burst.heic"
    frames = [Image.new("RGB", (64, 48), c) for c in ((200, 0, 0), (0, 200, 0))]
    frames[0].save(path, save_all=True, append_images=frames[1:], quality=90)
    assert inspect_media(path).kind == "image"


def test_photos_are_probed_safely_from_several_threads_at_once(tmp_path):
    # Uploads run in a thread pool: OpenCV's face cascades must not be shared between threads (a crash, not an
    # error, when they are).
    from concurrent.futures import ThreadPoolExecutor

    import skimage.data as skimage_data
    from PIL import Image

    from photoreel.media import inspect_media

    face = Image.open(skimage_data.__path__[0] + "/astronaut.png").convert("RGB")
    paths = []
    for i in range(8):
        path = tmp_path / f"p{i}.jpg"
        face.rotate(i * 2).save(path, quality=90)
        paths.append(path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(lambda p: inspect_media(p).faces, paths * 3))
    assert sum(1 for faces in found if faces) >= len(found) // 2
