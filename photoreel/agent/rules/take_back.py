"""Taking back one kind of change, not the last turn: "undo the filter only", "go back to before the black and
white", "撤销滤镜", "scratch the 60 fps". That one setting goes back to what it was a turn ago when the last
turn changed it, else to what a new project has (no look, fades, slow zoom-in, 16:9, 30 fps); everything else
said since stays."""

from __future__ import annotations

import re
from collections.abc import Callable

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.text import Clause
from photoreel.timeline import PhotoSegment, Timeline
from photoreel.timeline.effects import DEFAULT_MOTION, Transition
from photoreel.timeline.ops import EditOp, SetLook, SetMotion, SetOutput, SetTransition
from photoreel.timeline.output import OutputSpec

_TAKE_BACK = re.compile(
    r"^(?:(?:ok|okay|hmm+|actually|no|wait|and|now|please)[\s,]+)*"
    r"(?:undo|revert|scratch|cancel|take back|go back to (?:before|without)|back to (?:before|without)"
    r"|go back on|roll back)\b"
    r"|^(?:把)?(?:撤销|撤回|取消|回到没有|回到加)"
    r"|(?:撤销|撤回|取消)(?:掉|了)?$"  # "黑白撤销掉，标题保留": the kind, then the verb
)
FILTER_WORDS = (
    r"\b(?:the |that |this )?(?:filter|look|colou?r (?:look|grade|grading)|black and white|b&w|bw|sepia|vintage"
    r"|cinematic|film look|warm look|cool look)\b|滤镜|黑白|色调|调色|复古|怀旧色"
)
TRANSITION_WORDS = r"\btransitions?\b|\bcrossfades?\b|\bwipes?\b|\bslides? transitions?\b|转场|过渡"
MOTION_WORDS = r"\b(?:zoom|ken burns|motion|pan(?:ning)?|movement)\b(?!\s+transitions?)|缩放|动效|运镜|推拉"
_FPS = r"\b(?:fps|frame ?rate|\d{2} ?fps)\b|帧率|帧"
_ASPECT = r"\b(?:aspect(?: ratio)?|vertical|portrait|square|9:16|1:1|4:5|shape)\b|竖屏|横屏|比例|方形"


def _photos(timeline: Timeline) -> list[PhotoSegment]:
    return [s for s in timeline.segments if isinstance(s, PhotoSegment)]


def _look(t: Timeline) -> str:
    return t.look or "none"


def _transition(t: Timeline) -> Transition:
    photos = _photos(t)
    return photos[0].transition if photos else Transition()


def _motion(t: Timeline) -> str:
    photos = _photos(t)
    return photos[0].motion if photos else DEFAULT_MOTION


# What is taken back: its name (for the reply when there is nothing to take back), the words for it, the value it
# has on a timeline, its value in a new project, the edit that sets it.
_KINDS: tuple[tuple[str, str, Callable[[Timeline], object], object, Callable[[object], EditOp]], ...] = (
    ("filter", FILTER_WORDS, _look, "none", lambda v: SetLook(str(v))),
    (
        "transitions",
        TRANSITION_WORDS,
        _transition,
        Transition(),
        lambda v: SetTransition(v.name, v.duration_ms) if isinstance(v, Transition) else SetTransition("fade"),
    ),
    ("motion", MOTION_WORDS, _motion, DEFAULT_MOTION, lambda v: SetMotion(str(v))),
    ("fps", _FPS, lambda t: t.output.fps, OutputSpec().fps, lambda v: SetOutput(fps=v)),  # type: ignore[arg-type]
    (
        "aspect",
        _ASPECT,
        lambda t: t.output.aspect,
        OutputSpec().aspect,
        lambda v: SetOutput(aspect=v),  # type: ignore[arg-type]
    ),
)


# "刚加的那些效果都不要了", "get rid of all the effects": every look-and-feel setting as a new project has it
_EFFECTS = re.compile(
    r"\b(?:all|the|those|these|any) (?:\w+ )?effects\b|^effects\b"
    r"|(?:那些|这些|所有|全部|刚加的|刚才加的|加的)(?:的)?(?:效果|特效)|特效(?!.*(?:动|缩放|转场|滤镜))"
)
_BETWEEN = re.compile(r"之间|中间|\bbetween\b")  # "照片之间不要任何特效": the transitions only
_NONE_OF_THEM = re.compile(
    r"\b(?:remove|delete|drop|get rid of|lose|ditch|no more|undo|revert|scratch|cancel|turn off|without)\b"
    r"|不要|去掉|删|取消|撤销|撤回|关掉|拿掉|都去"
)
_EFFECT_KINDS = ("filter", "transitions", "motion")


def _no_effects(view: View) -> list[Step]:
    steps: list[Step] = []
    for name, _, value_of, new_project, edit in _KINDS:
        if name in _EFFECT_KINDS and value_of(view.timeline) != new_project:
            steps.append(Edit(edit(new_project)))
    return steps or [Command("absent", ((0, "effects"),))]


def take_back(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    one_kind = any(re.search(k[1], text) for k in _KINDS)
    if _EFFECTS.search(text) and _NONE_OF_THEM.search(text) and not one_kind and not _BETWEEN.search(text):
        return _no_effects(view)
    if not _TAKE_BACK.search(text):
        return None
    named = [kind for kind in _KINDS if re.search(kind[1], text)]
    if len(named) != 1:
        return None  # "undo" alone, or "undo the music and the title": the last turn, or another rule's
    name, _, value_of, new_project, edit = named[0]
    now = value_of(view.timeline)
    before = value_of(view.previous) if view.previous is not None else now
    wanted = before if before != now else new_project
    if wanted == now:
        return [Command("absent", ((0, name),))]  # no filter to undo: nothing changed, and said so
    return [Edit(edit(wanted))]
