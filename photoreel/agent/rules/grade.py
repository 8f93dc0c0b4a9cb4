"""Colour looks: "black and white", "黑白", "sepia", "复古", "warmer", "cooler", "vivid", "less saturated",
"faded film", "cinematic" / "电影感" for the whole video or a named photo ("make the second photo black and
white"). Cinematic also means fade-through-black transitions, as film cuts do."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.rules.common import photo_positions
from photoreel.agent.text import Clause
from photoreel.timeline.ops import SetLook, SetTransition

# The first that matches wins: "faded film look" is faded before it is a film look.
_LOOK_WORDS = (
    (
        "none",
        r"\bno (?:filter|look|grade|colou?r grade)\b|\b(?:remove|drop|turn off) the (?:filter|look)\b"
        r"|\boriginal colou?rs?\b|\bnatural colou?rs?\b|\bno (?:filters|effects|looks)\b(?! between)"
        r"|\bwithout (?:a |any )?filters?\b"
        r"|去掉滤镜|不要滤镜|取消滤镜|原色|原图颜色|不加滤镜|别加滤镜|彩色|\bin colou?r again\b|\bback to colou?r\b"
        r"|滤镜(?:去掉|不要|取消)|\btake (?:the |that )?(?:filter|look) off\b|\bnormal colou?rs?\b",
    ),
    (
        "bw",
        r"\bblack[\s-](?:and|&)[\s-]white\b|\bb ?& ?w\b|\bbw\b|黑百|\bmonochrome\b|\bgr[ae]yscale\b|\bnoir\b|黑白"
        # "no colour at all", "去掉颜色": the colour itself taken away
        r"|\bno colou?rs?(?: at all)?$|\bno colou?rs? at all\b|\bwithout (?:any )?colou?rs?$|\bcolou?rless\b"
        r"|\bdrain (?:\w+ )?colou?rs?\b"
        r"|不要颜色|没有颜色|去掉颜色|去色",
    ),
    (
        "sepia",
        r"\bsepia\b|\bold (?:\w+ )?photos?\b|\bbrownish\b|\bold[- ]timey\b|\b(?:19|18)\d0s\b|\bantique\b"
        r"|老照片|泛黄|棕褐|发黄|民国",
    ),
    (
        "vintage",
        r"\bvintage\b|vintage|胶片感|胶片风|胶片味|菲林|\bretro (?:look|style|filter|colou?rs?)\b|\bold[- ]school\b"
        r"|复古(?!音乐|的音乐|的歌)",
    ),
    (
        "faded",
        r"\bfaded\b|\bwashed[- ]out\b|\bless saturated\b|\bmuted colou?rs?\b|\bdesaturat\w*|褪色|低饱和|淡一点的颜色",
    ),
    (
        "cinematic",
        r"\bcinematic\b|\bfilm look\b|\bmovie look\b|\blike a (?:film|movie)\b|\bwidescreen bars\b|电影感|电影风|大片感"
        r"|电影的感觉|电影质感|画面有质感|画面质感|\bmovie feel\b|\bfilmic\b"
        r"|电影质感|宽银幕|上下(?:有)?黑边",
    ),
    (
        "vivid",
        r"\bvivid\b|\bvibrant\b|\bmore colou?rful\b|\bmore saturated\b|\bsaturated\b|\bpunchy\b|鲜艳|饱和度高|浓郁",
    ),
    (
        "vivid",
        r"\bcolou?rs? pop\b|\bpop (?:more|out)\b|\b(?:it|the colou?rs?|them) (?:to )?(?:really )?pop\b|\bpoppy\b"
        r"|\bbrighter colou?rs?\b|色彩鲜明|更艳",
    ),
    (
        "warm",
        r"\bwarm(?:er)? (?:look|tones?|colou?rs?|filter)\b|\bwarmer\b|\bgolden\b|\b(?:go|make it|look) warm\b"
        r"|\bwarm instead\b|(?:换成|改成|用|要|来个|加个?)\s*warm\b|暖色|暖调|暖一点|温暖的色调|偏暖|暖暖的"
        r"|温馨的色调|暖色调",
    ),
    (
        "cool",
        r"\bcool(?:er)? (?:look|tones?|colou?rs?|filter)\b|\bcooler\b|\bcold (?:look|tones?)\b"
        r"|\b(?:go|make it|look) cool\b|\bcool instead\b|(?:换成|改成|用|要|来个|加个?)\s*cool\b|\bbluer\b|冷色"
        r"|冷调|冷一点|偏冷",
    ),
)
_CINEMA_TRANSITION_MS = 800


# "remove the black and white", "去掉黑白滤镜": taking a look away is going back to the photos' own colours.
_TAKE_AWAY = r"\bremove\b|\bno more\b|\bwithout\b|\bturn off\b|\bget rid of\b|\bundo the\b|去掉|不要|取消|关掉|去除"
# "less vivid", "too saturated": the opposite way, toward faded colours.
_LESS = (
    r"\bless (?:vivid|colou?rful|saturated|vibrant)\b|\btoo (?:vivid|colou?rful|saturated)\b|\bover-?saturated\b"
    r"|太鲜艳|太艳"
)


# "the colours look dull and washed out": a complaint about flat colours asks for livelier ones.
_DULL = (
    r"\b(?:looks?|are|is|so|too|kinda|bit) (?:\w+ )?(?:dull|washed[- ]out|flat|lifeless|drab|muted)\b"
    r"|(?<!a )(?<!make it )(?<!more )\bwashed[- ]out\b(?! (?:look|style|filter|effect|vibe|feel|colou?rs? please))"
    r"|太(?:淡|灰|素)|发灰|灰蒙蒙|灰扑扑|没(?:什么)?颜色|颜色(?:太)?(?:淡|寡淡|暗淡)"
)


# "the colours feel cold, like a hospital": a complaint about cold colours asks for warm ones, and the other way.
_COLD = r"\b(?:looks?|feels?|so|too|are|is|kinda)\s+(?:\w+\s+)?(?:cold|icy|clinical)\b|太冷了|冷冰冰|色调太冷|颜色太冷"
_HOT = (
    r"\b(?:looks?|feels?|so|too|are|is)\s+(?:\w+\s+)?(?:yellow|orange|warm)\b(?! (?:look|filter|tones?))"
    r"|太黄|太暖|发黄了"
)


_FAULT = re.compile(
    r"太(?:丧|压抑|难看|丑|土|怪|暗|假|沉重|闷)了?|不好看|好丑|难看"
    r"|\btoo (?:depressing|gloomy|sad|ugly|dark|dull|much)\b"
    r"|\blooks? (?:awful|terrible|bad|ugly|weird|cheap)\b|\b(?:hate|don'?t like|do not like)\b"
)


def grade(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    if re.search(_LESS, text):
        look: str | None = "faded"
    elif re.search(_DULL, text):
        look = "vivid"
    elif re.search(_COLD, text) and re.search(r"\bcolou?rs?\b|\btones?\b|\blook\b|\bfeel\b|颜色|色调|画面|冷", text):
        look = "warm"
    elif re.search(_HOT, text) and re.search(r"\bcolou?rs?\b|\btones?\b|颜色|色调|画面", text):
        look = "cool"
    else:
        look = next((name for name, words in _LOOK_WORDS if re.search(words, text)), None)
    if look is None:
        return None
    if look != "none" and re.search(_TAKE_AWAY, text):
        look = "none"
    if look != "none" and _FAULT.search(text):
        # "黑白太丧了", "the sepia looks awful": a fault found with a look, not a wish for it; taken off if it is on
        if (view.timeline.look or "none") != look:
            return None
        look = "none"
    positions = photo_positions(text, view.timeline)
    if positions:
        return [Edit(SetLook(look, index)) for index in positions]
    steps: list[Step] = [Edit(SetLook(look))]
    if look == "cinematic":
        steps.append(Edit(SetTransition("fadeblack", _CINEMA_TRANSITION_MS)))
    return steps
