"""Output shape: aspect ratio (by number, platform or orientation), frame rate, resolution, format, quality."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.text import Clause
from photoreel.timeline.ops import SetAspect, SetOutput

_RATIO = re.compile(r"(?<![\d.])(16|9|1|4|3)\s*[:x/比]\s*(9|16|1|5|3|4)(?![\d.])")
_PLATFORMS = (
    (
        r"tik\s*tok|\breels?\b|\bshorts\b|\bstories\b|\bstory\b|douyin|抖音|快手|视频号|竖屏|竖版|\bvertical\b|\bportrait\b"
        r"|\bidea pins?\b|pinterest|竖着看|竖着的|手机竖|全屏竖|\bheld upright\b|\bupright phone\b",
        "9:16",
    ),
    (r"小红书|xiaohongshu|\brednote\b", "3:4"),
    (r"instagram\s*(portrait|feed portrait)|ins\s*竖", "4:5"),
    (r"instagram|\binsta\b|\big\b\s*post|\bins\b|朋友圈", "1:1"),
    (r"\bsquare\b|方形|正方形|方块", "1:1"),
    (r"youtube|bilibili|b站|\bwidescreen\b|\blandscape\b|\bhorizontal\b|横屏|横版|宽屏", "16:9"),
)
_FPS = re.compile(
    r"(\d+)\s*(?:fps|frames? per second|帧每秒|帧/秒|帧)|帧率\s*(?:为|是|改成|调到|调成|设成|设为|改为)?\s*(\d+)"
    r"|frame\s*rate\s*(?:to|of|at|=)?\s*(\d+)|frames? per second\s*(?:to|of|at|=)?\s*(\d+)|\bfps\s*(?:to|of|at|="
    r"|:)?\s*(\d+)|帧率\s*改\s*(\d+)"
)
_FILM_RATE = re.compile(r"\b(?:frame ?rate|fps)\b.{0,30}\b(?:film|cinema|movies?)\b|电影.{0,8}帧率|帧率.{0,8}电影")
_RESOLUTION = re.compile(r"\b(360|480|720|1080)\s*p\b")
_FORMATS = (
    (r"\bgif\b|动图", "gif"),
    (r"\bwebm\b", "webm"),
    (r"\bmov\b|quicktime", "mov"),
    (r"\bmkv\b", "mkv"),
    (r"\bmp4\b", "mp4"),
)
_QUALITY = (
    (r"\bhigh(est)? quality\b|\bbest quality\b|高清|高画质|高质量", "high"),
    (r"\bdraft\b|\bquick preview\b|\blow quality\b|草稿|预览版|低画质", "draft"),
)


def output(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    steps: list[Step] = []
    m = _RATIO.search(text)
    aspect = f"{m.group(1)}:{m.group(2)}" if m else None
    if aspect is None:
        aspect = next((ratio for pattern, ratio in _PLATFORMS if re.search(pattern, text)), None)
    if aspect is not None:
        steps.append(Edit(SetAspect(aspect)))
    changes: dict[str, object] = {}
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
    if changes:
        steps.append(Edit(SetOutput(**changes)))  # type: ignore[arg-type]
    return steps or None
