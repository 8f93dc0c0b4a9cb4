"""Hostile files, made here: pixel bombs of every allowed format, formats outside the allow-list, liars."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny PNG whose header claims `width` x `height`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def jpeg_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A real 16x16 JPEG with its frame header (SOF0) rewritten to claim `width` x `height`."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(buffer, "JPEG", quality=90)
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_bomb() -> bytes:
    """A real lossy WEBP whose VP8 frame header claims 16383 x 16383 (268 MP, the most VP8 can say)."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(buffer, "WEBP", quality=90)
    data = bytearray(buffer.getvalue())
    start = data.index(b"\x9d\x01\x2a")  # the VP8 key frame start code; 14-bit width and height follow
    data[start + 3 : start + 7] = struct.pack("<HH", 16383, 16383)
    return bytes(data)


def heic_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A real HEIC whose image-spatial-extents boxes (`ispe`) claim `width` x `height`."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 40, 40)).save(buffer, "HEIF", quality=90)
    data = bytearray(buffer.getvalue())
    at = data.find(b"ispe")
    assert at > 0, "libheif wrote no ispe box"
    while at > 0:
        data[at + 8 : at + 16] = struct.pack(">II", width, height)  # after the box's version and flags
        at = data.find(b"ispe", at + 4)
    return bytes(data)


def fits_file() -> bytes:
    """A minimal FITS image (Pillow can open these; photoreel must not)."""
    cards = ["SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    2"]
    cards += ["NAXIS1  =                   16", "NAXIS2  =                   16", "END"]
    header = "".join(card.ljust(80) for card in cards).ljust(2880).encode()
    return header + bytes(256).ljust(2880, b"\x00")


def psd_file() -> bytes:
    """The start of a Photoshop file: signature, version 1, 3 channels, 16x16, 8 bits, RGB."""
    return b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 16, 16, 8, 3) + bytes(64)


def svg_file() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def tiff_file() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 200, 10)).save(buffer, "TIFF")
    return buffer.getvalue()


def pdf_file() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 200, 10)).save(buffer, "PDF")
    return buffer.getvalue()


def zip_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"not really")
    return buffer.getvalue()


def png_photo(colour: tuple[int, int, int] = (10, 200, 10), size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def random_bytes(n: int = 4096, seed: int = 7) -> bytes:
    return np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def truncated(path: Path, keep: float = 0.5) -> bytes:
    data = path.read_bytes()
    return data[: max(16, int(len(data) * keep))]
