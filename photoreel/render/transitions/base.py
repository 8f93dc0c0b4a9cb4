"""What every transition is: a pure function of two frames and how far the hand-over has got."""

from __future__ import annotations

from typing import Protocol

from PIL import Image


def ease(progress: float) -> float:
    """Smoothstep: starts and ends gently, so moving transitions don't jerk at their edges."""
    p = min(1.0, max(0.0, progress))
    return p * p * (3.0 - 2.0 * p)


class TransitionEffect(Protocol):
    def blend(self, outgoing: Image.Image, incoming: Image.Image, progress: float) -> Image.Image:
        """The frame `progress` (0..1) of the way from `outgoing` to `incoming`; both are the same size."""
        ...
