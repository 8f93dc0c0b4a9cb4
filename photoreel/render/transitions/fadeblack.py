"""Dip to black: the outgoing picture fades out to black, then the incoming one fades in."""

from __future__ import annotations

from dataclasses import dataclass

from photoreel.render.picture import Picture


@dataclass(frozen=True)
class FadeBlack:
    def blend(self, outgoing: Picture, incoming: Picture, progress: float) -> Picture:
        black = Picture.solid(outgoing.size, (0, 0, 0))
        if progress < 0.5:
            return Picture.blend(outgoing, black, progress * 2.0)
        return Picture.blend(black, incoming, (progress - 0.5) * 2.0)
