"""Slide: the incoming picture pushes the outgoing one off screen in one direction."""

from __future__ import annotations

from dataclasses import dataclass

from photoreel.render.picture import Picture
from photoreel.render.transitions.base import ease, even

# Direction of travel -> (dx, dy) unit step of the picture.
_DIRECTIONS = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}


@dataclass(frozen=True)
class Slide:
    direction: str = "left"

    def blend(self, outgoing: Picture, incoming: Picture, progress: float) -> Picture:
        w, h = outgoing.size
        dx, dy = _DIRECTIONS[self.direction]
        p = ease(progress)
        ox, oy = even(dx * w * p), even(dy * h * p)
        frame = outgoing.copy()
        frame.paste(outgoing, (ox, oy))
        frame.paste(incoming, (ox - dx * w, oy - dy * h))
        return frame
