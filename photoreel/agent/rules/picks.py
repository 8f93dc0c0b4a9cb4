"""Picking the best shots: "remove duplicates", "drop the blurry ones", "pick the best 10", "只保留最好的8张".
Judged by the facts measured at upload (media/quality.py); photos leave the timeline only, never the session,
and the reply says which and why (undo brings them back)."""

from __future__ import annotations

import re
import statistics

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import duration_ms
from photoreel.agent.text import CN_NUMBER, Clause, to_number
from photoreel.timeline import MediaRef, PhotoSegment, Timeline
from photoreel.timeline.ops import RemoveSegment, SetTotalDuration

_DUPLICATES = (
    r"\bduplicates?\b|\bdupes?\b|\bnear[- ]duplicates?\b|\bthe same (?:photo|picture|shot)s?\b|\bbursts?\b"
    r"|重复|去重|一样的照片|相似的照片|连拍"
)
_BLURRY = r"\bblurr?y\b|\bblurred\b|\bout of focus\b|\bunsharp\b|\bshaky\b|模糊|糊的|不清楚|不清晰|虚焦"
_BEST = re.compile(
    rf"\b(?:best|top|finest|nicest|strongest)\s+(\d+|{CN_NUMBER})\b|\b(\d+)\s+best\b"
    rf"|最好的\s*(\d+|{CN_NUMBER})\s*张|(\d+|{CN_NUMBER})\s*张最好|最好看的\s*(\d+|{CN_NUMBER})\s*张"
)
# "make a 30-second highlight": the best shots that fill that length at the slideshow's pace.
_HIGHLIGHT = r"\bhighlights?\b|\bbest of\b|\brecap\b|精彩集锦|集锦|高光|精华|精选"
_DROP = r"\bremove\b|\bdelete\b|\bdrop\b|\bleave out\b|\bget rid of\b|\bskip\b|\bno\b|\bwithout\b|删|去掉|不要|去除"
# Words that put the sentence about something else: the blurred backdrop, a title, a clip, the music.
_NOT_PHOTOS = (
    r"\bbackground\b|\bbackdrop\b|\bsides\b|\bedges\b|\bbars\b|\bscreen\b|\btitles?\b|\bcaptions?\b|\btext\b"
    r"|\bclips?\b|\bvideos?\b"
    r"|\bmusic\b|\bsong\b|背景|标题|字幕|文字|视频|音乐|歌"
)
DUPLICATE_BITS = 10  # pHash bits that may differ between two shots of one moment
BLUR_FLOOR = 40.0  # variance of the Laplacian below which a 512-px photo looks soft anyway
BLUR_SHARE = 0.25  # ... or this share of the session's typical sharpness


