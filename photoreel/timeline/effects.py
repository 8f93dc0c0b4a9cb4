"""The names of fit modes, motions, transitions and text positions, shared by every layer.

The render engine maps each name to the code that draws it; the agent, CLI and API only ever speak names.
"""

from __future__ import annotations

from dataclasses import dataclass

FITS = ("blur", "contain", "cover")
MOTIONS = ("zoom-in", "zoom-out", "pan-left", "pan-right", "pan-up", "pan-down", "none")
TRANSITIONS = (
    "none",
    "fade",
    "fadeblack",
    "slideleft",
    "slideright",
    "slideup",
    "slidedown",
    "wipeleft",
    "wiperight",
    "zoom",
)
# Nine anchors on a 3x3 grid, named the way people say them.
POSITIONS = (
    "top-left",
    "top",
    "top-right",
    "left",
    "center",
    "right",
    "bottom-left",
    "bottom",
    "bottom-right",
)
TEXT_ROLES = ("title", "caption")
# Colour looks, graded in YUV by render/looks.py; `cinematic` also draws 2.39:1 bars inside the frame.
LOOKS = ("none", "bw", "sepia", "vintage", "warm", "cool", "vivid", "faded", "cinematic")

DEFAULT_FIT = "blur"
DEFAULT_MOTION = "zoom-in"
DEFAULT_CLIP_MOTION = "none"  # a clip moves by itself; Ken Burns on top is asked for, not assumed
DEFAULT_TRANSITION_MS = 500
DEFAULT_PHOTO_MS = 3000


@dataclass(frozen=True)
class Transition:
    """How a slide hands over to the next one; it straddles the cut, half before and half after."""

    name: str = "fade"
    duration_ms: int = DEFAULT_TRANSITION_MS

    @property
    def effective_ms(self) -> int:
        return 0 if self.name == "none" else self.duration_ms
