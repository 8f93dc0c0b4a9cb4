"""Putting a removed photo back by what it is ("bring the sunset back", "把日落那张加回来"): the upload is still
in the session's media, only off the timeline; it goes back where it was a turn ago when it was there, else at
the end."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.references import off_the_timeline
from photoreel.agent.text import Clause
from photoreel.timeline import PhotoSegment
from photoreel.timeline.ops import AddPhotos

BACK = re.compile(
    r"\bbring\b.*\bback\b|\bput\b.*\bback\b|\badd\b.*\bback\b|\brestore\b|\bre-?add\b|\bundelete\b"
    r"|加回来|放回来|加回去|放回去|找回来|恢复|还原|拿回来"
)


_THAT_ONE = re.compile(
    r"刚才(?:那|这)张|刚(?:删|去掉)的(?:那张)?|^(?:算了\s*)?放回来"
    r"|\bthe one (?:i|you) (?:just )?(?:deleted|removed)\b|\bthat one\b"
)


# "put it back at the start", "放回来放最前面": where the photo goes back, when said (else where it was)
_AT_START = re.compile(r"\b(?:at|to) the (?:start|beginning|front)\b|\bfirst\b|最前|开头|第一个|第一张")
_AT_END = re.compile(r"\bat the end\b|\b(?:as the )?last\b|最后|末尾|结尾")


def restore(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    if not BACK.search(text):
        return None
    found = off_the_timeline(text, view.timeline)
    place = 0 if _AT_START.search(text) else len(view.timeline.segments) if _AT_END.search(text) else None
    that_one = _THAT_ONE.search(text) or (place is not None and re.search(r"\b(?:it|that)\b|它", text))
    if not found and that_one and view.previous is not None:
        # "哎不对，刚才那张恢复一下": the one photo the last turn took off
        placed = {seg.media_id for seg in view.timeline.segments}
        gone = {s.media_id for s in view.previous.segments if isinstance(s, PhotoSegment)} - placed
        found = [m for m in view.timeline.media if m.id in gone]
    if len(found) != 1:
        return None  # "put it back" is an undo (rules/commands.py); several photos named: not a guess to make
    media_id = found[0].id
    before = view.previous
    if place is not None:
        return [Edit(AddPhotos((media_id,), at=place))]
    if before is not None:
        for at, seg in enumerate(before.segments):
            if isinstance(seg, PhotoSegment) and seg.media_id == media_id:
                return [
                    Edit(AddPhotos((media_id,), duration_ms=seg.duration_ms, at=min(at, len(view.timeline.segments))))
                ]
    return [Edit(AddPhotos((media_id,)))]
