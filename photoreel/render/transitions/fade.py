"""Crossfade: the outgoing frame dissolves into the incoming one."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image


@dataclass(frozen=True)
class Fade:
    def blend(self, outgoing: Image.Image, incoming: Image.Image, progress: float) -> Image.Image:
        return Image.blend(outgoing, incoming, min(1.0, max(0.0, progress)))
