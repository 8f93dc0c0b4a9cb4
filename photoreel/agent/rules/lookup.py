"""Questions about the photos, answered from what was measured at upload: "which photo has the most people?",
"哪张最暗", "what photo is showing at 7 seconds?". The answer names the photo ("photo-is") and changes nothing;
the photo it names is then "that one" for the next request ("delete that one")."""

from __future__ import annotations

import re

from photoreel.agent.plan import Command, Step, View
from photoreel.agent.references import resolve
from photoreel.agent.rules.common import SECONDS, photo_indexes
from photoreel.agent.text import NUMBER, Clause, to_number
from photoreel.timeline import PhotoSegment, Timeline

_EN_ASKING = re.compile(
    r"^(?:so\s+|and\s+|um+\s+|hey\s+)?(?:which|what)\s+(?:photo|picture|pic|image|slide|one|shot)(?:s)?\b\s*"
    r"(?:is\s+it\s+that\s+|is\s+it\s+)?"
)
_ZH_ASKING = re.compile(r"哪(?:一)?张(?:照片|图片|图)?|哪个(?:照片|图片)|是第几张|第几张")
_NOW_SHOWING = re.compile(
    rf"\b(?:at|around)\s+(?P<en>{NUMBER})\s*{SECONDS}(?![a-z])|(?:第)?(?P<zh>{NUMBER})\s*秒(?:的时候|时|那里|那儿)?"
)
_SHOWING_WORDS = re.compile(r"\b(?:showing|shown|on screen|playing|up)\b|显示|放的|出现|播")
_ZH_TAIL = re.compile(r"[啊呀呢吗嘛啦吧?？]+$")


def _at_time(ms: int, timeline: Timeline) -> int | None:
    """The run position showing at `ms`."""
    for i, start in enumerate(timeline.segment_starts()):
        if start <= ms < start + timeline.segments[i].duration_ms:
            return i
    return None


_WRITTEN = re.compile(r"\bphotos?\s+(\d+(?:\s+and\s+\d+)*)|第(\d+)张")


def _numbers_written(text: str) -> list[int]:
    """The photo numbers `resolve` wrote for a description (" photos 2 and 4 ", "第5张")."""
    return [int(n) for m in _WRITTEN.finditer(text) for n in re.findall(r"\d+", m.group(1) or m.group(2))]


def _answer(indexes: list[int], timeline: Timeline) -> Command:
    numbers = {i: n for n, i in enumerate(photo_indexes(timeline), 1)}
    media = timeline.media_by_id
    options = tuple(
        (numbers[i], media[timeline.segments[i].media_id].name)
        for i in indexes
        if i in numbers and timeline.segments[i].media_id in media
    )
    return Command("photo-is", options)


def lookup(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text.strip()
    timeline = view.timeline
    en = _EN_ASKING.match(text)
    zh = _ZH_ASKING.search(text)
    if (en is None and zh is None) or not timeline.segments:
        return None
    when = _NOW_SHOWING.search(text)
    if when is not None and (_SHOWING_WORDS.search(text) or zh is not None):
        seconds = to_number(when.group("en") or when.group("zh") or "")
        showing = _at_time(round((seconds or 0) * 1000), timeline) if seconds is not None else None
        if showing is None or not isinstance(timeline.segments[showing], PhotoSegment):
            return None
        return [_answer([showing], timeline)]
    if en is not None:
        rest = re.sub(r"^(?:is|was|has|had|shows?|looks?|got)\s+", "", text[en.end() :]).strip()
        asked = [f"the photo with {rest}", rest, f"the {rest} photo"]
    else:
        assert zh is not None
        rest = _ZH_TAIL.sub("", (text[: zh.start()] + text[zh.end() :]).strip())
        rest = re.sub(r"^(?:是|有|拍的是|里)", "", rest)
        asked = [f"{rest}的那张", rest]
    if not rest:
        return None
    written = _numbers_written(rest)  # the description was already read as numbers ("has the most people")
    at = photo_indexes(timeline)
    if written:
        return [_answer([at[n - 1] for n in written if 1 <= n <= len(at)], timeline)]
    for words in asked:
        resolved = resolve(words, timeline)
        if resolved.problem is not None:
            if resolved.problem.name == "which-photo":
                # several fit: every one of them is the answer
                return [Command("photo-is", resolved.problem.options)]
            return [resolved.problem]
        numbers = _numbers_written(resolved.text) if resolved.text != words else []
        if numbers:
            return [_answer([at[n - 1] for n in numbers if 1 <= n <= len(at)], timeline)]
    return None
