"""Inputs: judge files by content, probe them, decode photos upright at the size they are needed, read clips.

The names below load their modules on first use, so importing `photoreel.media.limits` (the settings do) does
not import PyAV, Pillow and OpenCV: a Celery worker's or a CLI's start stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from photoreel.media.files import expand_inputs, order_paths
    from photoreel.media.images import load_image
    from photoreel.media.inspect import MediaInfo, inspect_media

__all__ = ["MediaInfo", "expand_inputs", "inspect_media", "load_image", "order_paths"]
_HOME = {
    "expand_inputs": "files",
    "order_paths": "files",
    "load_image": "images",
    "MediaInfo": "inspect",
    "inspect_media": "inspect",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"photoreel.media.{home}"), name)
