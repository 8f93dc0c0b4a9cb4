"""Dip to black: the outgoing frame fades out to black, then the incoming one fades in."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image


@dataclass(frozen=True)
class FadeBlack:
    def blend(self, outgoing: Image.Image, incoming: Image.Image, progress: float) -> Image.Image:
        black = Image.new("RGB", outgoing.size, (0, 0, 0))
        if progress < 0.5:
            return Image.blend(outgoing, black, progress * 2.0)
        return Image.blend(black, incoming, min(1.0, (progress - 0.5) * 2.0))
