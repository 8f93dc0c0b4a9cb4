"""What every transition is: a pure function of two pictures and how far the hand-over has got."""

from __future__ import annotations

from typing import Protocol

from photoreel.render.picture import Picture


def ease(progress: float) -> float:
    """Smoothstep: starts and ends gently, so moving transitions don't jerk at their edges."""
    p = min(1.0, max(0.0, progress))
    return p * p * (3.0 - 2.0 * p)


def even(value: float) -> int:
    """Offsets land on even pixels so the half-size chroma planes move with the luma plane."""
    return round(value / 2.0) * 2


class TransitionEffect(Protocol):
    def blend(self, outgoing: Picture, incoming: Picture, progress: float) -> Picture:
        """The picture `progress` (0..1) of the way from `outgoing` to `incoming`; both are the same size."""
        ...
