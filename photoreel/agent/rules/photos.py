"""Photo positions: remove, move and swap slides by position ("the third photo", "第5张", "the last one").

A photo's number counts photos only: with clips in the run, "the third photo" is wherever the third photo is."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.references import which_photo
from photoreel.agent.rules.common import TAKE_AWAY, photo_indexes, photo_positions
from photoreel.agent.text import Clause
from photoreel.timeline.ops import MoveSegment, RemoveSegment, SwapSegments

_REMOVE = (
    TAKE_AWAY + r"|\bdel\b|\bcan go\s*$|\bcut\b|\btaking (?:\w+ )?out\b"
    # "don't want that one", not "i don't want the music that loud"
    r"|\bdon'?t (?:want|need)\b(?!.*\b(?:music|song|title|caption|text|clip|video|that \w+|so \w+|to)\b)"
    r"|删|去掉|移除|不要|拿掉|去除|撤掉|扔掉"
    # "the blue one is boring, nobody needs to see it", "这张没必要放": not wanted in the video
    r"|\b(?:nobody|no one) (?:needs|wants) to see (?:it|that|this)\b|\b(?:isn'?t|is not) needed\b|\bis (?:unnecessary"
    r"|pointless)\b|没必要(?:放|留|要)|多余"
)
_KEEP_ONLY = r"\bkeep only\b|\bonly keep\b|\bjust keep\b|\bkeep just\b|\bleave only\b|只留|只保留|只要|仅保留|只剩"
_SWAP = r"\bswap\b|\bswitch\b|\bexchange\b|\btrade places\b|交换|互换|对调|换一下|换个位置|调换|换位置|换过来"
_MOVE = (
    r"\bmove\b|\bput\b|\bplace\b|\bshift\b|\bbring\b|\bstart (?:the video )?with\b|\bend (?:the video )?(?:on|with)\b"
    r"|\bopen with\b|\bclose with\b|移到|移动到|放到|挪到|调到|放在|挪|放第|放最|放中间|移|开头放|结尾放|排到|排在"
    r"|放(?=开头|结尾|末尾|前面|后面|前边|后边|最前|最后)"  # "日落那张应该放开头"
    # "make the sunset the first photo", "把日落那张作为第一张"
    # (not "make the sunset photo last for 4 seconds": a length)
    r"|\bmake\s+(?:it|that|this|photo \d+)\s+(?:the\s+)?(?:first|last|opening|final|closing|second|third|fourth"
    r"|fifth)\b(?!\s+(?:for\b|\d))|作为|当作?(?=第|开头|结尾|最后)"
)
_SHOULD = (
    r"\bshould (?:be|come|go|open|close|start|end)\b|\b(?:goes|comes|go|come|can go|could go) (?:last|first)\b"
    r"|\bas the (?:ending|opening"
    r"|finale)\b"
    r"|\bperfect ending\b|压轴|开场|收尾|放在"
)
# "landscape one last", "自拍那张最前": a photo and where it goes, no verb
_BARE_PLACE = re.compile(
    r"\s(?:last|first|to the end|to the front)$|(?<=张)\s*(?:最后|最前|第一)$"
    r"|\s(?:right |just |directly )?(?:after|before|behind) (?:it|that|that one|this one|photo \d+)$"
    r"|^\s*(?:the\s+)?photo \d+\s+(?:goes\s+|go\s+|comes\s+)?(?:first|last)\b"  # "sunset pic first its the best"
)
# "in the order they were taken, oldest first": a sort (rules/slideshow.py), not a move of "the first"
_SORTING = re.compile(
    r"\bin the order\b|\bchronolog|\bby (?:date|time|name|file ?name)\b|\boldest first\b|\bnewest first\b"
    r"|按.{0,4}(?:时间|顺序|日期|名)|时间顺序|拍摄顺序"
)
_THAT_ONE = re.compile(r"\bthat one\b|\bthis one\b|\bthat (?:photo|picture|pic)\b|那张|这张|那一张|这一张")
_BARE_PAIR = re.compile(
    r"^(?:swap|switch|exchange)?\s*(\d+)\s*(?:&|and|和|with|跟|与)\s*(\d+)\s*(?:swap|switch|换一下|交换|互换|对调)?"
)
_TO_START = (
    r"\b(to the )?(start|beginning|front|first)\b|\bstart (?:the video )?with\b|\bopen (?:with|the video)\b|\bopening\b"
    r"|开头|最前|第一个位置|前面|放第一|第一位|开场"
)
_TO_END = (
    r"\b(to the )?(end|back)\b|\blast\b|\bend (?:the video )?(?:on|with)\b|\bclose (?:with|it)\b|\bending\b|\bfinale\b"
    r"|末尾|最后|结尾|压轴|收尾"
)
_TO_MIDDLE = r"\b(?:to |in )?the middle\b|\bcent(?:er|re)\b|中间|正中"
_AFTER = r"\bafter\b|\bbehind\b|\bfollowing\b|后面|之后|后边|后头|\S后$"
_BEFORE = r"\bbefore\b|\bin front of\b|\bahead of\b|前面|之前|前边|前头"
# "move it one later" / "再往后挪一个": a step from where it is.
_STEP_LATER = (
    r"\bone (?:later|further|back|to the right|down|place later|spot later)\b|\bfurther back\b"
    r"|往后(?:挪|移|放)?一(?:个|位|格)?|后移一"
)
_STEP_EARLIER = (
    r"\bone (?:earlier|forward|up|to the left|place earlier|spot earlier)\b|往前(?:挪|移|放)?一(?:个|位|格)?|前移一"
)


def _relative_target(source: int, anchor: int, after: bool) -> int:
    """Where `source` must go to end up right after (or before) `anchor`, counted once it has left its place."""
    if after:
        return anchor if source < anchor else anchor + 1
    return anchor - 1 if source < anchor else anchor


# "move photos 1 and 2 to the end", "第1张和第2张放到最前面": several photos moved together, in their order
_GROUP = re.compile(r"\bphotos\s+\d+(?:\s*(?:,|and)\s*\d+)+|第\d+张(?:(?:和|、|跟|与)第\d+张)+")


def _group_moved(members: list[int], place: str, view: View) -> list[Step] | None:
    """The moves that put `members` (run positions, in their order) together where `place` says: at the start,
    at the end, or right after / before another photo; None when it says no such place."""
    count = len(view.timeline.segments)
    members = sorted(set(members))
    others = [p for p in photo_positions(place, view.timeline) if p not in members]
    order = [i for i in range(count) if i not in members]
    if others and (re.search(_AFTER, place) or re.search(_BEFORE, place)):
        at = order.index(others[-1]) + (1 if re.search(_AFTER, place) else 0)
    elif re.search(_TO_START, place):
        at = 0
    elif re.search(_TO_END, place):
        at = len(order)
    else:
        return None
    wanted = order[:at] + members + order[at:]
    # The photos said are the ones moved (so the reply names them): the last first when they go right, the first
    # first when they go left; whichever order lands them where wanted.
    for moving in (sorted(members, key=wanted.index, reverse=True), sorted(members, key=wanted.index)):
        now = list(range(count))
        steps: list[Step] = []
        for segment in moving:
            source, target = now.index(segment), wanted.index(segment)
            if source != target:
                now.insert(target, now.pop(source))
                steps.append(Edit(MoveSegment(source, target)))
        if now == wanted:
            return steps
    return None


def photos(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    count = len(view.timeline.segments)
    if _SORTING.search(text):
        return None
    # One photo described twice ("the group shot of 4 people") is one position, not a move onto itself.
    positions = list(dict.fromkeys(photo_positions(text, view.timeline)))
    pair = _BARE_PAIR.match(text)
    if not positions and pair and re.search(_SWAP, text):
        photos_at = photo_indexes(view.timeline)
        a, b = int(pair.group(1)), int(pair.group(2))
        if 1 <= a <= len(photos_at) and 1 <= b <= len(photos_at):
            return [Edit(SwapSegments(photos_at[a - 1], photos_at[b - 1]))]
    memory = view.memory
    if not positions and memory.subject in ("photo", "clip") and memory.subject_index is not None:
        if re.search(_STEP_LATER, text):
            return [Edit(MoveSegment(memory.subject_index, min(count - 1, memory.subject_index + 1)))]
        if re.search(_STEP_EARLIER, text):
            return [Edit(MoveSegment(memory.subject_index, max(0, memory.subject_index - 1)))]
    if not positions:
        if re.search(_REMOVE, text) and _THAT_ONE.search(text) and memory.subject in ("", "video"):
            return [which_photo(view.timeline)]  # nothing to point at: ask which
        return None
    if re.search(_KEEP_ONLY, text) and not re.search(_MOVE, text):
        kept = set(positions)
        return [Edit(RemoveSegment(i)) for i in reversed(range(count)) if i not in kept] or None
    if re.search(_SWAP, text) and len(positions) >= 2:
        return [Edit(SwapSegments(positions[0], positions[1]))]
    should = re.search(_SHOULD, text)
    after_should = text[should.start() :] if should else ""
    if should and not (
        re.search(_TO_START, after_should)
        or re.search(_TO_END, after_should)
        or (len(positions) >= 2 and (re.search(_BEFORE, after_should) or re.search(_AFTER, after_should)))
    ):
        should = None  # "photos 2 to 4 should be 2 seconds each" is a length, not a place
    move = re.search(_MOVE, text) or should or _BARE_PLACE.search(text)
    group = _GROUP.search(text)
    if move and group is not None:
        members = photo_positions(group.group(0), view.timeline)
        moved = _group_moved(members, text[group.end() :], view) if len(members) >= 2 else None
        if moved is not None:
            return moved
    if move:
        source = positions[0]
        rest = text[move.start() :]
        targets = [p for p in photo_positions(rest, view.timeline) if p != source] or positions[1:]
        if re.search(_STEP_LATER, text):
            return [Edit(MoveSegment(source, min(count - 1, source + 1)))]
        if re.search(_STEP_EARLIER, text):
            return [Edit(MoveSegment(source, max(0, source - 1)))]
        if len(targets) >= 2 and re.search(r"\bbetween\b|之间|中间", rest):
            # "put the dinner photo between the first two": right after the earlier of the two
            return [Edit(MoveSegment(source, _relative_target(source, min(targets[:2]), True)))]
        if len(positions) >= 2 and targets:
            anchor = targets[-1]
            if re.search(_AFTER, rest):
                return [Edit(MoveSegment(source, _relative_target(source, anchor, True)))]
            if re.search(_BEFORE, rest):
                return [Edit(MoveSegment(source, _relative_target(source, anchor, False)))]
            return [Edit(MoveSegment(source, anchor))]
        if re.search(_TO_START, rest) or re.search(_TO_START, text[: move.start()]):
            return [Edit(MoveSegment(source, 0))]
        if re.search(_TO_END, rest) or re.search(_TO_END, text[: move.start()]):
            return [Edit(MoveSegment(source, count - 1))]
        if re.search(_TO_MIDDLE, rest):
            return [Edit(MoveSegment(source, count // 2))]
        return None
    if re.search(_REMOVE, text):
        return [Edit(RemoveSegment(i)) for i in sorted(set(positions), reverse=True)]
    return None
