"""Decide what a file is from its first bytes, never from its name or a client's claim."""

from __future__ import annotations

from dataclasses import dataclass

# ISO-BMFF `ftyp` brands, by what they hold.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}


@dataclass(frozen=True)
class Sniffed:
    """The kind ("image", "audio", "video") and container format a file's bytes announce."""

    kind: str
    format: str


def sniff(head: bytes) -> Sniffed | None:
    """Classify a file by its leading bytes (64 are plenty); None when it is nothing we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "webp")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed("audio", "wav")
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return Sniffed("video", "avi")
    if head[4:8] == b"ftyp":
        major = head[8:12]
        box_size = int.from_bytes(head[:4], "big")
        compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
        brands = {major} | compatible
        if major in _AVIF_BRANDS:
            return Sniffed("image", "avif")
        if major in _HEIF_BRANDS or (brands & _HEIF_BRANDS and not brands & {b"isom", b"mp41", b"mp42"}):
            return Sniffed("image", "heif")
        if major in _AUDIO_BRANDS:
            return Sniffed("audio", "m4a")
        if major == b"qt  ":
            return Sniffed("video", "mov")
        return Sniffed("video", "mp4")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed("video", "webm" if b"webm" in head else "mkv")
    if head.startswith(b"ID3"):
        return Sniffed("audio", "mp3")
    if head.startswith(b"OggS"):
        return Sniffed("audio", "ogg")
    if head.startswith(b"fLaC"):
        return Sniffed("audio", "flac")
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return Sniffed("audio", "aac")  # ADTS frame sync, layer bits 00
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return Sniffed("audio", "mp3")  # MPEG audio frame sync without an ID3 tag
    return None
