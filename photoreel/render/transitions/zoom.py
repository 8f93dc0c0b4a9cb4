"""Zoom: the camera rushes into the outgoing frame while the incoming one fades up."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from photoreel.render.transitions.base import ease


@dataclass(frozen=True)
class Zoom:
    strength: float = 0.5  # how much closer the camera gets by the end

    def blend(self, outgoing: Image.Image, incoming: Image.Image, progress: float) -> Image.Image:
        w, h = outgoing.size
        p = ease(progress)
        z = 1.0 + self.strength * p
        cw, ch = w / z, h / z
        box = ((w - cw) / 2, (h - ch) / 2, (w + cw) / 2, (h + ch) / 2)
        closer = outgoing.resize((w, h), Image.Resampling.BILINEAR, box=box)
        return Image.blend(closer, incoming, p)
