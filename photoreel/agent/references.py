"""Photos named by what they look like or where they came from, not by number: "the greenish one", "the dark
photo", "the landscape one", "the photo of the two of us", "the one I took first", "the second-to-last picture",
"IMG_2041", "红色那张", "横着的那张", "倒数第二张". Each is matched against the facts measured once at upload and
kept with the media (colours, brightness, size, faces, capture time, file name), then written back into the clause
as "photo N" so every rule reads it the way it reads a number. A description that fits several photos asks which
one; one that fits none changes nothing and says so."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from photoreel.agent.plan import Command
from photoreel.agent.text import CN_NUMBER, has_cjk, to_number
from photoreel.timeline import MediaRef, PhotoSegment, Timeline

_NOUN = r"(?:one|photo|picture|pic|image|shot|snap|slide)s?"
_ZH_NOUN = r"(?:的)?(?:那一张|那张|这张|照片|图片|图|相片|一张)"
_COLOUR_WORDS = {
    "red": r"red(?:dish)?|红",
    "orange": r"orange(?:y|-?ish)?|橙|橘",
    "yellow": r"yellow(?:ish)?|黄",
    "green": r"green(?:ish)?|绿",
    "blue": r"blue|bluish|blueish|蓝",
    "purple": r"purple|violet|紫",
    "pink": r"pink(?:ish)?|粉",
    "brown": r"brown(?:ish)?|棕|褐|咖啡",
    "white": r"white|白",
    "grey": r"gr[ae]y(?:ish)?|灰",
    "black": r"black|黑",
}
DARK, BRIGHT = 0.35, 0.65  # mean brightness under / over which a photo reads as dark / bright
CLEAR_MARGIN = 0.08  # "the brightest" needs a clear winner by this much


@dataclass(frozen=True)
class _Photo:
    number: int  # 1-based among the photos on the timeline
    ref: MediaRef


Matcher = Callable[[list[_Photo]], list[_Photo]]


def _photos(timeline: Timeline) -> list[_Photo]:
    media = timeline.media_by_id
    return [
        _Photo(k + 1, media[seg.media_id])
        for k, seg in enumerate(s for s in timeline.segments if isinstance(s, PhotoSegment))
        if seg.media_id in media
    ]


def _by_colour(name: str) -> Matcher:
    return lambda ps: [p for p in ps if name in p.ref.colours[:2]]


def _by_colours(*names: str) -> Matcher:
    return lambda ps: [p for p in ps if any(name in p.ref.colours[:1] for name in names)]


def _extreme(lowest: bool, threshold: float) -> Matcher:
    def pick(ps: list[_Photo]) -> list[_Photo]:
        rated = sorted((p for p in ps if p.ref.exposure is not None), key=lambda p: p.ref.exposure or 0.0)
        if not lowest:
            rated.reverse()
        if not rated:
            return []
        best = rated[0].ref.exposure or 0.0
        clear = [p for p in rated if abs((p.ref.exposure or 0.0) - best) < CLEAR_MARGIN]
        ok = best < threshold if lowest else best > threshold
        return clear if ok else []

    return pick


def _shape(kind: str) -> Matcher:
    def pick(ps: list[_Photo]) -> list[_Photo]:
        out = []
        for p in ps:
            w, h = p.ref.width or 0, p.ref.height or 0
            if not (w and h):
                continue
            shape = "square" if abs(w - h) <= 0.05 * max(w, h) else "landscape" if w > h else "portrait"
            if shape == kind:
                out.append(p)
        return out

    return pick


def _faces(test: Callable[[int, int], bool]) -> Matcher:
    def pick(ps: list[_Photo]) -> list[_Photo]:
        most = max((len(p.ref.faces) for p in ps), default=0)
        return [p for p in ps if test(len(p.ref.faces), most)]

    return pick


def _taken(first: bool) -> Matcher:
    def pick(ps: list[_Photo]) -> list[_Photo]:
        dated = [p for p in ps if p.ref.taken_at]
        if not dated:
            return []
        edge = (min if first else max)(p.ref.taken_at or "" for p in dated)
        return [p for p in dated if p.ref.taken_at == edge]

    return pick


def _on_day(day: int) -> Matcher:
    return lambda ps: [p for p in ps if p.ref.taken_at and int(p.ref.taken_at[8:10] or 0) == day]


_WEEKDAYS = {
    **{day: k for k, day in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    **{day: k for k, day in enumerate("一二三四五六日")},
    "天": 6,
}


def _on_weekday(day: str) -> Matcher:
    def pick(ps: list[_Photo]) -> list[_Photo]:
        out = []
        for p in ps:
            with contextlib.suppress(ValueError):
                if p.ref.taken_at and date.fromisoformat(p.ref.taken_at[:10]).weekday() == _WEEKDAYS[day]:
                    out.append(p)
        return out

    return pick


_PARTS_OF_DAY = {
    "morning": (5, 12),
    "早上": (5, 12),
    "上午": (5, 12),
    "中午": (11, 14),
    "afternoon": (12, 17),
    "下午": (12, 17),
    "daytime": (7, 17),
    "evening": (17, 22),
    "sunset": (17, 21),
    "傍晚": (17, 20),
    "晚上": (18, 24),
    "night": (20, 29),
    "夜里": (21, 29),
}


def _time_of_day(part: str) -> Matcher:
    lo, hi = _PARTS_OF_DAY[part]

    def pick(ps: list[_Photo]) -> list[_Photo]:
        out = []
        for p in ps:
            if not p.ref.taken_at or len(p.ref.taken_at) < 13:
                continue
            hour = int(p.ref.taken_at[11:13])
            if lo <= hour < hi or lo <= hour + 24 < hi:
                out.append(p)
        return out

    return pick


def _from_end(k: int) -> Matcher:
    return lambda ps: [ps[-k]] if 1 <= k <= len(ps) else []


def _faces_counted(m: re.Match[str]) -> Matcher:
    # The count is read once, when the description matches, not each time the matcher runs.
    k = int(to_number(m.group("n") or m.group("n2") or m.group("zn")) or 0)
    return _faces(lambda n, most: n == k)


_COLOUR_ALT = "|".join(_COLOUR_WORDS.values())


def _middle(photos: list[_Photo]) -> list[_Photo]:
    """The one in the middle of the run (two fit when there is an even number: asked which)."""
    half = len(photos) // 2
    return photos[half : half + 1] if len(photos) % 2 else photos[half - 1 : half + 1]


def _extension(m: re.Match[str]) -> Matcher:
    ext = (m.group("ext") or m.group("ext2") or m.group("ext3") or "").lower().replace("jpeg", "jpg")
    return lambda ps: [p for p in ps if p.ref.name.lower().replace(".jpeg", ".jpg").endswith(f".{ext}")]


# "delete the portrait", "把竖的删了": after (or before) a photo's verb, the shape is one of the photos, not the video's
_EN_PHOTO_VERBS = ("delete", "remove", "move", "put", "drop", "swap", "cut", "ditch", "lose", "place")
_PHOTO_VERB_BEFORE = "(?:" + "|".join(f"(?<=\\b{verb} )" for verb in _EN_PHOTO_VERBS) + ")"
_ZH_PHOTO_VERB = r"\s*(?:删|去掉|挪|放|移|换|调|拿掉|不要)"

_DESCRIPTIONS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Matcher]], ...] = (
    # the middle one, the one by its kind of file
    (
        re.compile(
            rf"\bthe\s+middle\s+{_NOUN}|\bthe\s+{_NOUN}\s+in\s+the\s+middle\b|中间(?:的)?(?:那一张|那张|那个|一张)"
        ),
        lambda m: _middle,
    ),
    (
        re.compile(
            rf"\bthe\s+\.?(?P<ext>heic|heif|png|jpe?g|webp)\s+{_NOUN}|(?<=\s)\.(?P<ext2>heic)\b"
            r"|(?:那个|这个|那张)?\s*\.?(?P<ext3>heic|heif|png|jpe?g|webp)\s*(?:格式)?(?:的)?\s*(?:那张|那个|照片|图片|图|的)"
        ),
        _extension,
    ),
    # a camera's file prefix: "the IMG one" (several, usually: then it asks)
    (
        re.compile(rf"\b(?:the\s+)?(?P<prefix>img|dsc|dscn|pxl|mvimg)\s+{_NOUN}"),
        lambda m: lambda ps: [p for p in ps if p.ref.name.lower().startswith(m.group("prefix"))],
    ),
    # position from the end
    (
        re.compile(
            r"\b(?:the\s+)?(?:second[\s-]*(?:to|from)[\s-]*(?:the\s+)?last"
            rf"|next[\s-]*to[\s-]*last|penultimate|last but one)(?:\s+{_NOUN})?"
        ),
        lambda m: _from_end(2),
    ),
    (
        re.compile(rf"\b(?:the\s+)?third[\s-]*(?:to|from)[\s-]*(?:the\s+)?last(?:\s+{_NOUN})?"),
        lambda m: _from_end(3),
    ),
    (
        re.compile(rf"倒数第\s*({CN_NUMBER}|\d+)\s*(?:张|幅|个)?(?:照片|图片|图)?"),
        lambda m: _from_end(int(to_number(m.group(1)) or 0)),
    ),
    # capture time
    (
        re.compile(
            rf"\b(?:the\s+)?(?:{_NOUN}\s+)?(?:(?:i|we|you)\s+)?(?:took|taken|shot|snapped)\s+first\b"
            rf"|\bthe (?:earliest|oldest)(?:\s+{_NOUN})?"
            rf"|\bthe first (?:one )?(?:i |we )?(?:took|taken)\b"
        ),
        lambda m: _taken(True),
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?:{_NOUN}\s+)?(?:(?:i|we|you)\s+)?(?:took|taken|shot|snapped)\s+last\b"
            rf"|\bthe (?:latest|newest|most recent)(?:\s+{_NOUN})?"
        ),
        lambda m: _taken(False),
    ),
    (
        re.compile(rf"(?:最早|最先|第一个)拍(?:的|摄的)?{_ZH_NOUN}?|最早的{_ZH_NOUN}|最旧的{_ZH_NOUN}"),
        lambda m: _taken(True),
    ),
    (
        re.compile(rf"(?:最后|最晚|最近|最新)拍(?:的|摄的)?{_ZH_NOUN}?|最新的{_ZH_NOUN}|最晚的{_ZH_NOUN}"),
        lambda m: _taken(False),
    ),
    # faces
    (
        re.compile(
            rf"\b(?:the\s+)?(?:{_NOUN}\s+)?(?:of|with)\s+(?:the\s+)?"
            r"(?:two of us|us two|both of us|two people|the two of them|the couple)\b"
            rf"|\bthe couple(?:\s+{_NOUN})?"
        ),
        lambda m: _faces(lambda n, most: n == 2),
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(?:group|family|everyone|crowd|gang|team)\s+(?:photo|picture|pic|shot|one|selfie)\b"
            rf"|\b(?:the\s+)?{_NOUN}\s+(?:of|with)\s+(?:everyone|everybody|all of us|the whole group|the group)\b"
        ),
        lambda m: _faces(lambda n, most: n >= 3 and n == most),
    ),
    (
        re.compile(
            r"\b(?:the\s+)?selfie\b"
            rf"|\b(?:the\s+)?{_NOUN}\s+(?:of|with)\s+(?:just )?(?:me|one person|one face)(?: alone)?\b"
            rf"|\b(?:the\s+)?{_NOUN}\s+(?:where|in which)\s+(?:it'?s|there'?s|i'?m)\s+(?:just|only)\s+(?:me|one person)"
            r"(?:\s+(?:alone|in it|on my own))?\b"
            rf"|\b(?:the\s+)?{_NOUN}\s+(?:of|with)\s+only\s+me\b"
        ),
        lambda m: _faces(lambda n, most: n == 1),
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?{_NOUN}\s+(?:with|of)\s+(?:nobody|no one|no people|nobody in it|no faces)\b"
            rf"|\b(?:the\s+)?{_NOUN}\s+without (?:people|anyone|faces)\b|\bthe empty {_NOUN}"
            # narrowing a description said before it: "the orange one, with no people in it"
            r"|^\W*(?:with|that has|having|where there'?s)\s+(?:no (?:people|one|faces|persons)|nobody)"
            r"(?:\s+in (?:it|them))?\b"
            r"|^\W*without\s+(?:people|anyone|faces)\b"
        ),
        lambda m: _faces(lambda n, most: n == 0),
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?:{_NOUN}\s+)?(?:with|of)\s+(?:the\s+)?(?P<n>two|three|four|five|six|2|3|4|5|6)"
            r"\s+(?:people|persons|faces|friends|of us|kids|children|boys|girls|guys)\b"
            rf"|\b(?:the\s+)?{_NOUN}\s+where\s+there\s+are\s+(?P<n2>two|three|four|five|six|2|3|4|5|6)\s+(?:people"
            rf"|persons|faces)\b"
            rf"|(?P<zn>三|四|五|六|[3-6])个人(?:的{_ZH_NOUN}?|{_ZH_NOUN}|的合影|的合照)"
        ),
        _faces_counted,
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?{_NOUN}\s+with\s+the\s+most\s+(?:people|faces|persons)(?:\s+in\s+(?:it|them))?\b"
            r"|\bthe\s+most\s+people\b"
        ),
        lambda m: _faces(lambda n, most: n >= 1 and n == most),
    ),
    (
        re.compile(rf"(?:有)?(?:两个人|俩人|我们俩|我们两个|两人)(?:的)?(?:合影|合照)?{_ZH_NOUN}?|双人照"),
        lambda m: _faces(lambda n, most: n == 2),
    ),
    (
        re.compile(
            rf"大合照|大合影|集体照|全家福|合照{_ZH_NOUN}?|合影{_ZH_NOUN}?|人最多的{_ZH_NOUN}|很多人的{_ZH_NOUN}"
        ),
        lambda m: _faces(lambda n, most: n >= 3 and n == most),
    ),
    (
        re.compile(rf"自拍(?:照)?{_ZH_NOUN}?|一个人的{_ZH_NOUN}|只有我的{_ZH_NOUN}"),
        lambda m: _faces(lambda n, most: n == 1),
    ),
    (
        re.compile(rf"没(?:有)?人的{_ZH_NOUN}|没人{_ZH_NOUN}|没(?:有)?人的那个"),
        lambda m: _faces(lambda n, most: n == 0),
    ),
    (
        re.compile(
            r"\b(?:that |which |with )?(?:has|have|with) (?:people|someone|somebody|faces?|persons?) in (?:it|them)\b"
            r"|有人(?:脸)?的(?:那张|那个|照片)?|有脸的(?:那张|那个|照片)?"
        ),
        lambda m: _faces(lambda n, most: n > 0),
    ),
    # capture day and time of day
    (re.compile(rf"\bthe (?:july|jul) (\d{{1,2}})(?:st|nd|rd|th)? {_NOUN}\b"), lambda m: _on_day(int(m.group(1)))),
    (
        re.compile(
            r"\b(?:from|on|taken on|of)\s+(?:the\s+)?"
            r"(?:(?:july|jul)\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+july)?)\b(?!:)"
            rf"|(?:7月)?(\d{{1,2}})[日号]拍?的?{_ZH_NOUN}?"
        ),
        lambda m: _on_day(int(m.group(1) or m.group(2) or m.group(3))),
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(morning|afternoon|evening|night|sunset|daytime)\s+{_NOUN}|(早上|上午|中午|下午|傍晚"
            rf"|晚上|夜里)拍?的{_ZH_NOUN}"
            # "the one from the afternoon", "the pic taken at night"
            rf"|\b(?:the\s+)?{_NOUN}\s+(?:(?:that was\s+|which was\s+)?(?:taken|shot)\s+)?(?:from|in|during)\s+the\s+"
            rf"(morning|afternoon|evening)\b|\b(?:the\s+)?{_NOUN}\s+(?:(?:taken|shot)\s+)?(?:from|at)\s+(night)\b"
        ),
        lambda m: _time_of_day(next(g for g in m.groups() if g)),
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s)?\s+"
            rf"{_NOUN}|\b(?:the\s+)?{_NOUN}\s+(?:(?:taken|shot)\s+)?(?:from|on)\s+(?:the\s+)?"
            r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
            rf"|(?:周|星期|礼拜)([一二三四五六日天])拍?的{_ZH_NOUN}?"
        ),
        lambda m: _on_weekday(next(g for g in m.groups() if g)),
    ),
    # brightness
    (
        re.compile(
            rf"\b(?:the\s+)?(?:darkest|darker|dark|dim|night(?:time)?|gloomy|underexposed)\s+{_NOUN}|\bthe darkest\b"
        ),
        lambda m: _extreme(True, DARK),
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?:brightest|brighter|bright|sunny|overexposed|lightest)\s+{_NOUN}|\bthe brightest\b"
        ),
        lambda m: _extreme(False, BRIGHT),
    ),
    (re.compile(rf"(?:最暗|比较暗|很暗|暗|黑乎乎|昏暗)(?:的)?{_ZH_NOUN}"), lambda m: _extreme(True, DARK)),
    (re.compile(rf"(?:最亮|比较亮|很亮|亮)(?:的)?{_ZH_NOUN}"), lambda m: _extreme(False, BRIGHT)),
    # orientation
    (
        re.compile(
            rf"\b(?:the\s+)?(?:landscape|horizontal|wide)\s+{_NOUN}|横(?:着|向|版)?拍?的?{_ZH_NOUN}|横图|横版{_ZH_NOUN}"
            r"|\bthe\s+landscape(?=\s+(?:with|of|where|that|which|from|taken|shot)\b)"
            rf"|{_PHOTO_VERB_BEFORE}the\s+landscape\b|(?<![屏版])横(?:着|向)?拍?的(?:那个)?(?={_ZH_PHOTO_VERB})"
            rf"|\bthe\s+横(?:着|向)?的\s+{_NOUN}"
        ),
        lambda m: _shape("landscape"),
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(?:portrait|vertical|tall|upright)\s+{_NOUN}|竖(?:着|向|版)?拍?的?{_ZH_NOUN}|竖图"
            # "the portrait with nobody in it": the noun itself, then what narrows it
            r"|\bthe\s+portrait(?=\s+(?:with|of|where|that|which|from|taken|shot)\b)"
            rf"|{_PHOTO_VERB_BEFORE}the\s+portrait\b|(?<![屏版])竖(?:着|向)?拍?的(?:那个)?(?={_ZH_PHOTO_VERB})"
            rf"|\bthe\s+竖(?:着|向)?的\s+{_NOUN}"
        ),
        lambda m: _shape("portrait"),
    ),
    (re.compile(rf"\b(?:the\s+)?square\s+{_NOUN}|方(?:形)?的{_ZH_NOUN}"), lambda m: _shape("square")),
    # two colours at once: "the blue and the yellow ones", "蓝色和黄色那两张"
    (
        re.compile(
            rf"\b(?:the\s+)?(?P<c>{_COLOUR_ALT})\s+(?:and|&|or)\s+(?:the\s+)?(?P<d>{_COLOUR_ALT})\s+(?:ones|photos"
            rf"|pictures|pics|images|shots)\b"
            rf"|(?P<c3>红|橙|橘|黄|绿|蓝|紫|粉|棕|褐|白|灰)色?(?:的)?(?:和|跟|与|、|还有)(?P<d3>红|橙|橘|黄|绿|蓝"
            rf"|紫|粉|棕|褐|白|灰)色?(?:的)?"
            r"(?:那两张|这两张|两张|照片|图片|那几张|那张)"
            # "绿的和蓝的换一下": each colour with 的, then what to do with the two
            rf"|(?P<c4>红|橙|橘|黄|绿|蓝|紫|粉|棕|褐)色?的(?:和|跟|与)(?P<d4>红|橙|橘|黄|绿|蓝|紫|粉|棕|褐)色?的(?:那张)?"
            r"(?=\s*(?:换|交换|对调|互换|调换|删|去掉|挪|放|都))"
        ),
        lambda m: _by_colours(
            _colour_name(m.group("c") or m.group("c3") or m.group("c4")),
            _colour_name(m.group("d") or m.group("d3") or m.group("d4")),
        ),
    ),
    # colour
    (
        re.compile(
            rf"\b(?:the\s+)?(?:mostly\s+|very\s+)?(?P<c>{_COLOUR_ALT})\s+{_NOUN}"
            rf"|\bthe\s+{_NOUN}\s+(?:that'?s|that is|which is)\s+(?:mostly\s+)?(?P<c2>{_COLOUR_ALT})\b"
            rf"|(?<!黑)(?P<c3>红|橙|橘|黄|绿|蓝|紫|粉|棕|褐|白|灰|黑)(?:色|色调)?(?:的)?(?:那一张|那张|照片|图片"
            rf"|的那张|那幅)"
            # "那个蓝色的放最后": the colour and 的, then what to do with it
            rf"|(?<![黑字])(?P<c5>红|橙|橘|黄|绿|蓝|紫|粉|棕|褐)色的(?=\s*(?:放|删|挪|移|调|拿|去掉|留|排))"
            # "再删一张，那个黄色的": this / that one, the colour and 的
            rf"|(?:那个|这个|那一个)(?P<c6>红|橙|橘|黄|绿|蓝|紫|粉|棕|褐)色的(?:那张|那个)?"
        ),
        lambda m: _by_colour(
            _colour_name(m.group("c") or m.group("c2") or m.group("c3") or m.group("c5") or m.group("c6"))
        ),
    ),
)


def _colour_name(word: str) -> str:
    return next(name for name, pattern in _COLOUR_WORDS.items() if re.fullmatch(pattern, word))


# What a Chinese speaker calls a photo whose file is named in English ("sunset.jpg" is 日落那张).
STEM_WORDS = {
    "sunset": "日落|夕阳|落日|晚霞",
    "sunrise": "日出",
    "dinner": "晚饭|晚餐|吃饭|饭|聚餐",
    "lunch": "午饭|午餐",
    "breakfast": "早饭|早餐",
    "beach": "海边|沙滩|海滩",
    "forest": "森林|树林",
    "mountain": "山|爬山|山顶",
    "lake": "湖",
    "sea": "海",
    "city": "城市",
    "snow": "雪",
    "party": "派对|聚会",
    "birthday": "生日",
    "wedding": "婚礼",
    "baby": "宝宝|婴儿",
    "dog": "狗|小狗",
    "cat": "猫|小猫",
    "food": "美食|吃的",
    "cake": "蛋糕",
    "selfie": "自拍",
    "family": "全家|家人",
    "garden": "花园",
    "flower": "花",
    "park": "公园",
    "night": "夜景|晚上",
}


_PHOTO_VERBS = "挪|移|放|删|拿掉|去掉|换|对调|调换|互换|交换|和|跟|与|改成|调成|设成|多放|少放|停|延长|缩短"


def _by_name(text: str, photos: list[_Photo]) -> tuple[re.Match[str], list[_Photo]] | None:
    """A photo named by its file name or its stem ("IMG_2041", "img 2041", "sunset.jpg", "the dinner photo")."""
    for p in photos:
        name = p.ref.name.lower()
        stem = name.rsplit(".", 1)[0]
        digits = re.search(r"\d{3,}", stem)
        forms = [re.escape(name), re.escape(stem).replace("_", "[_ ]?")]
        forms += [f"(?:{zh})" for word, zh in STEM_WORDS.items() if re.search(rf"(?<![a-z]){word}(?![a-z])", stem)]
        if digits and not stem.isdigit():
            forms.append(rf"(?:img|dsc|photo|pic)?[_ ]?{digits.group(0)}")
        for form in forms:
            if len(form) < 3:
                continue
            if form.isascii():
                m = re.search(rf"(?<![a-z0-9_.])(?:the\s+)?{form}(?:\s+{_NOUN}|{_ZH_NOUN})?(?![a-z0-9_])", text)
            else:  # a Chinese word for the photo's subject counts only as a photo: "日落那张", not "日落的时候"
                m = re.search(
                    rf"{form}(?:的)?(?:那一张|那张|这张|照片|图片|相片)|{form}(?=后面|前面|之后|之前)"
                    # "把日落挪到第二个", "日落放最后", "把日落和晚饭换一下": the object of a verb for photos
                    rf"|(?:(?<=把)|(?<=^)|(?<=[和跟与]))\s*{form}(?=\s*(?:{_PHOTO_VERBS}))",
                    text,
                )
            if m:
                same = [q for q in photos if q.ref.name.lower() == name]
                return m, same
    return None


def off_the_timeline(text: str, timeline: Timeline) -> list[MediaRef]:
    """Uploaded photos not on the timeline that `text` names by file name or subject ("the sunset", "日落那张")."""
    placed = {seg.media_id for seg in timeline.segments}
    spare = [_Photo(0, ref) for ref in timeline.media if ref.kind == "image" and ref.id not in placed]
    named = _by_name(text, spare)
    return [p.ref for p in named[1]] if named is not None else []


@dataclass(frozen=True)
class Resolved:
    text: str  # the clause with each description written as a number
    problem: Command | None = None  # "which-photo" or "no-photo": ask instead of editing
    words: str = ""  # the description that fitted several photos or none


_PLURAL = re.compile(
    r"\bones\b|\bphotos\b|\bpictures\b|\bpics\b|\bshots\b|\bboth\b|\ball\b|那些|这些|几张|两张|都"
    r"|的(?:和|跟|与)\S{1,2}的"  # "绿的和蓝的": two photos, each named by its colour
)


# "只留竖的照片", "keep only the portrait ones": what is kept is every photo that fits.
_COUNTED = re.compile(r"\b(two|both|three)\b|(两|俩|三)(?:张|个|幅)?")
_COUNTS = {"two": 2, "both": 2, "three": 3, "两": 2, "俩": 2, "三": 3}
_KEEPING = re.compile(
    r"(?:\bkeep only|\bonly keep|\bjust keep|\bkeep just|\bleave only|只留|只保留|只要|仅保留|只剩)"
    r"\s*(?:the\s+)?(?:下)?$"
)


def _asking(photos: list[_Photo]) -> Command:
    return Command("which-photo", tuple((p.number, p.ref.name) for p in photos))


def which_photo(timeline: Timeline) -> Command:
    """The question for "delete that one" with nothing to point at: which of the photos?"""
    return _asking(_photos(timeline))


# "make it look like an old brownish photo", "像老照片一样": a likeness, not one of the photos
_LIKENESS = re.compile(
    r"\b(?:look|looks|looking|feel|feels)\s+like\s+(?:an?\s+|the\s+)?[\w\s-]{0,30}?\b(?:photo|picture|film|movie"
    r"|polaroid)s?\b|像(?:一张|张)?[^，。,.]{0,10}?(?:照片|电影)"
)
_HELD = "\x01"  # where a likeness was taken out while descriptions are read


def resolve(text: str, timeline: Timeline) -> Resolved:
    """`text` with each description of a photo written as "photo N" ("photos N and M" when it says "the ones"),
    or a question when one fits several photos ("which-photo") or none ("no-photo"). A second description in
    the same clause narrows the first: "the orange one that has people in it"."""
    likeness = _LIKENESS.search(text)
    if likeness is not None:
        held = resolve(text[: likeness.start()] + _HELD + text[likeness.end() :], timeline)
        return Resolved(held.text.replace(_HELD, likeness.group(0)), held.problem, held.words)
    photos = _photos(timeline)
    if not photos:
        return Resolved(text)
    zh = has_cjk(text)
    for _ in range(3):  # "swap the dark one and the selfie": each description in turn
        found = _first_description(text, photos)
        if found is None:
            return Resolved(text)
        (start, end), matched = found
        words = text[start:end].strip()
        narrower = _first_description(text[end : end + 40], matched) if len(matched) > 1 else None
        if narrower is not None and narrower[1]:
            matched, end = narrower[1], end + narrower[0][1]
        elif len(matched) == 1:
            # "7月4号晚上拍的那张": one photo already, and the description right after it says the same one
            same = _first_description(text[end : end + 40], matched)
            if same is not None and same[1] and same[0][0] <= 1:
                end += same[0][1]
        if not matched:
            return Resolved(text, Command("no-photo", ((0, words),)), words)
        # "the two photos from july 3rd", "7月3号那两张": the plural may be said around the description
        around = text[max(0, start - 16) : end + 3]
        if len(matched) > 1 and not _PLURAL.search(around) and not _KEEPING.search(text[:start]):
            return Resolved(text, _asking(matched), words)
        counted = _COUNTED.search(text[max(0, start - 12) : end])
        if counted is not None and len(matched) > 1 and len(matched) != _COUNTS[counted.group(1) or counted.group(2)]:
            return Resolved(text, _asking(matched), words)  # "swap the two portrait ones" with four of them
        # Written the way the rules read a number in the clause's language.
        numbers = [p.number for p in matched]
        if zh:
            named = "和".join(f"第{n}张" for n in numbers)
        else:
            named = f" photo {numbers[0]} " if len(numbers) == 1 else f" photos {' and '.join(map(str, numbers))} "
        text = f"{text[:start]}{named}{text[end:]}"
    return Resolved(text)


def _first_description(text: str, photos: list[_Photo]) -> tuple[tuple[int, int], list[_Photo]] | None:
    best: tuple[tuple[int, int], list[_Photo]] | None = None
    for pattern, make in _DESCRIPTIONS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0][0]):
            best = ((m.start(), m.end()), make(m)(photos))
    named = _by_name(text, photos)
    if named is not None and (best is None or named[0].start() <= best[0][0]):  # a name beats a description
        best = ((named[0].start(), named[0].end()), named[1])
    return best
