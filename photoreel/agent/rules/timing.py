"""How long: seconds per photo, or the whole video's length."""

from __future__ import annotations

import re

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import (
    SAME_LENGTH,
    SECONDS,
    VALUE_COMPLAINED,
    duration_ms,
    mentions,
    photo_indexes,
    photo_positions,
)
from photoreel.agent.text import NUMBER, Clause, to_number
from photoreel.timeline.ops import SetPhotoDuration, SetTotalDuration

_MINUTES = r"(?:min|mins|minute|minutes|分钟)"
_PER_PHOTO = (
    re.compile(rf"({NUMBER})\s*{SECONDS}\s*(?:for\s+)?(?:each|per|every|a)\b\s*(?:photo|picture|image|slide|pic|one)?"),
    re.compile(
        rf"(?:each|every|per)\s+(?:photo|picture|image|slide|pic)\s+(?:for\s+|lasts?\s+"
        rf"|gets?\s+)?({NUMBER})\s*{SECONDS}"
    ),
    re.compile(rf"每(?:一)?(?:张|幅|个|页)(?:照片|图片|图)?\s*(?:显示|停留|播放|持续)?\s*({NUMBER})\s*秒"),
    re.compile(
        r"\b(?:each|every|per|all(?: the)?)\s+(?:photos?|pictures?|images?|slides?|pics?)\b"
        rf".{{0,30}}?({NUMBER})\s*{SECONDS}"
    ),
    re.compile(
        rf"每(?:一)?(?:张|幅|个|页)(?:照片|图片|图)?(?:(?!总|共|整个|全部)[^\d秒]){{0,8}}?({NUMBER})\s*(?:秒|s\b|sec)"
    ),
    re.compile(rf"(?:照片|图片)(?:都|全部|每张)[^\d秒]{{0,6}}?({NUMBER})\s*秒"),
    # "一张一秒": a photo a second, said as a rate
    re.compile(rf"(?<![第倒这那哪])一张(?:照片|图)?\s*(?:就|停|放)?\s*({NUMBER})\s*秒"),
    # "make the photos four seconds", "each product shot 2.5 seconds": every photo, said in the plural
    re.compile(
        r"\b(?:(?:the|all the|all|my)\s+)?(?:photos|pictures|pics|images|slides|shots)\s+(?:to\s+|at\s+|for\s+|be\s+)?"
        rf"({NUMBER})\s*{SECONDS}"
    ),
    re.compile(rf"\beach\s+(?:\w+\s+)?(?:shot|one|image)\s+(?:for\s+)?({NUMBER})\s*{SECONDS}"),
    # "could each one stay up for 2.5 secs", "3.5秒一张"
    re.compile(rf"\beach (?:one|photo|picture|pic|slide|image)\b[^.,;]{{0,25}}?\bfor\s+({NUMBER})\s*{SECONDS}"),
    re.compile(rf"(?<![\d.])({NUMBER})\s*秒\s*(?:一张|每张)"),
    # "everything 2.5 secs, slide left transitions": every photo, when the clause is only that
    re.compile(
        r"^(?:make\s+|set\s+)?(?:everything|every one|all of them|them all|each one|all)\s+(?:to\s+|at\s+|for\s+"
        rf"|be\s+)?({NUMBER})\s*{SECONDS}(?:\s+each)?$"
    ),
    re.compile(rf"^(?:全部|统一|一律|都)(?:改成|设成|调成|换成)?\s*({NUMBER})\s*秒$"),
)
_TOTAL = (
    # "it has to fill a 30 sec slot at the wedding", "填满30秒": exactly that long
    re.compile(
        r"^(?!.*\b(?:clips?|caption|title|text|music|song|footage)\b).*?"  # what fills it is the video, not a clip
        rf"\bfill(?:s|ing)?\s+(?:up\s+)?(?:a|an|the|our|my|their)?\s*({NUMBER})\s*[-\s]?({SECONDS}|{_MINUTES})"
    ),
    re.compile(rf"(?:填满|占满)\s*({NUMBER})\s*({SECONDS}|{_MINUTES})"),
    re.compile(
        r"(?:mak(?:e|ing) (?:it|the (?:video|movie|reel|slideshow|whole thing|whole video))"
        r"|total(?:\s+of)?|overall|in total|lasts?|long)"
        rf"\s*(?:be\s+)?({NUMBER})\s*({SECONDS}|{_MINUTES})"
    ),
    re.compile(
        rf"({NUMBER})\s*[-\s]?({SECONDS}|{_MINUTES})\s*(?:long|in total|total|video|clip|reel|ad|advert|commercial"
        r"|spot|teaser|trailer|promo|story|short)\b"
    ),
    re.compile(
        rf"(?:总共|一共|总时长|时长|视频时长|整个视频|总长度?)\s*(?:为|是|改成|调到"
        rf"|控制在|压到|压缩到|缩到|缩短到|减到|变成|弄成|做成)?\s*({NUMBER})\s*({SECONDS}|{_MINUTES})"
    ),
    re.compile(rf"({NUMBER})\s*({SECONDS}|{_MINUTES})\s*(?:的)?(?:视频|短片|广告|宣传片|预告|短视频|片子|快闪)"),
    re.compile(
        rf"\b(?:whole thing|whole video|entire video|the video|the movie|it|everything|the reel|the slideshow)\s+"
        r"(?:to be|be|should be|is|at|to|needs to be|needs to run|runs?|lasts?)"
        rf"\s+(?:for\s+)?({NUMBER})\s*({SECONDS}|{_MINUTES})"
    ),
    re.compile(
        rf"(?:整个视频|视频|整体|全片|总长|总时长|一共)\s*(?:要|做成|弄成|剪成|改成|控制在|变成|缩短到|延长到|调成"
        rf"|调到|设为|设成|只要|就)?\s*({NUMBER})\s*({SECONDS}|{_MINUTES})"
    ),
    re.compile(
        rf"(?:做成|弄成|剪成|控制在|压缩到|缩到|剪到|搞成|拉长到|延长到|正好|刚好|只有)\s*({NUMBER})\s*({SECONDS}"
        rf"|{_MINUTES})"
    ),
    re.compile(rf"\b(?:exactly|only have|have only|just have|only)\s+({NUMBER})\s*({SECONDS}|{_MINUTES})"),
    re.compile(
        rf"^(?:please\s+)?({NUMBER})\s*({SECONDS}|{_MINUTES})(?:\s*(?:long|total|please|in total))?"
        r"\s*(?:吧|就行|就好|即可|就可以|好了)?$"
    ),
)
_REST = re.compile(
    r"\b(?:the )?(?:rest|others|other ones|other photos|other pictures|remaining(?: ones| photos)?)\b"
    r"|其他的?|其余的?|剩下的?|别的"
)
_UNITLESS = re.compile(
    rf"(?:\bcan be|\bcould be|\bshould be|\bbe|\bat|\bto|\bget|只要|改成|就|要|放|停)\s*({NUMBER})"
    r"(?![\d.:%]|\s*(?:st|nd|rd|th)\b)"
)
_ONE_N = re.compile(r"ones?\s*\d+")
_TRAILING_NUMBER = re.compile(rf"\s({NUMBER})\s*(?:please|then|though|too)?$")  # "and the last one 6"
_BARE_NUMBER = re.compile(rf"(?<![\d.])({NUMBER})(?![\d.:%])")
_AT_MOST = (
    r"\bno (?:longer|more) than\b|\bunder\b|\bless than\b|\bat most\b|\bmax(?:imum)?\b|\bwithin\b|\bshorter than\b"
    r"|\bnot (?:longer|more) than\b|\bup to\b|\bor less\b|\btops\b|\bbelow\b"
    # "make it fit in a 15-second story", "a 10 second ad slot": a length it must not go over
    r"|\bfits? (?:in|into|within)\b|\b(?:ad )?(?:slot|spot|time limit|limit|cap)\b"
    r"|不要超过|不超过|别超过|以内|之内|最多|不能超过|不得超过|以下"
)
_AT_LEAST = (
    r"\bat least\b|\bminimum\b|\bno shorter than\b|\bno less than\b|\bor (?:more|longer)\b|\blonger than\b"
    r"|至少|起码|不少于|不低于|以上|不短于"
)


