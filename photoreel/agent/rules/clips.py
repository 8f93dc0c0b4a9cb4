"""Video clips: keep a stretch of one (trim), its own sound (mute, volume), whether the music ducks under it,
and moving, removing or swapping a clip named as "the video", "the second clip", "第二个视频" or by file name.

"The video" with two or more clips is a question, not a guess; a clip instruction with no clip to act on says
so. Music words keep "mute the music" with the music rule, and title words keep titles with the text rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from photoreel.agent.degree import degree
from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import Mention, clip_indexes, clip_name_mentions, mentions, percent
from photoreel.agent.text import NUMBER, Clause, to_number
from photoreel.timeline import ClipSegment, Timeline
from photoreel.timeline.ops import MoveSegment, RemoveSegment, SetClipVolume, SetMusicDucking, SwapSegments, TrimClip

# ---- who: the clip words, and what keeps a clause away from this rule
_GENERIC = re.compile(r"\b(?:videos?|clips?|footage|movies?)\b|视频(?!号)|短片|片段|录像")
_STRONG = re.compile(r"\b(?:clips?|footage)\b|短片|片段|录像")  # never the whole video
_PLURAL = re.compile(
    r"\b(?:all|every|each|both)\b(?:\s+(?:of\s+)?(?:the|my)\b)?(?:\s+(?:two|video))?\s+(?:videos?|clips?|movies?)\b"
    r"|\b(?:videos|clips|movies)\b"
    r"|(?:所有|全部|每个|每段|各个|各段|两个|两段)\s*的?\s*(?:视频|短片|片段|录像)|(?:视频|短片|片段)\s*(?:都|全部"
    r"|全都)"
)
_MUSIC = re.compile(r"\bmusic\b|\bbgm\b|\bsongs?\b|\bsoundtrack\b|背景音乐|音乐|配乐|背景乐|歌")
_TEXT = re.compile(r"\bcaptions?\b|\bsubtitles?\b|\bsubs\b|\btitles?\b|\btext\b|字幕|标题|文字|文本")
_BUT = re.compile(r"\bbut\b|\bexcept\b|但是?|不过")
_IN_WHOLE_EN = re.compile(
    r"\b(?:from|of|in|into|on|onto|throughout|across)\s+(?:the\s+|my\s+|this\s+|our\s+)?(?:whole\s+|entire\s+)?$"
)
_IN_WHOLE_ZH = re.compile(r"\s*(?:里面|里|中|当中|上)")
_WHOLE = re.compile(r"\bwhole\b|\bentire\b|\boverall\b|\btotal\b|\bin all\b|总|一共|整个|全片|时长")

# ---- music ducking
_MUSIC_WORD = r"(?:the\s+)?(?:background\s+)?(?:music|song|bgm|soundtrack)"
_UNDER = r"\b(?:under|during|over|while|when|whenever|behind|beneath)\b"
_NO_DUCK = re.compile(
    r"\b(?:don'?t|do not|never|no|stop|without|not|turn off|disable|switch off)\s+(?:\w+\s+){0,2}?(?:auto-?)?duck"
    r"|\bduck(?:ing)?\s+off\b"
    rf"|\b(?:keep|leave)\s+{_MUSIC_WORD}\s+(?:at\s+)?(?:full|the same|its own|its|normal|100%)"
    rf"\s*(?:volume|level)?.*{_UNDER}"
    rf"|\b(?:music|song|bgm|soundtrack)\b.*\b(?:at full volume|full volume|the same volume|as loud)\b.*{_UNDER}"
    r"|(?:不要|别|不用|无需|不需要|取消|关闭|关掉|停止)\s*(?:自动)?\s*(?:压低|降低|闪避|避让"
    r"|减弱)\s*(?:背景)?\s*(?:音乐|配乐)"
    r"|(?:背景)?(?:音乐|配乐)\s*(?:不要|别|不用|不)\s*(?:自动)?\s*(?:压低|降低|变小|变轻|减弱|闪避|避让)"
    r"|(?:取消|关闭|关掉)\s*(?:音乐)?\s*(?:闪避|避让)"
    r"|(?:视频|原声|短片|片段).{0,10}(?:音乐|配乐)\s*保持\s*(?:原|全|满)?\s*(?:音量|大小)"
)
_DUCK = re.compile(
    r"\b(?:auto-?)?duck(?:s|ed|ing)?\b"
    rf"|\b(?:lower|dip|soften|reduce|quieten|turn down)\s+{_MUSIC_WORD}\s+(?:\w+\s+){{0,2}}?{_UNDER}"
    r"|(?:自动)?(?:压低|闪避|避让)\s*(?:背景)?\s*(?:音乐|配乐)|(?:音乐|配乐)\s*(?:自动\s*)?(?:闪避|避让)"
    r"|(?:背景)?(?:音乐|配乐)\s*自动\s*(?:压低|降低|变小)"
    r"|(?:视频|原声|片段|短片).{0,8}(?:时|的时候).{0,6}(?:降低|调低|压低|调小)\s*(?:背景)?\s*(?:音乐|配乐)"
)

# ---- the clip's own sound
# "the clip's own sound", "the beach sound" (a clip named by what it shows; not "the music sound")
_OWN = r"(?:the |its |this |that )?(?:\w+'s |(?!music\b|song\b|background\b|bgm\b)[a-z]+ )?(?:own |original )?"
_ZH_CLIP = r"(?:视频|短片|片段|录像)?\s*(?:的|里的|中的)?\s*"
_UNMUTE_FIRST = re.compile(rf"\bun-?mute\b|(?:取消|解除|关掉|关闭)\s*{_ZH_CLIP}静音|静音\s*(?:取消|解除|关掉|关闭)")
_MUTE = re.compile(
    r"\bmuted?\b|\bsilence\b|\bsilent\b|\bno (?:sound|audio)\b"
    r"|\bwithout (?:the |its |any )?(?:original )?(?:sound|audio)\b"
    rf"|\b(?:sound|audio) off\b|\bturn off {_OWN}(?:sound|audio)\b|\bturn {_OWN}(?:sound|audio) off\b"
    rf"|\b(?:kill|remove|drop|cut|lose|strip)\s+{_OWN}(?:sound|audio)\b"
    rf"|静音|消音|无声|(?:关掉|关闭|关了|去掉|不要|拿掉|删掉|去除|消除)\s*{_ZH_CLIP}(?:声音|原声|音频|声)"
    r"|(?:声音|原声|音频)\s*(?:全)?\s*(?:关掉|关闭|关了|去掉|不要|拿掉|删掉|去除|消除)"
    r"|\bdon'?t want (?:anyone|anybody|people) to hear\b|\bno one (?:should|can) hear\b|不想让(?:别人|人)听到"
    r"|听不到(?:声音)?"
)
# "I only want the music", "只要背景音乐": with a clip on the video, the clip's own sound goes
_ONLY_MUSIC = re.compile(
    r"\b(?:only|just) (?:want|need|hear) (?:the )?(?:music|song)\b"
    r"|只(?:要|听|留)(?:背景)?(?:音乐|歌)(?:的声音)?(?:就(?:行|好))?$"
)
# "take the video clip out, i only want photos", "只要照片": no clips at all
_ONLY_PHOTOS = re.compile(
    r"^(?:i |we )?(?:only|just) (?:want|need) (?:the )?(?:photos|pictures|pics|stills)(?: please)?$"
    r"|^(?:photos|pictures) only(?: please)?$|^(?:只要照片|只留照片|只用照片|只放照片)(?:就行|就好|吧)?$"
)
_UNMUTE = re.compile(
    rf"\b(?:sound|audio) (?:back )?on\b|\bturn {_OWN}(?:sound|audio) (?:back )?on\b|\bturn on {_OWN}(?:sound|audio)\b"
    rf"|\b(?:restore|bring back|keep) {_OWN}(?:sound|audio)\b|\b(?:sound|audio) back\b"
    r"|\boriginal (?:sound|audio|volume)\b"
    r"|\bfull volume\b"
    rf"|恢复\s*{_ZH_CLIP}(?:声音|原声|音量)|(?:打开|开启)\s*{_ZH_CLIP}(?:声音|原声)|(?:声音|原声)\s*(?:打开|恢复"
    rf"|开回来|回来)"
    rf"|保留\s*{_ZH_CLIP}(?:声音|原声)|原声|原音量|原来的音量|开回|\bback at full volume\b|\bback on\b"
)
_SOUND = re.compile(
    r"\bsound\b|\baudio\b|\bvolume\b|\bnoise\b|\bloud(?:er|ness)?\b|\bquiet(?:er)?\b|\bsofter\b"
    r"|\bturn\b[^%]*\b(?:up|down)\b|声音|音量|原声|音频|声"
)
_LOUDER = re.compile(
    r"\blouder\b|\bup\b|\braise\b|\bincrease\b|\bboost\b|大一点|大一些|大些|调大|调高|提高|加大|大声|响一点"
)
_QUIETER = re.compile(
    r"\bquieter\b|\bsofter\b|\blower\b|\bdown\b|\breduce\b|\bdecrease\b"
    r"|小一点|小一些|小些|调小|调低|降低|减小|轻一点|小声"
)
_HALF = re.compile(r"\bhalf\b|一半")

# ---- the stretch to keep: times like 0:04, 1:02.5, 4s, 4 秒, 四秒, 1分2秒
_SEC = r"(?:seconds?|secs?|s|秒钟|秒)(?![a-z])"
_MIN = r"(?:minutes?|mins?|分钟|分)(?!之)"
_CLOCK = r"\d+:\d{2}(?::\d{2})?(?:\.\d+)?"
_T = (
    rf"(?<![a-z0-9.:])(?:{_CLOCK}|(?:{NUMBER})(?:\s*{_MIN}(?:\s*(?:and\s+|零)?(?:{NUMBER})(?:\s*{_SEC})?)?|\s*{_SEC})?)"
    r"(?![a-z0-9:])"
)
_SECOND = r"(?:(?:the\s+)?second\s+|第\s*)?"
_RANGE = re.compile(
    rf"(?P<from>\bfrom\s+|\bbetween\s+|从\s*)?{_SECOND}(?P<a>{_T})\s*(?P<sep>to|until|till|through|thru|and|-|–|—|~"
    rf"|到|至)\s*"
    rf"{_SECOND}(?P<b>{_T})"
)
_START_AT = re.compile(
    rf"\b(?:start|begin)(?:s|ning|ing)?\b(?:\s+(?:it|(?:the|this|that)\s+\w+|\w+'s))?\s+(?:at|from)\s+"
    rf"(?:(?:the\s+)?second\s+)?(?P<t>{_T})"
    rf"|\bfrom\s+(?P<t2>{_T})\s+on(?:wards?)?\b|从\s*第?\s*(?P<t3>{_T})\s*(?:开始|起)"
)
_END_AT = re.compile(
    rf"\b(?:end|stop|finish)(?:s|ing|ping)?\b(?:\s+(?:it|(?:the|this|that)\s+\w+|\w+'s))?\s+at\s+"
    rf"(?:(?:the\s+)?second\s+)?(?P<t>{_T})|到\s*第?\s*(?P<t2>{_T})\s*(?:结束|为止|停)"
)
_FIRST = re.compile(rf"(?:\b(?:the\s+|its\s+)?first\s+|前\s*|开头\s*(?:的\s*)?)(?P<t>{_T})")
_LAST = re.compile(
    rf"(?:\b(?:the\s+|its\s+)?(?:last|final)\s+|最后\s*(?:的\s*)?|末尾\s*(?:的\s*)?|结尾\s*(?:的\s*)?"
    rf"|(?<![然之])后\s*)(?P<t>{_T})"
)
_ANY_TIME = re.compile(_T)
_LENGTH_OF = re.compile(
    rf"(?P<t>{_T})[\s-]*(?:long\s+)?(?:的\s*)?(?:videos?|clips?|movies?|reels?|footage|视频|短片|片段)"
)
_KEEP = re.compile(r"\bonly\b|\bjust\b|\bkeep\b|\buse\b|\bto (?:the |its )?(?:first|last|final)\b|只|保留|留下|仅")
_DROP = re.compile(
    r"\bremove\b|\bdelete\b|\bdrop\b|\bcut\b|\bskip\b|\btrim\b|\bget rid of\b|\blose\b|\bchop\b"
    r"|去掉|删掉|删除|剪掉|裁掉|砍掉|跳过|去除|不要"
)
_TRIM = re.compile(
    r"\btrim\b|\bcut\b|\bshorten\b|\bkeep\b|\bonly\b|\bjust\b|\buse\b|\bclip it\b"
    r"|剪|截|缩短|只要|只留|只保留|保留|只用|只取|留下"
)
_LOOK = re.compile(
    r"\btransitions?\b|\bcross\s*-?\s*fades?\b|\bfade|\bdissolves?\b|\bwipes?\b|\bslides?\b|\bzoom|\bpan\b"
    r"|转场|过渡|淡入|淡出|叠化|擦除|滑动|缩放|平移"
)
_SET = re.compile(r"\bmake\b|\bset\b|\bchange\b|\bbe\b|\blasts?\b|\bto\b|改成|改为|设为|设成|调到|调成|变成|为|是")

# ---- where: move, swap, remove (the photo rule's words, plus a few)
_REMOVE = re.compile(
    r"\bremove\b|\bdelete\b|\bdrop\b|\bget rid of\b|\btake\b.*\bout\b|删除|删掉|去掉|移除|不要|拿掉|删了|去了"
)
_SWAP = re.compile(r"\bswap\b|\bswitch\b|\bexchange\b|\btrade\b|交换|互换|对调|调换|换个位置|换一下位置|换位置|换一下")
_MOVE = re.compile(
    r"\bmove\b|\bput\b|\bplace\b|移到|移动到|放到|放在|挪到|调到|排到|排在|移至|搬到|放最|挪最"
    r"|\bshould (?:come|go) (?:first|last|at the (?:start|end|beginning|front))\b"
)
_TO_START = re.compile(r"\b(?:to the )?(?:start|beginning|front|first)\b|开头|最前|第一个位置|第一位")
_TO_END = re.compile(r"\b(?:to the )?(?:end|back)\b|\blast\b|末尾|最后|结尾")
_AFTER_EN = re.compile(r"\b(?:after|behind)\s+(?:the\s+)?$")
_BEFORE_EN = re.compile(r"\b(?:before|ahead of|in front of)\s+(?:the\s+)?$")
_AFTER_ZH = re.compile(r"\s*(?:的)?(?:之)?(?:后|後)(?:面|边|头)?")
_BEFORE_ZH = re.compile(r"\s*(?:的)?(?:之)?前(?:面|边|头)?")
_BETWEEN_EN = re.compile(r"\bbetween\s+(?:the\s+)?$")
_BETWEEN_ZH = re.compile(r"\s*(?:的)?(?:之间|中间)")

_GENERIC_AT = -1  # a Ref whose index is still to be worked out from "the video"


@dataclass(frozen=True)
class _Ref:
    """Something the clause names: a clip, a photo or a position (`index` in the run, None if absent), or the
    clip(s) meant by a bare "the video" (`index` _GENERIC_AT)."""

    start: int
    end: int
    kind: str
    index: int | None
    whole: bool = False  # "from the video", "视频里": a bare "video" that may well be the whole video


def _ms(token: str) -> int | None:
    """A time token ("0:04", "1:02.5", "4s", "4 秒", "四秒", "1分2秒", "4") in milliseconds."""
    token = token.strip()
    if re.fullmatch(_CLOCK, token):
        clock = 0.0
        for part in token.split(":"):
            clock = clock * 60 + float(part)
        return round(clock * 1000)
    m = re.fullmatch(rf"({NUMBER})\s*{_MIN}\s*(?:and\s+|零)?(?:({NUMBER})\s*(?:{_SEC})?)?", token)
    if m:
        minutes = to_number(m.group(1))
        extra = to_number(m.group(2)) if m.group(2) else 0.0
        return None if minutes is None or extra is None else round((minutes * 60 + extra) * 1000)
    m = re.fullmatch(rf"({NUMBER})\s*(?:{_SEC})?", token)
    value = to_number(m.group(1)) if m else None
    return None if value is None else round(value * 1000)


def _timed(token: str) -> bool:
    """Whether a token says it is a time (a clock, or a unit), not a bare number."""
    return bool(re.search(rf":|{_SEC}|{_MIN}", token)) and token.strip() != "9:16"


@dataclass(frozen=True)
class _Spec:
    """What part of a clip to keep. kind: range (a, b), from (a), until (b), first (a), last (a), drop-first (a),
    drop-last (a), length (a)."""

    kind: str
    a: int
    b: int | None = None
    clock: bool = False  # said as a clock time (0:04), which only a clip has


def _spec(text: str) -> _Spec | None:
    for m in _RANGE.finditer(text):
        a, b = m.group("a"), m.group("b")
        # "from 4 to 9 s", "4s-9s", "0:04-0:09", "4到9秒"; not "clips 1 and 2 to 5 s".
        said = m.group("from") or _timed(a) or (m.group("sep") in ("到", "至", "-", "–", "—", "~") and _timed(b))
        if not said or not (_timed(a) or _timed(b)):
            continue
        start, end = _ms(a), _ms(b)
        if start is not None and end is not None and end > start:
            # "0:04" and "the 4th second" (第4秒) are places in a clip, not lengths.
            clock = ":" in a + b or "第" in m.group(0) or "second " in m.group(0)
            return _Spec("range", start, end, clock)
    start_m, end_m = _START_AT.search(text), _END_AT.search(text)
    starts = [g for g in (start_m.groups() if start_m else ()) if g]
    ends = [g for g in (end_m.groups() if end_m else ()) if g]
    start_ms = _ms(starts[0]) if starts else None
    end_ms = _ms(ends[0]) if ends else None
    if start_ms is not None and end_ms is not None and end_ms > start_ms:
        return _Spec("range", start_ms, end_ms, ":" in starts[0] + ends[0])
    if start_ms is not None:
        return _Spec("from", start_ms, None, ":" in starts[0])
    if end_ms is not None and end_ms > 0:
        return _Spec("until", 0, end_ms, ":" in ends[0])
    drop = bool(_DROP.search(text)) and not _KEEP.search(text)
    for kind, pattern in (("first", _FIRST), ("last", _LAST)):
        said = pattern.search(text)
        if said and _timed(said.group("t")):
            value = _ms(said.group("t"))
            if value:
                return _Spec(f"drop-{kind}" if drop else kind, value)
    for m in _ANY_TIME.finditer(text):
        if m.group(0).strip() and _timed(m.group(0)):
            value = _ms(m.group(0))
            if value:
                return _Spec("length", value)
    return None


def _trim(timeline: Timeline, index: int, spec: _Spec) -> TrimClip:
    clip = timeline.segments[index]
    assert isinstance(clip, ClipSegment)
    ref = timeline.media_by_id.get(clip.media_id)
    length = ref.duration_ms if ref is not None else None
    if spec.kind == "range":
        return TrimClip(index, spec.a, (spec.b or 0) - spec.a)
    if spec.kind == "from":
        return TrimClip(index, spec.a, None if length is None else length - spec.a)
    if spec.kind == "until":
        return TrimClip(index, clip.in_ms, (spec.b or 0) - clip.in_ms)
    if spec.kind == "first":
        return TrimClip(index, 0, spec.a if length is None else min(spec.a, length))
    if spec.kind == "last":
        end = clip.out_ms if length is None else length
        return TrimClip(index, max(0, end - spec.a), min(spec.a, end))
    if spec.kind == "drop-first":
        return TrimClip(index, clip.in_ms + spec.a, clip.duration_ms - spec.a)
    if spec.kind == "drop-last":
        return TrimClip(index, clip.in_ms, clip.duration_ms - spec.a)
    return TrimClip(index, clip.in_ms, spec.a)


def _ducking(text: str) -> bool | None:
    if _NO_DUCK.search(text):
        return False
    m = _DUCK.search(text)
    if m and (not m.group(0).startswith(("duck", "auto")) or _MUSIC.search(text) or "ducking" in text):
        return True
    return None


def _volume(text: str, current: float) -> float | None:
    """The clip sound the clause asks for, or None when it is not about the clip's sound."""
    if _UNMUTE_FIRST.search(text):
        return 1.0
    if _MUTE.search(text):
        return 0.0
    value = percent(text)
    if value is not None:
        return value  # "video sound 50%", and "all clips 50%": a clip's only level is its sound's
    if not _SOUND.search(text):
        return None
    if _HALF.search(text):
        return 0.5
    if _QUIETER.search(text):
        return max(0.0, round(degree(text).apply(current, False), 2))
    if _LOUDER.search(text):
        return min(2.0, round(degree(text).apply(current, True), 2))
    if _UNMUTE.search(text):
        return 1.0
    return None


