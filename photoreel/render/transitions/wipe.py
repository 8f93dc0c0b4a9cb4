"""Wipe: a straight edge sweeps across, revealing the incoming frame behind it."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from photoreel.render.transitions.base import ease


@dataclass(frozen=True)
class Wipe:
    direction: str = "left"  # the way the edge travels

    def blend(self, outgoing: Image.Image, incoming: Image.Image, progress: float) -> Image.Image:
        w, h = outgoing.size
        edge = round(w * ease(progress))
        frame = outgoing.copy()
        # "left": the edge starts at the right side and moves left.
        box = (w - edge, 0, w, h) if self.direction == "left" else (0, 0, edge, h)
        if edge > 0:
            frame.paste(incoming.crop(box), box[:2])
        return frame