_WITH_THE_SONG = re.compile(
    r"\b(?:end|finish|stop)s? (?:exactly )?(?:when|with|at the same time as) the (?:song|music|track)\b"
    r"|\bas long as the (?:song|music|track)\b|\b(?:match|fit) the (?:song|music)(?:'s)? length\b"
    r"|\bmatch (?:the |its )?(?:length|duration) (?:to|with) the (?:song|music|track)\b"
    r"|(?:和|跟|与)(?:歌|音乐|歌曲)(?:一起|同时)结束|(?:跟|和)(?:歌|音乐)一样长|歌放完"
)


def _with_the_song(text: str, view: View) -> list[Step] | None:
    """ "end exactly when the song ends": the video as long as the background music."""
    it = view.memory.subject == "music" and re.search(r"\bas long as (?:it|that)\b|和它一样长|跟它一样长", text)
    if not (_WITH_THE_SONG.search(text) or it):
        return None
    music = view.timeline.music[0] if view.timeline.music else None
    song = view.timeline.media_by_id.get(music.media_id) if music else None
    if song is None or not song.duration_ms:
        return [Command("absent", ((0, "music"),))]
    return [Edit(SetTotalDuration(song.duration_ms - music.start_ms if music else song.duration_ms))]


# "between 20 and 30 seconds", "20-30 s", "二十到三十秒之间": a length in a range ("from 5 to 10 seconds" is a change)
_RANGE = re.compile(
    rf"(?<!from )(?<!从)(?:\bbetween\s+)?({NUMBER})\s*(?:s|secs?|seconds?|秒)?\s*(?:and|to|-|–|~|到|至)\s*({NUMBER})\s*"
    rf"({SECONDS}|{_MINUTES})(?:\s*(?:之间|以内|左右))?"
)