def _refs(clause: Clause, timeline: Timeline) -> list[_Ref]:
    """Everything the clause names, in order: explicit photos, clips and positions, clips by file name, then
    any bare clip word ("the video", "视频") not already part of one of those."""
    text = clause.text
    named: list[Mention] = mentions(text, timeline) + clip_name_mentions(text, clause.quotes, timeline)
    refs = [_Ref(m.start, m.end, m.kind, m.index) for m in named]
    taken = [(m.start, m.end) for m in named]
    for m in _GENERIC.finditer(text):
        if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
            whole = not _STRONG.fullmatch(m.group(0).rstrip("s")) and bool(
                _IN_WHOLE_EN.search(text[: m.start()]) or _IN_WHOLE_ZH.match(text, m.end())
            )
            refs.append(_Ref(m.start(), m.end(), "clip", _GENERIC_AT, whole))
    return sorted(refs, key=lambda r: r.start)


def _options(timeline: Timeline) -> tuple[tuple[int, str], ...]:
    media = timeline.media_by_id
    return tuple(
        (i, media[seg.media_id].name if seg.media_id in media else seg.media_id)
        for i, seg in enumerate(timeline.segments)
        if isinstance(seg, ClipSegment)
    )


class _Ask(Exception):
    """Resolving a reference needs the person: carry the question out."""

    def __init__(self, command: Command) -> None:
        self.command = command


