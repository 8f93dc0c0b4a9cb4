"""Reading a message: normalise it, lift out quoted text, split it into clauses, read numbers (EN and ZH)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from photoreel.agent import markers
from photoreel.agent.lexicon import chinese_slips, correct
from photoreel.agent.wording import lift_unquoted

# Quotes people use around titles: ASCII, curly, and CJK corner brackets.
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "«": "»"}
# An ASCII apostrophe inside a word ("don't") is not a quote.
_QUOTED = re.compile(
    "|".join(
        rf"(?<![a-zA-Z]){re.escape(o)}([^{re.escape(c)}]+){re.escape(c)}(?![a-zA-Z])"
        if o == "'"
        else f"{re.escape(o)}([^{re.escape(c)}]+){re.escape(c)}"
        for o, c in _QUOTE_PAIRS.items()
    )
)
PLACEHOLDER = "§{}§"

# Clause breaks: punctuation (not a decimal point, nor the dot of a file name like beach.mp4), and joining words.
_SPLIT = re.compile(
    r"[,，;；。！!？?\n\U0001F300-\U0001FAFF\u2600-\u27BF]+|(?<!\d)\.(?![\da-z])"  # emoji end a sentence too
    # "几个事：1. 改成竖屏 2. 转场都不要了": the numbers of a list
    r"|(?:^|\s)\d{1,2}[.、)](?=\s*[\u4e00-\u9fff]|\s+[a-z])"
    # "and" joins instructions, but not the photos in "swap photos 1 and 3", "the third and fifth photo" or
    # "photo 1 and clip 2", nor "black and white".
    r"|(?<!\bblack)\s+(?:and then|and|then|also|plus)\s+(?!white\b)"
    r"(?!(?:the\s+)?(?:photo\s*|picture\s*|clip\s*|video\s*|#)?"
    r"(?:\d|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last))"
    # nor the colours in "the blue and the yellow ones"
    r"(?!(?:the\s+)?(?:red|orange|yellow|green|blue|purple|pink|brown|white|gr[ae]y)\w*\s+(?:ones|photos|pictures"
    r"|pics|shots)\b)"
    r"|然后|并且|接着|再把|同时|另外(?!一?(?:个|条|行|张|首|段))"  # not "另外一个字幕": the other one
    # "tiktok size + speed it up", "抖音尺寸 快一点": a plus, or a space between two Chinese phrases
    r"|\s+\+\s+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
    # "音乐调到40% 照片都改成2秒", "每张3秒音乐小一点": a value ends a request, and a new subject starts the next
    r"|(?<=[\d%])\s+(?=[\u4e00-\u9fff])(?![秒分张个帧倍成度号月日点次遍首条行岁年毫左吧的到至和或])"
    r"|(?<=[\d%秒])(?=(?:照片|图片|音乐|背景音乐|转场|滤镜|字幕|标题|视频|每张|全部|所有|整体|整个)\S)"
    # "字幕改成 Day 1 音乐关了": after the words to show, a request about something else
    r"|(?<=§)\s+(?=(?:音乐|背景音乐|bgm|视频|转场|滤镜|每张|整体|整个)\S)"
    # "加个标题 生日快乐 最后一张再加个字幕 …": another photo with a request of its own ("第二张上" is where it goes)
    r"|(?<=§)\s+(?=(?:第[一二三四五六七八九十\d]+张|最后一张|头一张)(?:照片)?(?:再|也|加|改|换|删|挪|去掉)|再|然后)"
    # "标题删了换成字幕：…": a removal, then what comes in its place
    r"|(?<=删了|删掉|去掉)(?=换成|改成|再加|加个|加一个)"
    # "turn off the beach sound so only the music plays": what it is for, said after it
    r"|\s+so(?: that)?\s+(?=(?:only|just|we can|you can|people can|everyone can)\b)"
    # "vertical for TikTok with music at 30%": two requests joined by "with".
    r"|\s+with\s+(?=(?:some\s+|my\s+|the\s+|a\s+|an\s+|no\s+)?(?:music|song|bgm|soundtrack|crossfades?|fades?"
    r"|transitions?|hard cuts|slide transitions|ken burns)\b)"
)

_MARKER_ONLY = re.compile(
    # "no not that, the one before it": the markers said together, one clause with what follows
    rf"(?:(?:{markers.EN}|not (?:that|this)(?: one)?)\s*)+"
    rf"|(?:(?:不是(?:这|那)一?(?:张|个)|{markers.ZH}|(?:名字|字|标题|字幕|文字)(?:说|搞|打|写|弄|放|选|删|挪|移|加)错了|啊)\s*)+"
)
_SWAP_WITH = re.compile(r"\b(?:swap|switch|exchange)\b")
_BETWEEN_ONE = re.compile(r"\bbetween\b(?!.*\band\b)(?!.*\bphotos?\s+\d+\s*(?:-|to)\s*\d)")
_CLIP_FIRST = re.compile(r"(?:the\s+)?(?:videos?|clips?|footage|movies?)\b")

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMBER = "[零〇一二两三四五六七八九十百千]+"
_EN_NUMBERS = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "half": 0.5,
}
EN_NUMBER = "|".join(sorted((k for k in _EN_NUMBERS if len(k) > 2), key=len, reverse=True))
NUMBER = rf"(?:\d+(?:\.\d+)?|{EN_NUMBER}|{CN_NUMBER})"


def cn_to_int(text: str) -> int | None:
    """三十五 -> 35, 百分之 handled by the caller; None if `text` is not a Chinese numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def to_number(text: str) -> float | None:
    text = text.strip().lower()
    try:
        return float(text)
    except ValueError:
        pass
    if text in _EN_NUMBERS:
        return float(_EN_NUMBERS[text])
    value = cn_to_int(text)
    return float(value) if value is not None else None