def _in_range(text: str, view: View) -> list[Step] | None:
    """The video's length kept within a range said: moved to the nearer end only when it is outside."""
    m = _RANGE.search(text)
    if m is None or not re.search(r"\bbetween\b|之间|控制在|[-–~]", text):
        return None
    if re.search(r"\beach\b|\bper (?:photo|picture|slide)\b|每张|每一张", text):
        return None
    lo, hi = to_number(m.group(1)), to_number(m.group(2))
    if lo is None or hi is None or not 0 < lo < hi:
        return None
    unit = 60_000 if re.fullmatch(_MINUTES, m.group(3)) else 1000
    low, high = round(lo * unit), round(hi * unit)
    now = view.timeline.duration_ms
    if now < low:
        return [Edit(SetTotalDuration(low))]
    if now > high:
        return [Edit(SetTotalDuration(high))]
    return [Command("already", ((now, "max"), (high, "limit")))]


def _bound(text: str, view: View) -> list[Step] | None:
    """ "no longer than 15 s", "at least 20 seconds", "不要超过12秒", "it has to fit in a 15-second story": changed
    only when the video breaks it."""
    ranged = _in_range(text, view)
    if ranged is not None:
        return ranged
    at_most, at_least = re.search(_AT_MOST, text), re.search(_AT_LEAST, text)
    if re.search(r"\bexactly\b|\bfill\b|\bstretch\b|正好|刚好|填满", text):
        return None  # "the ad slot is exactly 30 seconds, so stretch it to fill it": a length to set, not a cap
    if not (at_most or at_least):
        return None
    m = re.search(rf"({NUMBER})\s*[-\s]?({SECONDS}|{_MINUTES})", text)
    value = to_number(m.group(1)) if m else None
    if m is None or value is None:
        return None
    limit = round(value * (60_000 if re.fullmatch(_MINUTES, m.group(2)) else 1000))
    if re.search(r"\beach\b|\bper (?:photo|picture|slide)\b|\bevery (?:photo|picture|slide|one)\b|每张|每一张", text):
        photos = view.timeline.photos
        if not photos:
            return None
        longest, shortest = max(p.duration_ms for p in photos), min(p.duration_ms for p in photos)
        if (at_most and longest > limit) or (at_least and shortest < limit):
            return [Edit(SetPhotoDuration(limit))]
        return [Command("already", ((longest if at_most else shortest, "max" if at_most else "min"), (limit, "limit")))]
    now = view.timeline.duration_ms
    if (at_most and now > limit) or (at_least and now < limit):
        return [Edit(SetTotalDuration(limit))]
    return [Command("already", ((now, "max" if at_most else "min"), (limit, "limit")))]


