import struct
import zlib
from pathlib import Path

import pytest

from photoreel.errors import MediaTooLarge, UnsupportedMedia
from photoreel.media import expand_inputs, inspect_media, load_image, order_paths
from tests.conftest import write_mp3, write_wav


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims `width`x`height`: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)
    return path


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF", "GIF"])
def test_every_photo_format_is_recognised_by_content(make_photo, fmt, tmp_path):
    photo = make_photo(size=(64, 48), fmt=fmt)
    disguised = photo.rename(tmp_path / "no-extension")  # the name says nothing; the bytes decide
    info = inspect_media(disguised)
    assert info.kind == "image"
    assert info.format == {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "HEIF": "heic", "GIF": "gif"}[fmt]
    assert (info.width, info.height) == (64, 48)


def test_exif_rotated_photo_reports_upright_size_and_capture_time(make_photo):
    info = inspect_media(make_photo(size=(400, 300), exif_orientation=6, taken_at="2024:07:01 10:30:00"))
    assert (info.width, info.height) == (300, 400)
    assert info.taken_at == "2024-07-01T10:30:00"


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF"])
def test_exif_rotated_photo_decodes_upright_once(make_photo, fmt):
    path = make_photo(size=(400, 300), exif_orientation=6, top=(255, 0, 0), bottom=(0, 0, 255), fmt=fmt)
    img = load_image(path)
    assert img.size == (300, 400)
    left, right = img.getpixel((30, 200)), img.getpixel((270, 200))
    assert left[2] > 200 and left[0] < 60  # the old bottom (blue) is now on the left
    assert right[0] > 200 and right[2] < 60


def test_large_jpeg_decodes_reduced(make_photo):
    path = make_photo(size=(6000, 4000), colour=(10, 200, 10))
    img = load_image(path, fit_within=(640, 360))
    assert img.size[0] >= 640 and img.size[1] >= 360
    assert img.size[0] < 1500  # decoded in draft mode, not at 24 MP


@pytest.mark.parametrize(("size", "fmt"), [((3000, 2000), "PNG"), ((4032, 3024), "JPEG"), ((2000, 3000), "WEBP")])
def test_big_photos_decode_covering_the_target_at_less_than_twice_its_size(make_photo, size, fmt):
    path = make_photo(size=size, fmt=fmt)
    target = (640, 360)
    img = load_image(path, fit_within=target)
    assert img.mode == "RGB"
    assert img.width >= target[0] and img.height >= target[1]  # covers: the caller never upscales
    assert img.width < 2 * target[0] or img.height < 2 * target[1]  # reduced by the largest whole factor


def test_audio_is_probed_for_duration(tone, tmp_path):
    wav = inspect_media(write_wav(tmp_path / "a.wav", 1.5))
    assert (wav.kind, wav.format) == ("audio", "wav")
    assert abs(wav.duration_ms - 1500) < 30
    mp3 = inspect_media(write_mp3(tmp_path / "song.bin", 2.0))
    assert (mp3.kind, mp3.format) == ("audio", "mp3")
    assert abs(mp3.duration_ms - 2000) < 100


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"<html><script>alert(1)</script></html>", "not a file type we accept"),
        (b"PK\x03\x04" + b"\x00" * 100, "not a file type we accept"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "corrupt"),
    ],
)
def test_bad_files_are_unsupported(tmp_path, content, message):
    path = tmp_path / "photo.jpg"
    path.write_bytes(content)
    with pytest.raises(UnsupportedMedia, match=message) as caught:
        inspect_media(path)
    assert caught.value.code == 4001
    assert "photo.jpg" in str(caught.value)


def test_truncated_jpeg_is_unsupported(make_photo):
    path = make_photo(size=(800, 600))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnsupportedMedia, match="truncated or corrupt"):
        inspect_media(path)


def test_formats_outside_the_allow_list_are_refused(make_photo, tmp_path):
    from PIL import Image

    tiff = tmp_path / "scan.jpg"
    Image.new("RGB", (10, 10)).save(tiff, "TIFF")
    with pytest.raises(UnsupportedMedia):
        inspect_media(tiff)


def test_pixel_bomb_is_refused_from_its_header(tmp_path):
    with pytest.raises(MediaTooLarge) as caught:
        inspect_media(png_claiming(tmp_path / "bomb.png", 30_000, 30_000))
    assert caught.value.code == 4002


def test_file_over_200_mb_is_refused_without_reading_it(tmp_path, make_photo):
    path = tmp_path / "huge.jpg"
    path.write_bytes(make_photo(size=(16, 16)).read_bytes())
    with path.open("r+b") as fh:
        fh.truncate(201 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(MediaTooLarge, match="201 MB"):
        inspect_media(path)


def test_folders_expand_in_natural_order(make_photo, tmp_path):
    folder = tmp_path / "album"
    folder.mkdir()
    for name in ["img10.jpg", "img2.jpg", "img1.png", "notes.txt"]:
        (folder / name).write_bytes(b"x")
    assert [p.name for p in expand_inputs([folder])] == ["img1.png", "img2.jpg", "img10.jpg"]


def test_order_by_date_puts_undated_last():
    a, b, c = Path("a.jpg"), Path("b.jpg"), Path("c.jpg")
    times = {a: "2024-05-02T00:00:00", b: None, c: "2024-05-01T00:00:00"}
    assert order_paths([a, b, c], "date", times) == [c, a, b]
    assert order_paths([Path("x10.jpg"), Path("x9.jpg")], "name") == [Path("x9.jpg"), Path("x10.jpg")]


def write_m4a(path: Path, seconds: float) -> Path:
    import av
    import numpy as np

    with av.open(str(path), "w", format="ipod") as c:
        s = c.add_stream("aac", rate=48_000)
        s.layout = "stereo"
        tone = (0.3 * np.sin(2 * np.pi * 330 * np.arange(int(seconds * 48_000)) / 48_000)).astype(np.float32)
        for pos in range(0, len(tone), 1024):
            chunk = np.ascontiguousarray(np.stack([tone[pos : pos + 1024]] * 2))
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = 48_000, pos
            c.mux(s.encode(frame))
        c.mux(s.encode(None))
    return path


def test_m4a_is_audio_and_mp4_is_video(tmp_path, make_photo):
    from photoreel.service.make import MakeOptions, make_video

    m4a = inspect_media(write_m4a(tmp_path / "voice.m4a", 1.0))
    assert (m4a.kind, m4a.format, m4a.has_audio) == ("audio", "m4a", True)
    clip, _ = make_video([make_photo()], tmp_path / "clip.mp4", MakeOptions(size=(320, 180), per_photo_s=1.0))
    video = inspect_media(clip.path)
    assert (video.kind, video.width, video.height) == ("video", 320, 180)
    assert abs(video.duration_ms - 1000) <= 40


def test_avif_when_pillow_supports_it(make_photo, tmp_path):
    from PIL import Image, features

    if not features.check("avif"):
        pytest.skip("this Pillow build has no AVIF support")
    path = tmp_path / "photo.avif"
    Image.new("RGB", (64, 48), (10, 200, 10)).save(path, "AVIF")
    info = inspect_media(path)
    assert (info.kind, info.format, info.width, info.height) == ("image", "avif", 64, 48)


def test_truncated_png_and_heic_are_unsupported(make_photo):
    for fmt in ("PNG", "HEIF"):
        path = make_photo(size=(400, 300), fmt=fmt, colour=(1, 2, 3))
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        with pytest.raises(UnsupportedMedia):
            inspect_media(path)
