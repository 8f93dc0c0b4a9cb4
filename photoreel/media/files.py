"""Turn what a person typed (files and folders) into an ordered list of input files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from natsort import os_sorted

from photoreel.errors import UnsupportedMedia

# Only used to pick files out of a folder; each file is still judged by its content afterwards.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif", ".gif"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi", ".3gp"}
ORDERS = ("given", "name", "date")


def expand_inputs(paths: Iterable[Path | str]) -> list[Path]:
    """Files stay as given; a folder becomes the photos and videos directly inside it, in natural name order."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            visual = IMAGE_SUFFIXES | VIDEO_SUFFIXES
            found = [c for c in p.iterdir() if c.is_file() and c.suffix.lower() in visual]
            if not found:
                raise UnsupportedMedia("the folder holds no photos or videos", str(p))
            out.extend(os_sorted(found))
        else:
            out.append(p)
    return out


def order_paths(paths: Sequence[Path], order: str, taken_at: dict[Path, str | None] | None = None) -> list[Path]:
    """Order inputs: as given, by natural file name (img2 before img10), or by EXIF capture time."""
    if order == "given":
        return list(paths)
    if order == "name":
        return list(os_sorted(paths, key=lambda p: p.name))
    if order == "date":
        times = taken_at or {}
        # Undated photos follow the dated ones, in the order given.
        return sorted(paths, key=lambda p: (times.get(p) is None, times.get(p) or ""))
    raise ValueError(f"order must be one of {', '.join(ORDERS)}")
