"""Inputs made by the tests themselves: photos, HEIC, EXIF-rotated photos and tones. Nothing is downloaded."""

from __future__ import annotations

import os
import wave
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from photoreel.render.fonts import find_cjk_font

pytest_plugins = ["tests.api_fixtures"]

Colour = tuple[int, int, int]


@pytest.fixture(autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """`photoreel make` keeps chunks in the user's cache folder: each test gets its own, never the real one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def make_photo(tmp_path: Path) -> Callable[..., Path]:
    """A photo file: solid `colour`, or `top`/`bottom` halves, optional EXIF orientation and capture time."""
    counter = iter(range(10_000))

    def make(
        name: str | None = None,
        size: tuple[int, int] = (320, 240),
        colour: Colour = (200, 40, 40),
        top: Colour | None = None,
        bottom: Colour | None = None,
        fmt: str = "JPEG",
        exif_orientation: int | None = None,
        taken_at: str | None = None,
    ) -> Path:
        w, h = size
        pixels = np.empty((h, w, 3), np.uint8)
        pixels[:] = colour
        if top is not None and bottom is not None:
            pixels[: h // 2] = top
            pixels[h // 2 :] = bottom
        img = Image.fromarray(pixels)
        exif = Image.Exif()
        if exif_orientation is not None:
            exif[0x0112] = exif_orientation
        if taken_at is not None:
            exif.get_ifd(0x8769)[36867] = taken_at
        suffix = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic", "GIF": "gif"}[fmt]
        path = tmp_path / (name or f"photo-{next(counter)}.{suffix}")
        kwargs = {"exif": exif.tobytes()} if len(exif) or taken_at else {}
        if fmt in ("JPEG", "WEBP", "HEIF"):
            kwargs["quality"] = 95
        img.save(path, fmt, **kwargs)
        return path

    return make


def write_wav(path: Path, seconds: float, freq: float = 440.0, amplitude: float = 0.5, rate: int = 44_100) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    mono = (amplitude * np.sin(2 * np.pi * freq * t) * 32767).astype(np.int16)
    stereo = np.repeat(mono[:, None], 2, axis=1)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(stereo.tobytes())
    return path


def write_mp3(path: Path, seconds: float, freq: float = 440.0, amplitude: float = 0.5) -> Path:
    from tests.clips import mux_tone

    with av.open(str(path), "w", format="mp3") as c:
        s = c.add_stream("libmp3lame", rate=44_100)
        s.layout = "stereo"
        mux_tone(c, s, seconds, freq, amplitude, rate=44_100, frame_size=1152)
    return path


@pytest.fixture
def tone(tmp_path: Path) -> Callable[..., Path]:
    def make(seconds: float = 2.0, fmt: str = "wav", **kwargs: float) -> Path:
        path = tmp_path / f"tone-{seconds}.{fmt}"
        return write_mp3(path, seconds, **kwargs) if fmt == "mp3" else write_wav(path, seconds, **kwargs)

    return make


@pytest.fixture
def cjk_font() -> Path:
    """CI installs fonts-wqy-microhei, so there the CJK tests must run; elsewhere they skip with a reason."""
    font = find_cjk_font()
    if font is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have a CJK font (.ci/run installs fonts-wqy-microhei)")
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    return font


@pytest.fixture
def make_clip(tmp_path: Path) -> Callable[..., Path]:
    """A video clip file (see tests/clips.py for every option)."""
    from tests.clips import write_clip

    counter = iter(range(10_000))

    def make(name: str | None = None, **kwargs: object) -> Path:
        return write_clip(tmp_path / (name or f"clip-{next(counter)}.mp4"), **kwargs)  # type: ignore[arg-type]

    return make
