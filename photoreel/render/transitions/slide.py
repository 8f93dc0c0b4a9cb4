"""Slide: the incoming frame pushes the outgoing one off screen in one direction."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from photoreel.render.transitions.base import ease

# Direction of travel -> (dx, dy) unit step of the picture.
_DIRECTIONS = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}


@dataclass(frozen=True)
class Slide:
    direction: str = "left"

    def blend(self, outgoing: Image.Image, incoming: Image.Image, progress: float) -> Image.Image:
        w, h = outgoing.size
        dx, dy = _DIRECTIONS[self.direction]
        p = ease(progress)
        ox, oy = round(dx * w * p), round(dy * h * p)
        frame = Image.new("RGB", (w, h))
        frame.paste(outgoing, (ox, oy))
        frame.paste(incoming, (ox - dx * w, oy - dy * h))
        return frame
