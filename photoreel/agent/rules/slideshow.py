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
_ORDERS = (
    ("name", r"\bby (file ?)?name\b|\balphabetical|按(文件)?名(称|字)?"),
    ("date", r"\bby (date|time)\b|\bchronolog|\bdate taken\b|按(拍摄)?(时间|日期)|按时间顺序"),
    ("reverse", r"\breverse|\bbackwards\b|倒序|反过来|逆序|倒过来"),
    ("shuffle", r"\bshuffle|\brandom|随机|打乱"),
)


def slideshow(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    order = next((name for name, pattern in _ORDERS if re.search(pattern, text)), None)
    making = re.search(_MAKE, text)
    ordering = order is not None and re.search(
        r"\b(order|sort|arrange|photos?|pictures?|images?)\b|排序|顺序|排列|照片|图片", text
    )
    if not making and not ordering:
        return None
    timeline = view.timeline
    on_timeline = {p.media_id for p in timeline.segments}
    missing = tuple(m.id for m in timeline.media if m.kind == "image" and m.id not in on_timeline)
    steps: list[Step] = []
    if missing:
        each = timeline.photos[-1].duration_ms if timeline.photos else 3000
        steps.append(Edit(AddPhotos(missing, duration_ms=each)))
    if order:
        steps.append(Edit(SortPhotos(order, seed=len(text))))
    if not steps and making and duration_ms(text) is None:
        # "make a video" with everything on it already: show it. "make the video 8 seconds" is the timing rule's.
        steps.append(Command("show"))
    return steps or None
