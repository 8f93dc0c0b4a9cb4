"""Zoom: the camera rushes into the outgoing picture while the incoming one fades up."""

from __future__ import annotations

from dataclasses import dataclass

from photoreel.render.picture import Picture
from photoreel.render.transitions.base import ease


@dataclass(frozen=True)
class Zoom:
    strength: float = 0.5  # how much closer the camera gets by the end

    def blend(self, outgoing: Picture, incoming: Picture, progress: float) -> Picture:
        w, h = outgoing.size
        p = ease(progress)
        z = 1.0 + self.strength * p
        cw, ch = w / z, h / z
        closer = outgoing.resized((w, h), ((w - cw) / 2, (h - ch) / 2, (w + cw) / 2, (h + ch) / 2))
        return Picture.blend(closer, incoming, p)
