"""Crossfade: the outgoing picture dissolves into the incoming one."""

from __future__ import annotations

from dataclasses import dataclass

from photoreel.render.picture import Picture


@dataclass(frozen=True)
class Fade:
    def blend(self, outgoing: Picture, incoming: Picture, progress: float) -> Picture:
        return Picture.blend(outgoing, incoming, progress)
