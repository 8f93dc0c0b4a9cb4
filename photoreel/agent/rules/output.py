"""Output shape: aspect ratio (by number, platform or orientation), frame rate, resolution, format, quality."""

from __future__ import annotations

import re
from collections.abc import Iterable

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.text import Clause
from photoreel.errors import OutputSpecError
from photoreel.timeline.ops import SetOutput
from photoreel.timeline.output import ASPECTS, FORMATS, OPTIONS, RESOLUTIONS


def _any_of(values: Iterable[object]) -> str:
    """A regex alternation of `values`, longest first ("16" before "1")."""
    return "|".join(re.escape(v) for v in sorted(map(str, values), key=len, reverse=True))


# The values come from the output options' one declaration (timeline/output.py); the words around them are ours.
_RATIO = re.compile(
    rf"(?<![\d.])({_any_of({w for w, _ in ASPECTS.values()})})\s*[:x/比]\s*"
    rf"({_any_of({h for _, h in ASPECTS.values()})})(?![\d.])"
)


# A shape said outright: it beats a platform named beside it ("square, it's for my instagram feed").
_SHAPES = (
    (r"\bsquare\b|方形|正方形|方块|(?:换成|弄成|改成|做成|变成)方", "1:1"),
    (r"\bvertical\b|竖屏|竖版", "9:16"),
    (r"\blandscape\b|\bhorizontal\b|\bwidescreen\b|横屏|横版|宽屏", "16:9"),
)


def _shape(text: str) -> str | None:
    if re.search(r"\b(?:photos?|pictures?|ones?)\b|照片|图片|那张", text):
        return None  # "the square photo", "竖版的照片": a photo's shape
    return next((ratio for pattern, ratio in _SHAPES if re.search(pattern, text)), None)


def says_ratio(text: str) -> bool:
    """The clause gives an aspect ratio in numbers ("4:5") or in a word ("square"), which a platform named beside
    it does not override."""
    return _RATIO.search(text) is not None or _SPACED_RATIO.search(text) is not None or _shape(text) is not None


# "make it 9 16", "9 by 16": a ratio typed without its colon
_SPACED_RATIO = re.compile(r"(?<![\d.])(16\s+(?:by\s+)?9|9\s+(?:by\s+)?16|4\s+by\s+5|1\s+by\s+1)(?![\d.])")


_PLATFORMS = (
    (
        r"tik\s*tok|\breels?\b|\bshorts\b|\bstories\b|\bstory\b|douyin|抖音|快手|视频号|竖屏|竖版|\bvertical\b"
        r"|\bportrait\b"
        r"|\bidea pins?\b|pinterest|竖着看|竖着的|手机竖|全屏竖|\bheld upright\b|\bupright phone\b"
        # "make it fit my phone screen, like fullscreen when i hold it normally", "手机全屏"
        r"|\bfit (?:my |the |a )?phone(?: screen)?\b|\bfull ?screen on (?:my |a |the )?phone\b"
        r"|\bhold (?:it|the phone|my phone) (?:normally|upright)\b|手机全屏|铺满手机"
        # "弄成竖的", "我要的是竖的", but not "竖的照片" / "竖的那张" (a photo's shape)
        r"|(?<![张幅])竖(?:的|着|起来|过来)(?!.{0,3}(?:照片|相片|图|张|那|这|几))",
        "9:16",
    ),
    (r"小红书|xiaohongshu|\brednote\b", "3:4"),
    (
        r"instagram\s*(portrait|feed portrait)|ins\s*竖|(?:instagram|\binsta|\big|\bins)\s*feed\b|\bfeed post",
        "4:5",
    ),
    (r"instagram|\binsta\b|\big\b\s*post|\bins\b|朋友圈", "1:1"),
    (r"\bsquare\b|方形|正方形|方块|方的(?!.{0,3}(?:照片|相片|图|张))|(?:换成|弄成|改成|做成|变成)方", "1:1"),
    (
        r"youtube|bilibili|b站|\bwidescreen\b|\blandscape\b|\bhorizontal\b|横屏|横版|宽屏"
        r"|横(?:的|着|过来)(?!.{0,3}(?:照片|相片|图|张|那|这|几))",
        "16:9",
    ),
)
_FPS = re.compile(
    r"(\d+)\s*(?:fps|frames? per second|帧每秒|帧/秒|帧)|帧率\s*(?:为|是|改成|调到|调成|设成|设为|改为)?\s*(\d+)"
    r"|frame\s*rate\s*(?:to|of|at|=)?\s*(\d+)|frames? per second\s*(?:to|of|at|=)?\s*(\d+)|\bfps\s*(?:to|of|at|="
    r"|:)?\s*(\d+)|帧率\s*改\s*(\d+)"
)
_FILM_RATE = re.compile(r"\b(?:frame ?rate|fps)\b.{0,30}\b(?:film|cinema|movies?)\b|电影.{0,8}帧率|帧率.{0,8}电影")
_RESOLUTION = re.compile(rf"\b({_any_of(RESOLUTIONS)})\s*p\b")
_FORMAT_WORDS = {"gif": r"|动图", "mov": r"|quicktime"}
# The default container last: "turn this mp4 into a gif" asks for the gif.
_FORMATS = tuple((rf"\b{name}\b{_FORMAT_WORDS.get(name, '')}", name) for name in reversed(FORMATS))
_QUALITY = (
    (r"\bhigh(est)? quality\b|\bbest quality\b|高清|高画质|高质量", "high"),
    (r"\bdraft\b|\bquick preview\b|\blow quality\b|草稿|预览版|低画质", "draft"),
)


def output(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    changes: dict[str, object] = {}
    m = _RATIO.search(text)
    aspect = f"{m.group(1)}:{m.group(2)}" if m else None
    spaced = _SPACED_RATIO.search(text)
    if aspect is None and spaced is not None:
        aspect = ":".join(re.findall(r"\d+", spaced.group(1)))
    aspect = aspect or _shape(text)
    if aspect is None:
        aspect = next((ratio for pattern, ratio in _PLATFORMS if re.search(pattern, text)), None)
    if aspect is not None:
        changes["aspect"] = aspect
    m = _FPS.search(text)
    if m is None and _FILM_RATE.search(text):
        changes["fps"] = 24  # "the same frame rate as real film"
    if m:
        changes["fps"] = int(next(g for g in m.groups() if g))
    m = _RESOLUTION.search(text)
    if m:
        changes["resolution"] = int(m.group(1))
    fmt = next((name for pattern, name in _FORMATS if re.search(pattern, text)), None)
    if fmt:
        changes["format"] = fmt
    quality = next((name for pattern, name in _QUALITY if re.search(pattern, text)), None)
    if quality:
        changes["quality"] = quality
    if not changes:
        return None
    # Checked here, where the words enter: what we make is set, what we do not ("1000 fps") is answered.
    steps: list[Step] = []
    checked: dict[str, object] = {}
    for name, value in changes.items():
        try:
            checked[name] = OPTIONS[name].check(value)
        except OutputSpecError:
            steps.append(Command("not-offered", ((0, name), (0, str(value)))))
    if checked:
        steps.insert(0, Edit(SetOutput(**checked)))  # type: ignore[arg-type]  # each value checked just above
    return steps