# Halves and approximations, rewritten to plain numbers: "两秒半" 2.5 s, "半分钟" 30 s, "about 20 seconds" 20 s
# (a length asked for "around" is given exactly; the reply says what it became).
_HALVES = (
    (re.compile(rf"({CN_NUMBER}|\d+)\s*秒半"), lambda m: f"{(to_number(m.group(1)) or 0) + 0.5:g}秒"),
    (
        re.compile(rf"({CN_NUMBER}|\d+)\s*分(?:钟)?半(?:钟)?"),
        lambda m: f"{((to_number(m.group(1)) or 0) + 0.5) * 60:g}秒",
    ),
    # "three and a half seconds", "2 and a half secs", "one and a quarter": the fraction on the number
    (
        re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+and\s+a\s+(half|quarter)\b"),
        lambda m: f"{(_EN_NUMBERS.get(m.group(1)) or float(m.group(1))) + (0.5 if m.group(2) == 'half' else 0.25):g}",
    ),
    (re.compile(r"\b(?:a|one)\s+and\s+a\s+half\b"), lambda m: "1.5"),
    # "twenty four" 24; "nine by sixteen" / "9 by 16" 9:16; dictated "逗号"/"句号" are the punctuation
    (
        re.compile(r"\b(twenty|thirty|forty|fifty|sixty)[\s-](one|two|three|four|five|six|seven|eight|nine)\b"),
        lambda m: f"{_EN_NUMBERS[m.group(1)] + _EN_NUMBERS[m.group(2)]:g}",
    ),
    (
        re.compile(
            r"\b(one|two|three|four|five|nine|sixteen|1|2|3|4|5|9|16)\s+(?:by|x)\s+(one|three|four|five|nine"
            r"|sixteen|1|3|4|5|9|16)\b"
        ),
        lambda m: f"{to_number(m.group(1)):g}:{to_number(m.group(2)):g}",
    ),
    (re.compile(r"逗号"), lambda m: "，"),
    (re.compile(r"句号"), lambda m: "。"),
    (re.compile(r"半分钟"), lambda m: "30秒"),
    (re.compile(r"半秒"), lambda m: "0.5秒"),
    (re.compile(r"\bhalf a minute\b"), lambda m: "30 seconds"),
    (re.compile(r"\b(?:a|one) minute and a half\b"), lambda m: "90 seconds"),
    (re.compile(r"\bhalf a second\b"), lambda m: "0.5 seconds"),
    (re.compile(r"\bhalf volume\b|\bhalf the volume\b"), lambda m: "50% volume"),
    (re.compile(r"\bfull volume\b|\bmax(?:imum)? volume\b"), lambda m: "100% volume"),
    (re.compile(r"\b(?:a|one) minute\b"), lambda m: "1 minute"),
    (re.compile(r"(调到|调成|降到|变成|开到|减到|音量)一半"), lambda m: f"{m.group(1)}50%"),
    # "那张黑乎乎的" is "黑乎乎的那张": the description before the measure word, as the references read it.
    # Not "那张是我最喜欢的" (a remark about that photo) nor "那张放最后的" (a request).
    (
        re.compile(r"那张(?![是就我你真太很有放删移挪换调改])([^\s，。,.的]{1,6})的(?!那张)"),
        lambda m: f"{m.group(1)}的那张",
    ),
    (re.compile(r"b站"), lambda m: "bilibili"),
    # "bump the sunset up to 4 seconds": where it goes, not a bound ("up to 20 seconds")
    (
        re.compile(r"\b(bump|bumped|raise|increase|push|take|bring|crank|turn)\b(.{0,30}?)\s+up\s+to\b"),
        lambda m: f"{m.group(1)}{m.group(2)} to",
    ),
    # "音乐和字都不要": two things taken away at once, as two requests
    (
        re.compile(r"([\u4e00-\u9fff]{1,6}?)和([\u4e00-\u9fff]{1,6}?)都(不要|删掉|去掉|删了|关掉|拿掉)"),
        lambda m: f"{m.group(3)}{m.group(1)}，{m.group(3)}{m.group(2)}",
    ),
    # Chinese numerals before a ratio or a frame rate: "四比三", "二十四帧"
    (re.compile(rf"({CN_NUMBER})比({CN_NUMBER})"), lambda m: f"{cn_to_int(m.group(1))}:{cn_to_int(m.group(2))}"),
    (re.compile(rf"({CN_NUMBER})(?=帧)"), lambda m: str(cn_to_int(m.group(1)))),
    # Dictated punctuation: "four seconds comma fade to black"
    (re.compile(r"\s+(?:comma)\s+"), lambda m: ", "),
    (re.compile(r"\s+(?:full stop|period)(?:\s+|$)"), lambda m: ". "),
    # English words written against Chinese ("vintage的滤镜", "把sunset.jpg删了") get a space, so \b finds them.
    (re.compile(r"(?<=[a-z])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[a-z])"), lambda m: " "),
)
_ABOUT = re.compile(
    r"\b(?:around|about|roughly|approximately|approx\.?|circa|more or less|something like|like)\s+"
    rf"(?=\d|(?:{EN_NUMBER})\b)"
    rf"|~\s*(?=\d)|(?:大概|大约|差不多|约莫|约)\s*(?=\d|{CN_NUMBER})|(?<=秒|钟|s)\s*(?:左右|上下)"
    r"|(?<=\d)\s*-?ish\b|(?<=seconds)\s+or so\b|(?<=\d)\s*(?:秒)?\s*左右"
)


