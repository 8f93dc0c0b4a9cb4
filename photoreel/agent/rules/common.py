"""Shared pieces for rules: numbers with units, photo and clip positions, colours, text positions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from photoreel.agent.plan import Command
from photoreel.agent.references import STEM_WORDS
from photoreel.agent.text import CN_NUMBER, EN_NUMBER, NUMBER, PLACEHOLDER, to_number
from photoreel.timeline import ClipSegment, PhotoSegment, Timeline

# Music asked for softly ("use my song but not too loud", "别太吵"): added at a low level, not lowered
SOFTLY = re.compile(
    r"\bnot too loud\b|\bquietly\b|\bsoftly\b|\bin the background\b|别太(?:吵|大声|响)|不要太(?:吵|大声|响)|小声"
)
SECONDS = r"(?:s|sec|secs|second|seconds|秒|秒钟)"
MILLIS = r"(?:ms|millisecond|milliseconds|毫秒)"
_DURATION = re.compile(rf"({NUMBER})\s*({SECONDS}|{MILLIS})(?![a-z])")
_PERCENT = re.compile(
    rf"(\d+(?:\.\d+)?)\s*%|百分之({CN_NUMBER}|\d+)|(\d+|{EN_NUMBER})\s*percent|([一二三四五六七八九十]"
    rf"|\d)\s*成(?!都|功)"
)


# "no title", "no music": none of it; but "no, put it on the second one", "no wait": a correction's "no"
NO_AS_NONE = (
    r"\bno\b(?!\s*,|\s+(?:put|move|make|use|add|set|change|place|wait|i\b|it\b|that\b|the other|another|actually"
    r"|not\b|just\b))"
)

# Taking a thing away, in the words every kind of thing shares (each rule adds its own: a photo "can go", the
# music is "muted"): one list, so "get rid of the music" is read as surely as "get rid of the title".
TAKE_AWAY = (
    r"\bremove\b|\bdelete\b|\bdrop\b|\bget rid of\b|\blose\b|\bditch\b|\bscrap\b|\bkill\b|\bnuke\b|\byeet\b"
    r"|\btake (?:the |that |this |it |them )?(?:\w+ )?out\b"
    # "take the music off", not "take the caption off the first photo (and put it on the last)"
    r"|\btake (?:the |that |this |it |them )?(?:\w+ )?off\b(?!\s+(?:of|the|photo|from)\b)"
    r"|\bthrow (?:\w+ )?out\b"
    r"|去掉|(?<!别)(?<!不要)(?<!不)删|移除|拿掉|去除|撤掉|扔掉|不要"
)

# "a photo from the 1900s", "an 80s vibe": a decade, not seconds
DECADE = re.compile(
    r"\b(?:the|early|late|mid)[\s-]+(?:\d0|\d{3}0)s\b|\b(?:\d0|\d{3}0)s[\s-]+(?:vibe|style|look|feel|music|aesthetic"
    r"|songs?|photos?|pictures?|film|movies?)\b"
)


# "每张照片3秒太长了", "4 seconds is too short": the length a thing has, complained of, not one to set
VALUE_COMPLAINED = re.compile(
    rf"(?P<value>(?:{NUMBER})\s*{SECONDS})\s*(?:也|就|都|真的|实在)?\s*(?:太长|太短|太久|有点长|有点短|太快|太慢)"
    rf"|(?P<value2>(?:{NUMBER})\s*{SECONDS}(?:\s+(?:each|a photo|per photo))?)\s+(?:is|are|feels?|seems?)\s+"
    r"(?:way |much |a bit |kinda )?too "
    r"(?:long|short|slow|fast)\b"
)


# "the same length for the dinner one", "晚饭那张也一样长": as long as the photo just spoken of
SAME_LENGTH = re.compile(
    r"\b(?:the )?same (?:length|duration|time|amount of time)\b|\bas long as (?:it|that one|that)\b"
    r"|一样长|同样(?:的)?(?:时长|长度|时间)|时长一样|一样的时长"
    r"|(?P<half>\bhalf (?:that|of that|as long)\b|一半)|(?P<twice>\b(?:twice|double) (?:that|as long)\b|两倍|一倍)"
)


def duration_ms(text: str) -> int | None:
    """The first duration in `text` ("2 seconds", "1.5s", "500ms", "三秒") in milliseconds."""
    m = _DURATION.search(DECADE.sub(" ", text))
    if not m:
        return None
    value = to_number(m.group(1))
    if value is None:
        return None
    unit = m.group(2)
    return round(value if re.fullmatch(MILLIS, unit) else value * 1000)


def percent(text: str) -> float | None:
    """35% / 35 percent / 百分之三十五 -> 0.35."""
    m = _PERCENT.search(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g is not None)
    value = to_number(raw)
    if value is not None and m.group(4) is not None:
        value *= 10  # 三成: three tenths
    return None if value is None else value / 100


_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
# What a position names: a photo, a video clip, or any place in the run ("the last one", "position 3").
_PHOTO_NOUN = r"photos?|pictures?|images?|pics?"
_CLIP_NOUN = r"videos?|clips?|footage|movies?"
_ANY_NOUN = r"slides?|ones?|positions?|spots?|places?"
_ZH_PHOTO = "照片|图片|相片|图"
_ZH_CLIP = "视频|短片|片段|录像"
_ORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|\d+(?:st|nd|rd|th))"
_EN_ORDINALS = re.compile(
    rf"\b(?P<ords>{_ORD}(?:\s*(?:,|and|&|or)\s*(?:the\s+)?{_ORD})*)\b"
    rf"(?:\s+(?:(?:video|photo)\s+)?(?P<noun>{_PHOTO_NOUN}|{_CLIP_NOUN}|{_ANY_NOUN})\b)?"
)
_ONE_ORD = re.compile(rf"\b{_ORD}\b")
_EN_NUMBERED = re.compile(
    rf"(?:(?<!each )(?<!every )(?<!per )\b(?P<noun>{_PHOTO_NOUN}|{_CLIP_NOUN}|{_ANY_NOUN})|#)"
    r"\s*(?:number\s*|no\.\s*|#\s*)?"
    # "each photo 3 seconds" is a length; "put photo 3 second" (its place, said last) is photo 3
    r"(?P<nums>\d+(?:\s*(?:,|and|&)\s*\d+)*)(?!\.?\d|:\d)"
    r"(?!\s*(?:s|sec|secs|seconds|second(?!\s*$)|ms|%|秒|p|fps)(?![a-z]))"
)
_CN_DIGIT_CHARS = "零〇一二两三四五六七八九十百千"
_ZH_POSITION = re.compile(
    rf"第\s*(?P<n>\d+|{CN_NUMBER})(?![\d{_CN_DIGIT_CHARS}]|\s*(?:秒|分|帧|%|遍|次|倍))"
    rf"\s*(?P<unit>张|幅|个|页|位|段|条)?\s*(?P<noun>{_ZH_CLIP}|{_ZH_PHOTO})?"
    rf"|(?:最后|末尾)\s*(?:一|那)?\s*(?P<lunit>张|个|段|条|幅)\s*(?P<lnoun>{_ZH_CLIP}|{_ZH_PHOTO})?"
)
_ARRANGING = re.compile(
    r"\b(?:swap|switch|exchange)\b|交换|互换|对调|换一下"
    # "delete the 5th": a place alone after a removal is a photo's
    r"|\b(?:delete|remove|drop|ditch|cut)\s+the\s+\w+(?:\s+one)?\s*$"
)
_A_SECOND = re.compile(r"\b(?:a|an|one|another|extra)\s+(?:extra\s+|more\s+)?$")
_FIRST_LAST_N = re.compile(
    r"\b(?:the )?(?:(?P<end>last|final)|first|opening)\s+(?P<n>two|three|four|five|2|3|4|5)\b(?![.,]\d)"
    r"(?!\s*(?:s\b|sec|secs|seconds?|ms|minutes?))(?:\s+(?:photos|pictures|pics|ones|slides|images))?"
    r"|(?:(?P<zend>后面|最后|后)|前面?|开头)\s*(?P<zn>两|三|四|五|[2-5])\s*张"
)
_RANGE = re.compile(
    r"\b(?:photos?|pictures?|pics?|slides?)\s+(\d+)\s*(?:to|-|–|through|thru)\s*(\d+)\b(?!\s*(?:s|sec|secs|seconds?)\b)"
)
_HAS_PHOTO = re.compile(rf"\b(?:{_PHOTO_NOUN})\b|张|{_ZH_PHOTO}")
_HAS_ANY = re.compile(rf"\b(?:{_ANY_NOUN})\b")
_TIME_AFTER = re.compile(rf"\s+(?:for\s+)?(?:\d+:\d|(?:{NUMBER})\s*{SECONDS}(?![a-z]))")
# "a 5 second clip": a length; but "put photo 3 second" names photo 3, then its place.
_NUMBER_BEFORE = re.compile(
    rf"(?:(?<!photo)(?<!picture)(?<!clip)|(?<=each photo)|(?<=every photo))(?:^|[\s(])(?:{NUMBER})[\s-]*$"
)


@dataclass(frozen=True)
class Mention:
    """A place in the run named in a clause: `index` is its 0-based position in the run (photos and clips
    alike), or None for a clip the run does not have."""

    start: int
    end: int
    kind: str  # "photo", "clip", or "any" (a position in the run, whatever is there)
    index: int | None


def ordinal(word: str) -> int | None:
    """ "second", "2nd", "2", "二" as a count from 1 ("the second song", "第二首")."""
    word = word.strip().lower()
    if word in _ORDINALS:
        return _ORDINALS[word]
    value = to_number(re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", word))
    return int(value) if value is not None and value >= 1 and value == int(value) else None


def photo_indexes(timeline: Timeline) -> list[int]:
    return [i for i, s in enumerate(timeline.segments) if isinstance(s, PhotoSegment)]


def clip_indexes(timeline: Timeline) -> list[int]:
    return [i for i, s in enumerate(timeline.segments) if isinstance(s, ClipSegment)]


def nth_photo(timeline: Timeline, n: int) -> int:
    """The run position of the n-th photo (1-based). Past the last photo it is a position past the run's end,
    so the edit refuses with "there is no photo N" rather than touching a clip."""
    at = photo_indexes(timeline)
    if 1 <= n <= len(at):
        return at[n - 1]
    return len(timeline.segments) + max(0, n - len(at) - 1)


def nth_clip(timeline: Timeline, n: int) -> int | None:
    """The run position of the n-th video clip (1-based), or None when there are fewer clips."""
    at = clip_indexes(timeline)
    return at[n - 1] if 1 <= n <= len(at) else None


def _resolve(timeline: Timeline, kind: str, n: int | None) -> int | None:
    """n None means "the last one" of that kind."""
    if kind == "photo":
        return nth_photo(timeline, len(photo_indexes(timeline)) if n is None else n)
    if kind == "clip":
        return nth_clip(timeline, len(clip_indexes(timeline)) if n is None else n)
    count = len(timeline.segments)
    return count - 1 if n is None else n - 1


def _noun_kind(noun: str | None) -> str | None:
    if not noun:
        return None
    if re.fullmatch(_CLIP_NOUN, noun) or re.fullmatch(_ZH_CLIP, noun):
        return "clip"
    if re.fullmatch(_PHOTO_NOUN, noun) or re.fullmatch(_ZH_PHOTO, noun):
        return "photo"
    return "any"


def clip_name_mentions(text: str, quotes: tuple[str, ...], timeline: Timeline) -> list[Mention]:
    """Clips named by their file name ("beach.mp4", "beach", or quoted); a video not on the timeline is None."""
    found: list[Mention] = []
    for ref in timeline.media:
        if ref.kind != "video":
            continue
        name = ref.name.lower()
        stem = name.rsplit(".", 1)[0]
        candidates = [name] + ([stem] if len(stem) > 2 and stem != name else [])
        at = next((i for i, s in enumerate(timeline.segments) if s.media_id == ref.id), None)
        for k, quote in enumerate(quotes):
            if quote.lower() in candidates:
                slot = PLACEHOLDER.format(k)
                where = text.find(slot)
                if where >= 0:
                    found.append(Mention(where, where + len(slot), "clip", at))
        patterns = [rf"(?<![\w.]){re.escape(w)}(?![\w])" if w.isascii() else re.escape(w) for w in candidates]
        # "海边视频" for beach.mp4: the Chinese for the file's subject, said with a word for a video
        patterns += [
            rf"(?:{zh})(?:的)?(?:视频|片段|那段|这段|录像|小视频)"
            for word, zh in STEM_WORDS.items()
            if re.search(rf"(?<![a-z]){word}(?![a-z])", stem)
        ]
        for pattern in patterns:
            m = re.search(pattern, text)
            if m:
                found.append(Mention(m.start(), m.end(), "clip", at))
                break
    return found


def mentions(text: str, timeline: Timeline, quotes: tuple[str, ...] = ()) -> list[Mention]:
    """Every photo, clip or run position named in `text`, in the order mentioned: "the third photo" is the
    third photo's position in the run, "the second clip" / "第二个视频" the second clip's, "position 3" and
    "the last one" plain positions; "photos 1 and 3", "the first and third photo" and "第5张" too."""
    found: list[Mention] = []
    has_photo, has_any = bool(_HAS_PHOTO.search(text)), bool(_HAS_ANY.search(text))
    for m in _EN_ORDINALS.finditer(text):
        kind = _noun_kind(m.group("noun"))
        if kind is None:
            # A bare ordinal ("swap the first and the last photo" has one noun for two) counts when the clause
            # talks about photos or places, unless it is a length ("the first 3 seconds").
            if _TIME_AFTER.match(text, m.end()):
                continue
            kind = "photo" if has_photo else "any" if has_any or _ARRANGING.search(text) else None
            if kind is None:
                continue
        for o in _ONE_ORD.finditer(m.group("ords")):
            word = o.group(0)
            start = m.start("ords") + o.start()
            if word == "second" and (_NUMBER_BEFORE.search(text[:start]) or _A_SECOND.search(text[:start])):
                continue  # "a 5 second clip", "add a second to every photo"
            n = None if word == "last" else ordinal(word)
            found.append(Mention(start, m.end(), kind, _resolve(timeline, kind, n)))
    for m in _FIRST_LAST_N.finditer(text):
        n = int(to_number(m.group("n") or m.group("zn") or "") or 0)
        photos_at = photo_indexes(timeline)
        if 2 <= n <= len(photos_at):
            last = bool(m.group("end")) or bool(m.group("zend"))
            chosen = photos_at[-n:] if last else photos_at[:n]
            found += [Mention(m.start() + k, m.end(), "photo", i) for k, i in enumerate(chosen)]
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    for m in _RANGE.finditer(text):
        a, b = int(to_number(m.group(1)) or 0), int(to_number(m.group(2)) or 0)
        if 1 <= a < b <= 50:
            found += [
                Mention(m.start() + k, m.end(), "photo", _resolve(timeline, "photo", n))
                for k, n in enumerate(range(a, b + 1))
            ]
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    for m in _EN_NUMBERED.finditer(text):
        kind = _noun_kind(m.group("noun")) or "any"
        for k, digits in enumerate(re.findall(r"\d+", m.group("nums"))):
            found.append(Mention(m.start() + k, m.end(), kind, _resolve(timeline, kind, int(digits))))
    for m in _ZH_POSITION.finditer(text):
        if m.group("lunit"):
            unit, noun, n = m.group("lunit"), m.group("lnoun"), None
        else:
            value = to_number(m.group("n"))
            if value is None or value < 1:
                continue
            unit, noun, n = m.group("unit"), m.group("noun"), int(value)
        kind = _noun_kind(noun) or ("photo" if unit in ("张", "幅") else "any")
        found.append(Mention(m.start(), m.end(), kind, _resolve(timeline, kind, n)))
    return sorted(found, key=lambda x: x.start)


def photo_positions(text: str, timeline: Timeline) -> list[int]:
    """Every photo (or run) position named in `text`, 0-based run positions, in the order mentioned ("the third
    photo", "photos 1 and 3", "第5张", "the last one"). A photo's number counts photos only, so in a run with
    clips "the third photo" is wherever the third photo is."""
    return [m.index for m in mentions(text, timeline) if m.index is not None]


COLOURS = {
    "white": "white",
    "black": "black",
    "red": "red",
    "green": "green",
    "blue": "blue",
    "yellow": "yellow",
    "orange": "orange",
    "pink": "pink",
    "purple": "purple",
    "gray": "gray",
    "grey": "gray",
    "gold": "gold",
    "cyan": "cyan",
    "白色": "white",
    "白": "white",
    "黑色": "black",
    "黑": "black",
    "红色": "red",
    "红": "red",
    "绿色": "green",
    "绿": "green",
    "蓝色": "blue",
    "蓝": "blue",
    "黄色": "yellow",
    "黄": "yellow",
    "橙色": "orange",
    "粉色": "pink",
    "紫色": "purple",
    "灰色": "gray",
    "金色": "gold",
}
_HEX = re.compile(r"#[0-9a-f]{6}\b|#[0-9a-f]{3}\b")


def colour(text: str) -> str | None:
    m = _HEX.search(text)
    if m:
        return m.group(0)
    for word in sorted(COLOURS, key=len, reverse=True):
        if re.search(rf"\b{word}\b" if word.isascii() else re.escape(word), text):
            return COLOURS[word]
    return None


_POSITIONS = (
    (r"top[\s-]*left|upper left|左上", "top-left"),
    (r"top[\s-]*right|upper right|右上", "top-right"),
    (r"bottom[\s-]*left|lower left|左下", "bottom-left"),
    (r"bottom[\s-]*right|lower right|右下", "bottom-right"),
    (r"\btop\b|\bupper\b|\bhigher\b|\bup top\b|顶部|上方|上面|顶端|往上|上移|最上|上边", "top"),
    (r"\bbottom\b|\blower\b|\blower down\b|底部|下方|下面|底端|往下|下移|最下|底下|下边", "bottom"),
    (r"\bcent(?:er|re)\b|\bmiddle\b|中间|居中|正中", "center"),
    (r"\bleft\b|左侧|左边", "left"),
    # "sits right over our faces", "right now", "all right": the adverb, not the side
    (
        r"(?<!all )\bright\b(?! (?:over|now|away|here|there|after|before|on top|in front|at|under|above|below|behind"
        r"|next|when|as|back|by|across|through|into|onto)\b)|右侧|右边",
        "right",
    ),
)


def text_position(text: str) -> str | None:
    for pattern, name in _POSITIONS:
        if re.search(pattern, text):
            return name
    return None


# "the caption" with two captions on the video says one and not which: asked, not guessed (a removal of both, or
# both made bigger, is not what was said). Chinese 字幕 may mean them all; only "那条字幕" says one.
_ONE_TEXT_NAMED = re.compile(
    r"\b(?:the|this|that) (?:caption|subtitle|title)\b(?!s)|(?:这|那)(?:个|条|行)(?:字幕|标题)"
)
_EVERY_TEXT = re.compile(r"\b(?:all|both|every|each)\b|全部|所有|都|两个|两条|两行")


def one_of_several_texts(text: str, timeline: Timeline, matching: list[int]) -> Command | None:
    """The which-text question when the clause names one text and `matching` holds several it could be."""
    if len(matching) < 2 or not _ONE_TEXT_NAMED.search(text) or _EVERY_TEXT.search(text):
        return None
    return Command("which-text", tuple((i, timeline.texts[i].text) for i in matching))
