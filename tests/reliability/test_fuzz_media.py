"""Fuzz the sniff-and-probe path every upload goes through: whatever the bytes, the answer is a MediaInfo or a
MediaError (4001/4002), never another exception and never a hang. Bounded in examples and time for CI."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from photoreel.errors import MediaError
from photoreel.media.inspect import inspect_media
from tests.conftest import write_mp3, write_wav


def _seeds() -> dict[str, bytes]:
    """Small valid files of every accepted kind: mutating real structure reaches deeper than random bytes."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    rng = np.random.default_rng(3)
    image = Image.fromarray(rng.integers(0, 255, (24, 32, 3), dtype=np.uint8))
    seeds = {}
    for fmt in ("JPEG", "PNG", "WEBP", "GIF", "HEIF"):
        buffer = io.BytesIO()
        image.save(buffer, fmt)
        seeds[fmt] = buffer.getvalue()
    with tempfile.TemporaryDirectory() as folder:
        seeds["WAV"] = write_wav(Path(folder) / "a.wav", 0.2, rate=8000).read_bytes()
        seeds["MP3"] = write_mp3(Path(folder) / "a.mp3", 0.3).read_bytes()
    return seeds


SEEDS = _seeds()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(0, 8))):
        operation = draw(st.sampled_from(["flip", "cut", "splice", "zero"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if operation == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif operation == "cut":
            del data[at:]
        elif operation == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[at : at + 16] = bytes(min(16, len(data) - at))
    return bytes(data)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(st.one_of(mutated(), st.binary(max_size=2048)))
def test_any_bytes_are_accepted_or_refused_cleanly(data: bytes):
    with tempfile.NamedTemporaryFile(suffix=".jpg") as handle:
        handle.write(data)
        handle.flush()
        started = time.monotonic()
        try:
            info = inspect_media(Path(handle.name))
        except MediaError as exc:
            assert exc.code in (4001, 4002) and exc.detail
        else:
            assert info.kind in ("image", "audio", "video")
        assert time.monotonic() - started < 5, "no input may make the probe hang"


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_every_seed_is_accepted_unmutated(fmt: str, tmp_path: Path):
    path = tmp_path / "seed.bin"
    path.write_bytes(SEEDS[fmt])
    assert inspect_media(path).kind in ("image", "audio")