# "还是太快了 改回3秒吧": back to a value said is that value, not an undo of the last turn
_BACK_TO_VALUE = re.compile(rf"(?:改|换|调|变)回(?:到|成)?(?=\s*(?:{NUMBER})\s*(?:秒|%|帧|s\b))")


def normalise(text: str) -> str:
    """NFKC folds full-width digits, colons and letters (９：１６ -> 9:16); case is folded for matching."""
    text = correct(unicodedata.normalize("NFKC", text).lower())
    for pattern, write in _HALVES:
        text = pattern.sub(write, text)
    text = _BACK_TO_VALUE.sub("改成", text)
    return _ABOUT.sub(lambda m: "秒" if "秒" in m.group(0) and "左右" in m.group(0) else "", text)


@dataclass(frozen=True)
class Clause:
    """One instruction: lower-cased text with quoted strings replaced by §n§, and the original quotes."""

    text: str
    quotes: tuple[str, ...]

    def quote(self) -> str | None:
        for i, q in enumerate(self.quotes):
            if PLACEHOLDER.format(i) in self.text:
                return q
        return None


# English nouns typed inside Chinese ("加一个title：Family Time", "color改成黄色"), as the Chinese the rules read;
# lower case only, so a title's own words ("My Title") stay as typed.
def _beside_chinese(word: str) -> re.Pattern[str]:
    """`word` typed right beside Chinese: "加一个title", "color改成黄色", not "can the title say 生日快乐"."""
    return re.compile(rf"(?<=[\u4e00-\u9fff])\s*(?:{word})(?![A-Za-z])|(?<![A-Za-z])(?:{word})(?=\s*[\u4e00-\u9fff：])")


