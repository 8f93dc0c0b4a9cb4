"""Switching an effect off: "turn off the zoom", "把滤镜关掉", "the transitions can go", and "remove it" / "关掉吧"
right after the effect was spoken of ("add ken burns" … "actually remove it"; "那个缩放效果有点分散注意力，关掉吧").
Off is the effect's own "none" (no look, hard cuts, still photos), not what a new project has: that is taking back
(rules/take_back.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import TAKE_AWAY
from photoreel.agent.rules.output import output
from photoreel.agent.rules.take_back import FILTER_WORDS, MOTION_WORDS, TRANSITION_WORDS
from photoreel.agent.rules.timing import timing
from photoreel.agent.text import Clause
from photoreel.timeline import PhotoSegment, Timeline
from photoreel.timeline.ops import EditOp, RemoveSegment, SetLook, SetMotion, SetTransition

_OFF = re.compile(
    TAKE_AWAY + r"|\b(?:turn|switch|shut)\s+(?:\w+\s+){0,3}?off\b|\boff(?:\s+please)?$|\bdisable\b|\bcan go\s*$"
    r"|\bno more\b|关掉|关了|关闭|去了|不要了|别要|取消|不用了"
)
# Not an effect switched off everywhere: one photo's ("no zoom on the first photo"), a part of it ("a bit less
# zoom", "缩放别太快"), or one effect swapped for another ("去掉黑白换成复古", "lose the wipes, use fades instead").
_NOT_ALL_OFF = re.compile(
    r"\b(?:photos?|pictures?|pics?|slides?|ones?)\s*\d|\b(?:first|second|third|fourth|fifth|last|only|except|just"
    r"|between|less|bit|little|too|so|that|softer|subtle|slower|faster|quicker|warmer|cooler|stronger|weaker|longer"
    r"|shorter|brighter|darker|lighter|instead|rather|use|with|to)\b|那么|这么"
    r"|\b(?:feels?|looks?|seems?|is|are|was) (?:\w+ )?off\b"  # "the transitions feel off": wrong, not to be off
    r"|第.{1,3}张|那张|这张|最后一张|之间|中间|只|除了|一点|太|弱|淡|慢|快|换成|改成|变成|用"
)
# "remove it", "turn them off", "关掉吧": the whole clause is the verb, its object the effect spoken of last
_BARE_OFF = re.compile(
    r"(?:(?:ok|okay|actually|no|nah|hmm+|yeah|yes|just|please|and|so|then)[\s,]+)*"
    r"(?:(?:turn|switch|shut|take) (?:it|them|that|those) off|(?:remove|drop|kill|lose|ditch|disable|get rid of)"
    r" (?:it|them|that|those)|(?:it|that|they|those) can go)(?: please)?"
    r"|(?:算了|那就|还是|就)?(?:把它|把这个|把那个)?(?:关掉|关了|去掉|去了|不要了|取消|拿掉|删掉)(?:吧|了|算了)?"
)


def _photos(timeline: Timeline) -> list[PhotoSegment]:
    return [s for s in timeline.segments if isinstance(s, PhotoSegment)]


def _filter_off(timeline: Timeline) -> EditOp | None:
    return SetLook("none") if (timeline.look or "none") != "none" else None


def _transitions_off(timeline: Timeline) -> EditOp | None:
    on = any(s.transition.name != "none" for s in _photos(timeline))
    return SetTransition("none", 0) if on else None


def _motion_off(timeline: Timeline) -> EditOp | None:
    return SetMotion("none") if any(s.motion != "none" for s in _photos(timeline)) else None


# The effect's name (for "there is none to turn off"), its words, the edit that switches it off (None when off)
_EFFECTS: tuple[tuple[str, str, Callable[[Timeline], EditOp | None]], ...] = (
    ("filter", FILTER_WORDS, _filter_off),
    ("no-transitions", TRANSITION_WORDS, _transitions_off),
    ("no-motion", MOTION_WORDS, _motion_off),
)

# Which edit each "already off" (or "not there") answer is about: "静止，不要动效" switches the motion off once, and is
# not told the photos already stand still by its second clause (turn.py drops that answer after such an edit).
SWITCHED_BY: dict[str, type[EditOp]] = {
    "filter": SetLook,
    "no-transitions": SetTransition,
    "no-motion": SetMotion,
    "clip": RemoveSegment,  # "take the clip out, i only want photos"
}


def _named(text: str) -> list[tuple[str, str, Callable[[Timeline], EditOp | None]]]:
    return [effect for effect in _EFFECTS if re.search(effect[1], text)]


def switch_off(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text.strip(" ,.!。！")
    if _BARE_OFF.fullmatch(text):
        memory = view.memory
        if memory.subject:
            return None  # "remove it" after a photo's or the title's edit is about that one
        named = _named(memory.last_clause)
    elif _OFF.search(text) and not _NOT_ALL_OFF.search(text):
        if output(clause, view) or timing(clause, view):
            return None  # "竖屏60帧不要转场": more than the effect said, for the rules that read it all
        named = _named(text)
    else:
        return None
    if len(named) != 1:
        return None  # no effect, or "turn off the zoom and the filter": left to the rules that read both
    name, _, off = named[0]
    edit = off(view.timeline)
    return [Edit(edit)] if edit is not None else [Command("absent", ((0, name),))]