def hash_distance(a: str, b: str) -> int:
    """Bits in which two 64-bit pHashes (hex) differ."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _photos(timeline: Timeline) -> list[tuple[int, PhotoSegment, MediaRef]]:
    media = timeline.media_by_id
    return [
        (i, seg, media[seg.media_id])
        for i, seg in enumerate(timeline.segments)
        if isinstance(seg, PhotoSegment) and seg.media_id in media
    ]


def _duplicates(photos: list[tuple[int, PhotoSegment, MediaRef]]) -> dict[int, str]:
    """Run position -> why it goes: each group of near-identical shots keeps its sharpest."""
    gone: dict[int, str] = {}
    grouped: set[int] = set()  # in a group already, kept or not: a photo belongs to one group only
    hashed = [(i, ref) for i, _, ref in photos if ref.phash]
    for a, (i, ref) in enumerate(hashed):
        if i in grouped:
            continue
        group = [(i, ref)] + [
            (j, other)
            for j, other in hashed[a + 1 :]
            if j not in grouped and hash_distance(ref.phash or "", other.phash or "") <= DUPLICATE_BITS
        ]
        grouped.update(j for j, _ in group)
        if len(group) < 2:
            continue
        keep = max(group, key=lambda item: item[1].sharpness or 0.0)
        for j, _ in group:
            if j != keep[0]:
                gone[j] = f"dup:{keep[0]}"
    return gone


def _blurry(photos: list[tuple[int, PhotoSegment, MediaRef]]) -> dict[int, str]:
    scores = [ref.sharpness for _, _, ref in photos if ref.sharpness is not None]
    if not scores:
        return {}
    limit = max(BLUR_FLOOR, BLUR_SHARE * statistics.median(scores))
    return {i: "blurry" for i, _, ref in photos if ref.sharpness is not None and ref.sharpness < limit}


def _score(ref: MediaRef) -> float:
    """Higher is better: sharp (on a log scale, so crisp beats crisper little) and well exposed."""
    import math

    sharp = math.log1p(ref.sharpness or 0.0)
    exposure = abs((ref.exposure if ref.exposure is not None else 0.5) - 0.5)
    return sharp - 6 * exposure


def picks(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    best = _BEST.search(text)
    highlight_ms = duration_ms(text) if re.search(_HIGHLIGHT, text) else None
    other_thing = re.search(_NOT_PHOTOS, text) is not None
    duplicates = re.search(_DUPLICATES, text) and re.search(_DROP, text) and not other_thing
    blurry = re.search(_BLURRY, text) and re.search(_DROP, text) and not other_thing
    if not (best or duplicates or blurry or highlight_ms):
        return None
    photos = _photos(view.timeline)
    gone: dict[int, str] = {}
    if duplicates or best or highlight_ms:
        gone |= _duplicates(photos)
    if blurry:
        gone |= {i: why for i, why in _blurry(photos).items() if i not in gone}
    wanted: float | None = None
    if best:
        wanted = to_number(next(g for g in best.groups() if g))
    elif highlight_ms and photos:
        pace = sorted(seg.duration_ms for _, seg, _ in photos)[len(photos) // 2]
        wanted = max(2, round(highlight_ms / pace))
    if wanted is not None and wanted >= 1:
        left = [(i, ref) for i, _, ref in photos if i not in gone]
        ranked = sorted(left, key=lambda item: _score(item[1]), reverse=True)
        for i, _ in ranked[int(wanted) :]:
            gone[i] = f"rank:{int(wanted)}"
    if len(gone) >= len(view.timeline.segments):
        return [Command("left-out", ())]  # leaving nothing is never a good guess
    steps = leaving_out(view.timeline, gone) if gone else []
    if highlight_ms:
        steps.insert(len(steps) - 1 if gone else 0, Edit(SetTotalDuration(highlight_ms)))
    return steps or [Command("left-out", ())]


def weak_shots(timeline: Timeline) -> dict[int, str]:
    """Run position -> why, for the near-duplicates and blurry photos of `timeline` (what a whole-video recipe
    leaves out), unless that would leave fewer than two photos."""
    photos = _photos(timeline)
    gone = _duplicates(photos)
    gone |= {i: why for i, why in _blurry(photos).items() if i not in gone}
    return gone if len(photos) - len(gone) >= 2 else {}


def leaving_out(timeline: Timeline, gone: dict[int, str]) -> list[Step]:
    """The removals, last first, and the note that says which photos went and why, numbered as the person
    counts them before any is taken out."""
    number = {i: n for n, (i, _, _) in enumerate(_photos(timeline), start=1)}
    told = tuple((number[i], _said(why, number)) for i, why in sorted(gone.items()))
    steps: list[Step] = [Edit(RemoveSegment(i)) for i in sorted(gone, reverse=True)]
    steps.append(Command("left-out", told))
    return steps


def _said(why: str, number: dict[int, int]) -> str:
    """ "blurry", "dup:3" (a near-duplicate of photo 3) or "rank:10" (not among the best 10)."""
    if why.startswith("dup:"):
        return f"dup:{number[int(why[4:])]}"
    return why
