"""How long: seconds per photo, or the whole video's length."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.rules.common import SECONDS, duration_ms, photo_positions
from photoreel.agent.text import NUMBER, Clause, to_number
from photoreel.timeline.ops import SetPhotoDuration, SetTotalDuration

_MINUTES = r"(?:min|mins|minute|minutes|分钟)"
_PER_PHOTO = (
    re.compile(rf"({NUMBER})\s*{SECONDS}\s*(?:for\s+)?(?:each|per|every|a)\s*(?:photo|picture|image|slide|pic|one)?"),
    re.compile(
        rf"(?:each|every|per)\s+(?:photo|picture|image|slide|pic)\s+(?:for\s+|lasts?\s+|gets?\s+)?({NUMBER})\s*{SECONDS}"
    ),
    re.compile(rf"每(?:一)?(?:张|幅|个|页)(?:照片|图片|图)?\s*(?:显示|停留|播放|持续)?\s*({NUMBER})\s*秒"),
)
_TOTAL = (
    re.compile(
        rf"(?:make (?:it|the (?:video|movie|reel|slideshow|whole thing))|total(?:\s+of)?|overall|in total|lasts?|long)"
        rf"\s*(?:be\s+)?({NUMBER})\s*({SECONDS}|{_MINUTES})"
    ),
    re.compile(rf"({NUMBER})\s*[-\s]?({SECONDS}|{_MINUTES})\s*(?:long|in total|total|video|clip|reel)"),
    re.compile(
        rf"(?:总共|一共|总时长|时长|视频时长|整个视频|总长度?)\s*(?:为|是|改成|调到|控制在)?\s*({NUMBER})\s*({SECONDS}|{_MINUTES})"
    ),
    re.compile(rf"({NUMBER})\s*({SECONDS}|{_MINUTES})\s*(?:的)?(?:视频|短片)"),
)


def timing(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    positions = photo_positions(text, view.timeline)
    length = duration_ms(text)
    if positions and length is not None:
        return [Edit(SetPhotoDuration(length, index)) for index in positions]
    for pattern in _PER_PHOTO:
        m = pattern.search(text)
        if m:
            value = to_number(m.group(1))
            if value is not None and view.timeline.segments:
                return [Edit(SetPhotoDuration(round(value * 1000)))]
    for pattern in _TOTAL:
        m = pattern.search(text)
        if m:
            value = to_number(m.group(1))
            if value is None:
                continue
            unit = 60_000 if re.fullmatch(_MINUTES, m.group(2)) else 1000
            return [Edit(SetTotalDuration(round(value * unit)))]
    return None
