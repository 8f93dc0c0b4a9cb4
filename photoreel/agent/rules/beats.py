"""Cutting on the beat: "sync to the beat", "cut on the beat", "卡点", "踩点". With no music yet, a library track
is chosen first (the mood said, or the default), then the cuts are moved onto its beats."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.rules.music import mood_of, some_music
from photoreel.agent.text import Clause
from photoreel.timeline.ops import SyncToBeat

_ON_BEAT = (
    r"\b(?:sync(?:ed|hroni[sz]e)?|match|cut|cuts|timed|line (?:it )?up)\b.{0,30}\b(?:beats?|rhythm)\b"
    r"|\bon (?:the )?beats?\b|\bbeat[\s-]*sync(?:ed)?\b|\bto the beat\b|\bwith the beat\b"
    r"|卡点|踩点|跟着节奏|按节奏|随节奏|合拍|对上节拍|踩着节奏"
)


# Pace: beats per photo ("faster" = fewer beats per photo); nothing said keeps the slideshow's own pace.
_PACE = (
    (1, r"\bevery beat\b|\beach beat\b|\bone beat\b|每拍|一拍一张|一拍一换"),
    (2, r"\bfast(?:er)?\b|\bquick(?:er)?\b|\brapid\b|\bsnappy\b|快节奏|快一点|快点|快速|紧凑"),
    (4, r"\bslow(?:er|ly)?\b|\brelaxed\b|\bcalm(?:er)?\b|慢节奏|慢一点|慢点|舒缓"),
)


def beats(clause: Clause, view: View) -> list[Step] | None:
    if not re.search(_ON_BEAT, clause.text):
        return None
    steps: list[Step] = []
    if not view.timeline.music:
        steps.extend(some_music(view, mood_of(clause.text)))
    pace = next((n for n, words in _PACE if re.search(words, clause.text)), None)
    steps.append(Edit(SyncToBeat(pace)))  # with no music at all, the edit's own error explains
    return steps