def _one(timeline: Timeline, ref: _Ref) -> int:
    """The run position a reference names, or _Ask when it cannot say which clip."""
    if ref.index is None:
        raise _Ask(Command("no-clip", _options(timeline)))
    if ref.index != _GENERIC_AT:
        return ref.index
    clips = clip_indexes(timeline)
    if not clips:
        raise _Ask(Command("no-clip"))
    if len(clips) > 1:
        raise _Ask(Command("which-clip", _options(timeline)))
    return clips[0]


def _targets(timeline: Timeline, refs: list[_Ref], plural: bool) -> list[int] | None:
    """The clips the clause means, in run order; None means every clip ("all the clips")."""
    clips = [r for r in refs if r.kind == "clip"]
    explicit = [r for r in clips if r.index != _GENERIC_AT]
    if explicit:
        return sorted({_one(timeline, r) for r in explicit})
    if plural:
        if not clip_indexes(timeline):
            raise _Ask(Command("no-clip"))
        return None
    return [_one(timeline, clips[0] if clips else _Ref(0, 0, "clip", _GENERIC_AT))]


def _place(timeline: Timeline, text: str, source: int, after: list[_Ref], rest: str) -> int | None:
    """Where a moved segment ends up: after/before something named, at a named position, the start or the end."""
    count = len(timeline.segments)
    named = [r for r in after if r.kind != "any" or r.index is not None]
    if len(named) >= 2 and (_BETWEEN_EN.search(text[: named[0].start]) or _BETWEEN_ZH.match(text[named[1].end :])):
        # "between the sunset and the yellow one": right after the earlier of the two
        x = min(r.index if r.kind == "any" and r.index is not None else _one(timeline, r) for r in named[:2])
        return max(0, min(count - 1, x if source < x else x + 1))
    for ref in after:
        if ref.kind == "any" and ref.index is not None:
            return ref.index
        x = _one(timeline, ref)
        before_text, after_text = text[: ref.start], text[ref.end :]
        if _AFTER_EN.search(before_text) or _AFTER_ZH.match(after_text):
            target = x if source < x else x + 1
        elif _BEFORE_EN.search(before_text) or _BEFORE_ZH.match(after_text):
            target = x - 1 if source < x else x
        else:
            target = x
        return max(0, min(count - 1, target))
    if _TO_START.search(rest):
        return 0
    if _TO_END.search(rest):
        return count - 1
    return None


