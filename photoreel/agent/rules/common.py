"""Shared pieces for rules: numbers with units, photo positions, colours, text positions."""

from __future__ import annotations

import re

from photoreel.agent.text import CN_NUMBER, NUMBER, to_number

SECONDS = r"(?:s|sec|secs|second|seconds|秒|秒钟)"
MILLIS = r"(?:ms|millisecond|milliseconds|毫秒)"
_DURATION = re.compile(rf"({NUMBER})\s*({SECONDS}|{MILLIS})(?![a-z])")
_PERCENT = re.compile(rf"(\d+(?:\.\d+)?)\s*%|百分之({CN_NUMBER}|\d+)|(\d+)\s*percent")


def duration_ms(text: str) -> int | None:
    """The first duration in `text` ("2 seconds", "1.5s", "500ms", "三秒") in milliseconds."""
    m = _DURATION.search(text)
    if not m:
        return None
    value = to_number(m.group(1))
    if value is None:
        return None
    unit = m.group(2)
    return round(value if re.fullmatch(MILLIS, unit) else value * 1000)


def all_durations_ms(text: str) -> list[int]:
    out = []
    for m in _DURATION.finditer(text):
        value = to_number(m.group(1))
        if value is not None:
            out.append(round(value if re.fullmatch(MILLIS, m.group(2)) else value * 1000))
    return out


def percent(text: str) -> float | None:
    """35% / 35 percent / 百分之三十五 -> 0.35."""
    m = _PERCENT.search(text)
    if not m:
        return None
    raw = next(g for g in m.groups() if g is not None)
    value = to_number(raw)
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
_PHOTO_WORD = r"\b(?:photos?|pictures?|images?|slides?|pics?|ones?)\b|张|照片|图片"
_EN_ORDINAL = re.compile(
    r"\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b|\b(?P<nth>\d+)(?:st|nd|rd|th)\b"
)
_EN_NUMBERED = re.compile(
    r"\b(?:photos?|pictures?|images?|slides?|pics?|#|position|spot|place)\s*(?:number\s*)?"
    r"(\d+(?:\s*(?:,|and|&)\s*\d+)*)(?!\.?\d)(?!\s*(?:s|sec|secs|seconds?|%|秒)\b)"
)
_ZH_POSITION = re.compile(rf"第\s*(?P<n>\d+|{CN_NUMBER})\s*(?:张|个|幅|页)?|(?P<last>最后一?张|最后一个|末尾那?张)")


def photo_positions(text: str, count: int) -> list[int]:
    """Every photo position named in `text`, 0-based, in the order mentioned ("the third photo",
    "photos 1 and 3", "第5张", "the last one")."""
    found: list[tuple[int, int]] = []
    if re.search(_PHOTO_WORD, text):
        for m in _EN_ORDINAL.finditer(text):
            if m.group("ord"):
                n = count if m.group("ord") == "last" else _ORDINALS[m.group("ord")]
            else:
                n = int(m.group("nth"))
            found.append((m.start(), n - 1))
    for m in _EN_NUMBERED.finditer(text):
        for k, digits in enumerate(re.findall(r"\d+", m.group(1))):
            found.append((m.start() + k, int(digits) - 1))
    for m in _ZH_POSITION.finditer(text):
        if m.group("last"):
            n = count
        else:
            value = to_number(m.group("n"))
            if value is None:
                continue
            n = int(value)
        found.append((m.start(), n - 1))
    return [index for _, index in sorted(found)]


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
    (r"\btop\b|\bupper\b|顶部|上方|上面|顶端", "top"),
    (r"\bbottom\b|\blower\b|底部|下方|下面|底端", "bottom"),
    (r"\bcent(?:er|re)\b|\bmiddle\b|中间|居中|正中", "center"),
    (r"\bleft\b|左侧|左边", "left"),
    (r"\bright\b|右侧|右边", "right"),
)


def text_position(text: str) -> str | None:
    for pattern, name in _POSITIONS:
        if re.search(pattern, text):
            return name
    return None
