"""Halfway back: "somewhere in between would be better", "取个中间吧", "split the difference" after a change that
went too far. The value the last turn changed goes to the middle of where it was and where it is now: each
photo's length, the music's level, a text's size."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.text import Clause
from photoreel.timeline import PhotoSegment, Timeline
from photoreel.timeline.ops import SetMusicVolume, SetPhotoDuration, UpdateText

_HALFWAY = re.compile(
    r"\b(?:somewhere |something )?in between\b|\bsplit the difference\b|\bmeet (?:me )?(?:in the|halfway)\b"
    r"|\bhalfway\b|\bmiddle ground\b|\bin the middle of (?:those|the two|both)\b"
    r"|取个?中间|折中|中间值|两者之间|介于.{0,6}之间|不要那么多也不要那么少"
    # "too much, go back a little", "有点过了，往回一点": part of the way back, as the whole clause
    r"|^(?:(?:too much|too far|that'?s too much|way too much|overdid it|hmm+|ok|okay|whoa|no)[,\s]*)*"
    r"(?:go |come |dial it |bring it |take it |move it )?back a (?:little|bit|touch)(?: please)?$"
    r"|^(?:(?:too much|too far|hmm+|whoa)[,\s]*)*not (?:quite )?(?:that|so) much(?: please)?$"
    r"|^(?:(?:太多了|太过了|过头了|有点过了|过了)[，,\s]*)*(?:再)?(?:往回|回来|退回|拉回)(?:一点|一些|点)(?:吧)?$"
    r"|^(?:太过了|过头了|有点过了)(?:吧)?$"
)


def _lengths(t: Timeline) -> set[int]:
    return {s.duration_ms for s in t.segments if isinstance(s, PhotoSegment)}


def halfway(clause: Clause, view: View) -> list[Step] | None:
    if not _HALFWAY.search(clause.text) or view.previous is None:
        return None
    before, now = view.previous, view.timeline
    was, is_ = _lengths(before), _lengths(now)
    if was != is_ and len(was) == 1 and len(is_) == 1:
        return [Edit(SetPhotoDuration(round((next(iter(was)) + next(iter(is_))) / 2 / 100) * 100))]
    if before.music and now.music and before.music[0].volume != now.music[0].volume:
        return [Edit(SetMusicVolume(round((before.music[0].volume + now.music[0].volume) / 2, 2)))]
    if len(before.texts) == len(now.texts):
        for i, (a, b) in enumerate(zip(before.texts, now.texts, strict=True)):
            if a.size != b.size:
                return [Edit(UpdateText(i, (("size", round((a.size + b.size) / 2, 3)),)))]
    return None
