"""Framing that keeps people in the picture: a real face (scikit-image's public-domain astronaut portrait, shipped
in its wheel) pasted off-centre into a wide photo stays whole in a 9:16 cover crop, and a zoom closes in on it."""

from pathlib import Path

import numpy as np
import skimage.data as skimage_data  # a test dependency (pyproject's dev extra): never skipped in CI
from PIL import Image

from photoreel.media.faces import find_faces
from photoreel.media.inspect import inspect_media
from photoreel.render import render
from photoreel.service.make import MakeOptions, build_timeline
from tests.helpers import all_frames


def _portrait() -> Image.Image:
    return Image.open(Path(skimage_data.__file__).parent / "astronaut.png").convert("RGB")


def _wide_photo(tmp_path: Path) -> Path:
    wide = Image.new("RGB", (2400, 1000), (90, 110, 130))
    wide.paste(_portrait().resize((800, 800)), (1550, 100))  # the face sits near the right edge
    path = tmp_path / "wide.jpg"
    wide.save(path, quality=92)
    return path


def test_faces_are_found_once_at_upload_as_fractions_of_the_photo(tmp_path):
    info = inspect_media(_wide_photo(tmp_path))
    assert len(info.faces) == 1
    x0, y0, x1, y1 = info.faces[0]
    assert 0.70 < (x0 + x1) / 2 < 0.85 and 0.15 < (y0 + y1) / 2 < 0.40


def test_a_vertical_cover_crop_keeps_the_face_whole(tmp_path):
    path = _wide_photo(tmp_path)
    options = MakeOptions(size=(270, 480), per_photo_s=1.0, motion="none", transition="none", fit="cover")
    timeline, sources = build_timeline([inspect_media(path)], options)
    frame = all_frames(render(timeline, sources, tmp_path / "vertical.mp4").path)[10]
    faces = find_faces(Image.fromarray(frame))
    assert faces, "the face is in the crop"
    x0, _, x1, _ = faces[0]
    assert x0 > 0.02 and x1 < 0.98, "and not cut at the frame's edge"


def test_a_zoom_closes_in_on_the_face(tmp_path):
    path = _wide_photo(tmp_path)
    options = MakeOptions(size=(480, 200), per_photo_s=3.0, motion="zoom-in", transition="none", fit="cover")
    timeline, sources = build_timeline([inspect_media(path)], options)
    frames = all_frames(render(timeline, sources, tmp_path / "zoom.mp4").path)

    def face_x(frame: np.ndarray) -> float:
        found = find_faces(Image.fromarray(frame))
        assert found, "the face stays in view"
        return (found[0][0] + found[0][2]) / 2

    first, last = face_x(frames[0]), face_x(frames[-1])
    assert abs(last - 0.5) < abs(first - 0.5) - 0.01, f"the face moves toward the centre ({first:.3f} -> {last:.3f})"


def test_without_faces_a_vertical_crop_centres_on_where_the_detail_is(tmp_path):
    rng = np.random.default_rng(3)
    wide = np.full((600, 1600, 3), 120, np.uint8)
    blocks = rng.integers(0, 255, (15, 15, 3), dtype=np.uint8).repeat(20, axis=0).repeat(20, axis=1)
    wide[150:450, 1200:1500] = blocks  # the subject, far right: coarse detail that survives the downscale
    path = tmp_path / "subject.png"
    Image.fromarray(wide).save(path)
    info = inspect_media(path)
    assert not info.faces and info.salient is not None and info.salient[0] > 0.65
    options = MakeOptions(size=(180, 320), per_photo_s=1.0, motion="none", transition="none", fit="cover")
    timeline, sources = build_timeline([info], options)
    frame = all_frames(render(timeline, sources, tmp_path / "subject.mp4").path)[10]
    assert frame.std() > 40, "the busy subject fills the crop, not the flat grey middle"
    from benchmarks.workloads import _texture

    even = tmp_path / "even.jpg"
    _texture((1600, 1200), 1).save(even, quality=90)
    assert inspect_media(even).salient is None, "detail spread over the whole photo: no subject to centre on"


def test_photoreel_make_finds_the_faces_as_it_renders(tmp_path):
    from photoreel.service.make import make_video

    path = _wide_photo(tmp_path)
    options = MakeOptions(size=(270, 480), per_photo_s=1.0, motion="none", transition="none", fit="cover")
    result, timeline = make_video([path], tmp_path / "made.mp4", options)
    assert timeline.media[0].sharpness is None, "make does not analyse at probe time"
    faces = find_faces(Image.fromarray(all_frames(result.path)[10]))
    assert faces and faces[0][0] > 0.02 and faces[0][2] < 0.98
