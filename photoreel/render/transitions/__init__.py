"""Transitions by name: the one list the agent, CLI and API share (see timeline.effects.TRANSITIONS)."""

from __future__ import annotations

from photoreel.render.transitions.base import TransitionEffect, ease
from photoreel.render.transitions.fade import Fade
from photoreel.render.transitions.fadeblack import FadeBlack
from photoreel.render.transitions.slide import Slide
from photoreel.render.transitions.wipe import Wipe
from photoreel.render.transitions.zoom import Zoom
from photoreel.timeline.effects import TRANSITIONS

REGISTRY: dict[str, TransitionEffect] = {
    "fade": Fade(),
    "fadeblack": FadeBlack(),
    "slideleft": Slide("left"),
    "slideright": Slide("right"),
    "slideup": Slide("up"),
    "slidedown": Slide("down"),
    "wipeleft": Wipe("left"),
    "wiperight": Wipe("right"),
    "zoom": Zoom(),
}
assert set(REGISTRY) | {"none"} == set(TRANSITIONS), "every named transition needs an effect"


def get_transition(name: str) -> TransitionEffect:
    return REGISTRY[name]


__all__ = ["REGISTRY", "TransitionEffect", "ease", "get_transition"]
