"""Wipe: a straight edge sweeps across, revealing the incoming picture behind it."""

from __future__ import annotations

from dataclasses import dataclass

from photoreel.render.picture import Picture
from photoreel.render.transitions.base import ease, even


@dataclass(frozen=True)
class Wipe:
    direction: str = "left"  # the way the edge travels

    def blend(self, outgoing: Picture, incoming: Picture, progress: float) -> Picture:
        w, h = outgoing.size
        edge = even(w * ease(progress))
        frame = outgoing.copy()
        # "left": the edge starts at the right side and moves left.
        box = (w - edge, 0, w, h) if self.direction == "left" else (0, 0, edge, h)
        if edge > 0:
            frame.paste(incoming.crop(box), (box[0], box[1]))
        return frame