_WHOLE_LENGTH = re.compile(
    r"\bat least\b|\bat most\b|\bno longer than\b|\bunder\b|\bmake the video\b|超过|至少|以内|最多"
    r"|视频(?:做成|改成|弄成|剪成|控制在|总长)"
)
_VIDEO_PUT = re.compile(r"^(?:那个|这个|那段|这段)?视频(?=\s*(?:放|挪|移|排))")
_CLIP_WORD = re.compile(r"\bclips?\b|\bfootage\b|片段|短片|录像|那段|这段|段视频|\bmute\b|静音|原声")


def clips(clause: Clause, view: View) -> list[Step] | None:
    timeline = view.timeline
    if timeline.clips and _VIDEO_PUT.match(clause.text):
        # "视频放第一个" with a clip on the timeline: the whole video has no place to go, so it is the clip
        said = "把" + re.sub(r"^(.*?视频)\s*(放|挪|移|排)(?!到|在)", r"\1\2到", clause.text, count=1)
        clause = replace(clause, text=said)
    text = clause.text
    if _TEXT.search(text):
        return None
    if timeline.clips and timeline.music and _ONLY_MUSIC.search(text):
        return [Edit(SetClipVolume(0.0, i)) for i in clip_indexes(timeline)]
    if _ONLY_PHOTOS.search(text):
        # "take the video clip out, i only want photos": every clip goes (none there: said so)
        return [Edit(RemoveSegment(i)) for i in reversed(clip_indexes(timeline))] or [Command("absent", ((0, "clip"),))]
    duck = _ducking(text)
    if duck is not None:
        return [Edit(SetMusicDucking(duck))]
    refs = _refs(clause, timeline)
    clip_refs = [r for r in refs if r.kind == "clip"]
    if (
        not timeline.clips
        and clip_refs
        and not _CLIP_WORD.search(text)
        and _WHOLE_LENGTH.search(text)
        # "不要超过" is a bound, not a removal
        and not (
            _MOVE.search(text) or _REMOVE.search(re.sub(r"(?:不要|别|不能|不)超过", "超过", text)) or _SWAP.search(text)
        )
    ):
        return None  # "视频不要超过10秒" with no clips: a length of "the video" is the whole one's
    named_quotes = {r.start for r in clip_refs if r.index != _GENERIC_AT and text[r.start] == "§"}
    if clause.quote() is not None and not named_quotes:
        return None  # a quoted title or name that is not one of the clips
    try:
        return _steps(text, timeline, refs, clip_refs)
    except _Ask as ask:
        return [ask.command]