def _same_length(text: str, view: View, positions: list[int]) -> list[Step] | None:
    """ "and the same length for the dinner one", "and the last one half that": as long as the photo just spoken
    of is now, or half or twice that."""
    memory = view.memory
    source = memory.subject_index if memory.subject == "photo" else memory.photo_index
    segments = view.timeline.segments
    same = SAME_LENGTH.search(text)
    if same is None or source is None or not 0 <= source < len(segments):
        return None
    targets = [i for i in positions if i != source]
    if not targets:
        return None
    # "and the last one half that": half (or twice) as long as the photo just spoken of
    scale = 0.5 if same.group("half") else 2.0 if same.group("twice") else 1.0
    length = round(segments[source].duration_ms * scale / 100) * 100
    return [Edit(SetPhotoDuration(length, i)) for i in targets]


def timing(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    if VALUE_COMPLAINED.search(text):
        return None  # the length it has, complained of (rules/relative.py steps from it)
    bounded = _bound(text, view) or _with_the_song(text, view)
    if bounded is not None:
        return bounded
    positions = photo_positions(text, view.timeline)
    length = duration_ms(text)
    same = _same_length(text, view, positions) if length is None else None
    if same is not None:
        return same
    if positions and length is not None:
        return [Edit(SetPhotoDuration(length, index)) for index in positions]
    after_lengths = view.memory.subject == "photo" and duration_ms(view.memory.last_clause) is not None
    rest = _REST.search(text)
    if rest and after_lengths and view.memory.subject_index is not None:
        # "the first photo 6 seconds and the rest 2": every other photo, in the unit just used
        seconds = _UNITLESS.search(text, rest.end()) or _BARE_NUMBER.search(text, rest.end())
        value = to_number(seconds.group(1)) if seconds else None
        if value is not None and 0 < value <= 600:
            ms = length if length is not None else round(value * 1000)
            others = [i for i in photo_indexes(view.timeline) if i != view.memory.subject_index]
            return [Edit(SetPhotoDuration(ms, i)) for i in others] or None
    if positions and after_lengths:
        # "each photo 4 seconds / the first one can be 2 though": a number without its unit, in the same unit;
        # never the number of a photo ("… before photo 2", "the last one 6")
        found = mentions(text, view.timeline)
        # "one 6" reads as a place ("one" a noun, 6 its number), but after "the last one" it is the length
        said = [m for m in found if not _ONE_N.fullmatch(text[m.start : m.end].strip())]
        named = [(m.start, m.end) for m in said]
        free = [
            m
            for pattern in (_UNITLESS, _TRAILING_NUMBER)
            for m in pattern.finditer(text)
            if not any(a <= m.start(1) < b for a, b in named)
        ]
        value = to_number(free[0].group(1)) if free else None
        places = sorted({m.index for m in said if m.index is not None})
        if value is not None and 0 < value <= 600 and places:
            return [Edit(SetPhotoDuration(round(value * 1000), index)) for index in places]
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
