"""Photo positions: remove, move and swap slides by position ("the third photo", "第5张", "the last one").

A photo's number counts photos only: with clips in the run, "the third photo" is wherever the third photo is."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.rules.common import photo_positions
from photoreel.agent.text import Clause
from photoreel.timeline.ops import MoveSegment, RemoveSegment, SwapSegments

_REMOVE = r"\bremove\b|\bdelete\b|\bdrop\b|\bget rid of\b|\bcut\b|\btake out\b|删除|删掉|去掉|移除|不要"
_SWAP = r"\bswap\b|\bswitch\b|\bexchange\b|交换|互换|对调"
_MOVE = r"\bmove\b|\bput\b|\bplace\b|移到|移动到|放到|挪到|调到"
_TO_START = r"\b(to the )?(start|beginning|front|first)\b|开头|最前|第一个位置|前面"
_TO_END = r"\b(to the )?(end|back)\b|\blast\b|末尾|最后|结尾"


def photos(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    count = len(view.timeline.segments)
    positions = photo_positions(text, view.timeline)
    if not positions:
        return None
    if re.search(_SWAP, text) and len(positions) >= 2:
        return [Edit(SwapSegments(positions[0], positions[1]))]
    if re.search(_MOVE, text):
        source = positions[0]
        rest = text[re.search(_MOVE, text).end() :]  # type: ignore[union-attr]
        targets = photo_positions(rest, view.timeline)
        if len(positions) >= 2 and targets:
            target = targets[-1]
        elif re.search(_TO_START, rest):
            target = 0
        elif re.search(_TO_END, rest):
            target = count - 1
        else:
            return None
        return [Edit(MoveSegment(source, target))]
    if re.search(_REMOVE, text):
        return [Edit(RemoveSegment(i)) for i in sorted(set(positions), reverse=True)]
    return None