def _steps(text: str, timeline: Timeline, refs: list[_Ref], clip_refs: list[_Ref]) -> list[Step] | None:
    plural = bool(_PLURAL.search(text))
    # "Put music on the video" is the music's business; "mute the video but keep the music" is not.
    if _MUSIC.search(_BUT.split(text, maxsplit=1)[0]):
        return None
    spec = _spec(text)
    if not clip_refs:
        # A clock-time stretch ("from 0:04 to 0:09") can only be a clip's.
        if spec is None or not spec.clock or spec.kind not in ("range", "from", "until"):
            return None
        return [Edit(_trim(timeline, i, spec)) for i in _targets(timeline, refs, False) or []]

    # The clip's own sound.
    current = next((s.volume for s in timeline.segments if isinstance(s, ClipSegment)), 1.0)
    volume = _volume(text, current)
    if volume is not None:
        targets = _targets(timeline, refs, plural)
        if targets is None:
            return [Edit(SetClipVolume(volume))]
        if len(targets) == 1:
            clip = timeline.segments[targets[0]]
            volume = _volume(text, clip.volume if isinstance(clip, ClipSegment) else 1.0)
        return [Edit(SetClipVolume(volume if volume is not None else 1.0, i)) for i in targets]

    # "视频片段剪掉一半", "cut the clip in half": half of what it shows now
    named_clip = any(r.index != _GENERIC_AT for r in clip_refs) or re.search(r"\bclips?\b|片段|短片", text)
    if _HALF.search(text) and _TRIM.search(text) and named_clip and (spec is None or spec.kind == "length"):
        targets = _targets(timeline, refs, plural) or clip_indexes(timeline)
        halves = [(i, timeline.segments[i]) for i in targets if isinstance(timeline.segments[i], ClipSegment)]
        if halves:
            return [Edit(TrimClip(i, None, max(500, seg.duration_ms // 2))) for i, seg in halves]

    # The stretch to keep.
    explicit = any(r.index != _GENERIC_AT for r in clip_refs)
    if spec is not None and _trim_meant(text, spec, explicit):
        targets = _targets(timeline, refs, plural)
        if targets is None:
            targets = clip_indexes(timeline)
        return [Edit(_trim(timeline, i, spec)) for i in targets]

    # Where it goes. "Remove the third photo from the video", "move photo 2 to the end of the video": the
    # video there is the whole one, and the photo rule's to move.
    refs = [r for r in refs if not r.whole]
    if not any(r.kind == "clip" for r in refs):
        return None
    if _SWAP.search(text):
        return _swap(timeline, refs, plural)
    move = _MOVE.search(text)
    if move:
        source_ref = refs[0]
        source = _one(timeline, source_ref)
        # "the beach video": the noun after a clip's name is the same clip, not where it goes
        later = [
            r for r in refs[1:] if r.start >= source_ref.end and r.index != source and r.start > source_ref.end + 1
        ]
        target = _place(timeline, text, source, later, text[source_ref.end :])
        return None if target is None else [Edit(MoveSegment(source, target))]
    if _REMOVE.search(text):
        if plural and not any(r.index != _GENERIC_AT for r in refs):
            at = clip_indexes(timeline)
            if not at:
                raise _Ask(Command("no-clip"))
        else:
            at = sorted({_one(timeline, r) for r in refs})
        return [Edit(RemoveSegment(i)) for i in sorted(at, reverse=True)]
    return None


_CLIP_THEN_LENGTH = re.compile(
    rf".{{0,40}}?(?:clip|video|footage|视频|片段|短片)\s*(?:to\s+|at\s+|for\s+|->\s*|:\s*)?{_T}\s*(?:please|long|吧)?"
)


def _trim_meant(text: str, spec: _Spec, explicit: bool) -> bool:
    """Whether a time in a clause about a clip is the stretch of it to keep (not, say, the video's length)."""
    if spec.kind != "length":
        return True
    if _LOOK.search(text) or (not explicit and (_WHOLE.search(text) or _LENGTH_OF.search(text))):
        return False  # "crossfade 1 s between clips", "the whole video 30 s", "a 30 second video"
    if explicit and _CLIP_THEN_LENGTH.fullmatch(text.strip(" ,.!")):
        return True  # "beach clip 7 seconds pls": the clip named, then its length
    return bool(_TRIM.search(text)) or ((explicit or bool(_STRONG.search(text))) and bool(_SET.search(text)))


def _swap(timeline: Timeline, refs: list[_Ref], plural: bool) -> list[Step] | None:
    if plural and len(refs) == 1:
        clips = clip_indexes(timeline)
        if len(clips) == 2:
            return [Edit(SwapSegments(clips[0], clips[1]))]
        raise _Ask(Command("which-clip" if len(clips) > 2 else "no-clip", _options(timeline)))
    if len(refs) < 2:
        return None
    first, second = _one(timeline, refs[0]), _one(timeline, refs[1])
    return [Edit(SwapSegments(first, second))]