_CHINESE_FOR = (
    (_beside_chinese("title"), "标题"),
    (_beside_chinese("caption|subtitles?"), "字幕"),
    (_beside_chinese("colou?r"), "颜色"),
)


def _chinese_nouns(message: str) -> str:
    if not has_cjk(message):
        return message
    for pattern, word in _CHINESE_FOR:
        message = pattern.sub(word, message)
    return message


def split_clauses(message: str) -> list[Clause]:
    quotes: list[str] = []

    def lift(match: re.Match[str]) -> str:
        quotes.append(next(g for g in match.groups() if g is not None).strip())
        return " " + PLACEHOLDER.format(len(quotes) - 1) + " "

    # Quotes are lifted before normalising, so a title keeps its case and full-width characters.
    lifted = lift_unquoted(chinese_slips(_chinese_nouns(_QUOTED.sub(lift, message))), PLACEHOLDER, quotes)
    parts: list[str] = []
    pending = ""
    for part in (p.strip() for p in _SPLIT.split(normalise(lifted)) if p and p.strip()):
        if _MARKER_ONLY.fullmatch(part):
            # "no wait, 35": the correction and its value are one clause (the comma kept: "no, my song" is not
            # "no song")
            pending += part + (", " if part.isascii() else " ")
            continue
        part, pending = pending + part, ""
        if parts and _SWAP_WITH.search(parts[-1]) and _CLIP_FIRST.match(part):
            parts[-1] += " and " + part  # "swap the first photo and the video" is one instruction
        elif parts and _BETWEEN_ONE.search(parts[-1]):
            parts[-1] += " and " + part  # "between the sunset and the yellow one": one place
        else:
            parts.append(part)
    if pending:
        parts.append(pending.strip(" ,"))
    return [Clause(p, tuple(quotes)) for p in _shared_verb(parts)]


# "转场 音乐 全都不要了", "转场，字幕，都去掉": things named one by one, then what to do with them all
_BARE_THING = re.compile(r"(?:把)?(?:转场|音乐|背景音乐|字幕|标题|滤镜|特效|动效|文字)")
_FOR_THEM_ALL = re.compile(r"^(?:全都|全部|都|统统|一起|通通)\s*(?P<verb>.+)$")


def _shared_verb(parts: list[str]) -> list[str]:
    k = 0
    while k < len(parts) and _BARE_THING.fullmatch(parts[k]):
        k += 1
    if k < 2 or k != len(parts) - 1:
        return parts
    last = _FOR_THEM_ALL.match(parts[k])
    if last is None:
        return parts
    verb = last.group("verb")
    return [f"{thing}{verb}" for thing in parts[:k]]


def marker_only(text: str) -> bool:
    """The clause says only that something was wrong ("删错了", "oops", "不对"), nothing of what to do instead."""
    return _MARKER_ONLY.fullmatch(text.strip()) is not None


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
