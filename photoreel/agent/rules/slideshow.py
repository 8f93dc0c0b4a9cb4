"""Make the slideshow: every uploaded photo on the timeline, in the order asked for."""

from __future__ import annotations

import re

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import duration_ms
from photoreel.agent.text import Clause
from photoreel.timeline.ops import AddPhotos, SortPhotos

_MAKE = (
    r"\bslide\s*show\b|\bslideshow\b|\bturn\b.*\binto\b|\bmake\b.*\b(video|movie|reel|clip)\b|\bcreate\b.*\bvideo\b"
    r"|做成|制作|生成|合成|变成|幻灯片|相册视频|照片视频"
)
_NEWEST_FIRST = (
    r"\b(?:newest|latest|most recent|last taken) (?:ones? )?first\b|\boldest (?:ones? )?(?:at the end|last)\b"
    r"|\breverse chronolog\w*|\bnewest to oldest\b"
    r"|最新的?(?:放|排)?(?:在)?(?:最)?前面?|从新到旧|按时间倒序|时间倒序|倒序.{0,4}时间|最近拍的(?:放)?(?:在)?前"
)
_ORDERS = (
    ("name", r"\bby (file ?)?name\b|\balphabetical|按(文件)?名(称|字)?"),
    (
        "date",
        r"\bby (date|time)\b|\bchronolog|\bdate taken\b"
        r"|\b(?:in )?the order (?:i |we )?(?:they were |actually |really )?(?:took|taken|shot)\b"
        r"|\boldest (?:ones? )?first\b|\bwhen (?:they were|i) (?:taken|took them)\b"
        r"|按(拍摄|拍照|拍)?的?(时间|日期)|按时间顺序|按拍摄顺序|从旧到新|最早的?(?:放)?(?:在)?前|时间先后|拍照的时间",
    ),
    ("reverse", r"\breverse|\bbackwards\b|\bflip the order\b|倒序|反过来|逆序|倒过来|顺序反|倒着放|从最后一张开始"),
    ("shuffle", r"\bshuffle|\brandom|\bmix (?:them|it|the photos) up\b|随机|打乱"),
)

_THE_VIDEO = r"\b(?:the|this|my|our) (?:video|movie|reel|clip)\b|把视频|视频(?:做成|变成)"


def slideshow(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    if re.search(_NEWEST_FIRST, text):
        return [Edit(SortPhotos("date", seed=len(text))), Edit(SortPhotos("reverse", seed=len(text)))]
    order = next((name for name, pattern in _ORDERS if re.search(pattern, text)), None)
    making = re.search(_MAKE, text)
    ordering = order is not None and re.search(
        r"\b(order|sort|arrange|photos?|pictures?|images?|them|it|everything)\b|排序|顺序|排列|照片|图片|排|放", text
    )
    if not making and not ordering:
        return None
    timeline = view.timeline
    on_timeline = {p.media_id for p in timeline.segments}
    missing = tuple(m.id for m in timeline.media if m.kind == "image" and m.id not in on_timeline)
    steps: list[Step] = []
    # Sorting what is there never brings back a photo the person took out, nor does a setting said of the video
    # ("make the video 12 seconds total" right after removing two): only asking for the slideshow itself does.
    creating = making and duration_ms(text) is None and not re.search(_THE_VIDEO, text)
    if missing and creating:
        each = timeline.photos[-1].duration_ms if timeline.photos else 3000
        steps.append(Edit(AddPhotos(missing, duration_ms=each)))
    if order:
        steps.append(Edit(SortPhotos(order, seed=len(text))))
    if not steps and making and duration_ms(text) is None:
        # "make a video" with everything on it already: show it. "make the video 8 seconds" is the timing rule's.
        steps.append(Command("show"))
    return steps or None
