"""Titles and captions: add (text in quotes), move, recolour, resize, remove."""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import (
    NO_AS_NONE,
    SECONDS,
    TAKE_AWAY,
    clip_indexes,
    clip_name_mentions,
    colour,
    duration_ms,
    one_of_several_texts,
    text_position,
)
from photoreel.agent.rules.common import mentions as mentions_of
from photoreel.agent.text import NUMBER, PLACEHOLDER, Clause, to_number
from photoreel.timeline import TextSegment
from photoreel.timeline.ops import AddText, RemoveText, UpdateText

_CAPTION = r"\bcaptions?\b|\bsubtitles?\b|\bsubs\b|字幕|说明文字"
_TITLE = r"\btitles?\b|\bheading\b|\bheadline\b|标题|大标题"
_ANY_TEXT = (
    rf"{_CAPTION}|{_TITLE}|\btext\b|\bfont\b|\blettering\b|\b(?:the|no|any) words\b|\bwords on (?:it|the screen)\b"
    r"|\bwriting\b"
    r"|文字|文本|字体|(?<![数])字(?!幕)"
)
# A noun for any text, title or caption alike: with both on the video, which is meant has to be asked.
_GENERIC_TEXT = r"\btext\b|\bthe words\b|\bwriting\b|\blettering\b|文字|文本|(?<![数])字(?!幕|体)"
_REMOVE = (
    r"^(?:the )?(?:title|caption|subtitles?|text)s?\s+off$|(?:标题|字幕|文字)(?:也)?关(?:掉|了|闭)"
    + "|"
    + TAKE_AWAY
    + "|"
    + NO_AS_NONE
    + r"|\bwithout\b|\b(?:title|caption|subtitles?|text) can go\s*$|取消"
)
_NTH_TEXT = re.compile(
    r"\b(?P<en>first|second|third|fourth|last)\s+(?P<enr>title|caption|subtitle|text)s?\b"
    r"|第(?P<zh>[一二三四\d])(?:个|条|行)(?P<zhr>标题|字幕|文字)"
)
# "the other caption", "另外一个字幕": of two texts of that kind, the one the conversation was not just about
_OTHER_TEXT = re.compile(
    r"\bthe other (?P<en>title|caption|subtitle|text)\b|另(?:外)?(?:一)?(?:个|条|行)(?P<zh>标题|字幕|文字)"
)
_ROLE_OF = {"caption": "caption", "subtitle": "caption", "字幕": "caption", "title": "title", "标题": "title"}
_ONE_TEXT = r"那行字|这行字|那段文字|这段文字|\bthe text\b|\bthe words\b|那个字|这个字"
_ALL_TEXTS = r"\ball\b|\bevery\b|\bboth\b|全部|所有|都|两个|两行"
_MOVE_TEXT = (
    r"\bmove\b|\bput\b|\bshift\b|移到|放到|挪到|换到|移动到|改到|放在|挪在"
    # "show the title on the last photo instead", "only show it on the sunset photo", "等到第三张的时候再出来"
    r"|\bshow\b.*\bon\b|\bappears?\b|\bcome (?:in|up|on)\b|出来|出现|显示在|等到"
)
_RANGE = re.compile(rf"(?:from\s*)?({NUMBER})\s*{SECONDS}?\s*(?:to|-|–|~|到|至)\s*({NUMBER})\s*{SECONDS}")
_ZH_RANGE = re.compile(rf"从?\s*第?({NUMBER})\s*秒\s*(?:到|至)\s*第?({NUMBER})\s*秒")
_FIRST = re.compile(rf"(?:for\s+)?(?:the\s+)?first\s+({NUMBER})\s*{SECONDS}|前\s*({NUMBER})\s*秒")
_LAST = re.compile(rf"(?:for\s+)?(?:the\s+)?last\s+({NUMBER})\s*{SECONDS}|最后\s*({NUMBER})\s*秒")
_WHOLE = r"whole video|entire video|throughout|all the way|全程|整个视频|一直"
_BIG = r"\b(big|bigger|large|larger|huge)\b|大号|大一点|大字|放大"
_SMALL = r"\b(small|smaller|tiny)\b|小号|小一点|小字|缩小"
_BOX = r"\bbox\b|\bbackground\b|\bbanner\b|背景框|底色|加底"
TITLE_DEFAULT_MS = 3000


def _timing(text: str, total_ms: int) -> tuple[int, int | None] | None:
    """(start, duration or None for 'to the end'), or None when the clause names no time."""
    for pattern in (_RANGE, _ZH_RANGE):
        m = pattern.search(text)
        if m:
            a, b = to_number(m.group(1)), to_number(m.group(2))
            if a is not None and b is not None and b > a:
                return round(a * 1000), round((b - a) * 1000)
    m = _FIRST.search(text)
    if m:
        value = to_number(next(g for g in m.groups() if g))
        if value is not None:
            return 0, round(value * 1000)
    m = _LAST.search(text)
    if m:
        value = to_number(next(g for g in m.groups() if g))
        if value is not None:
            length = round(value * 1000)
            return max(0, total_ms - length), None
    if re.search(_WHOLE, text):
        return 0, None
    spoken = duration_ms(text)
    if spoken is not None:
        return 0, spoken
    return None


def _style(text: str) -> dict[str, object]:
    changes: dict[str, object] = {}
    position = text_position(text)
    if position:
        changes["position"] = position
    chosen = colour(re.sub(_BOX + r".*", "", text)) if re.search(_BOX, text) else colour(text)
    if chosen:
        changes["color"] = chosen
    if re.search(_BIG, text):
        changes["size"] = 0.12
    elif re.search(_SMALL, text):
        changes["size"] = 0.045
    if re.search(_BOX, text):
        after_box = re.split(_BOX, text, maxsplit=1)[-1]
        changes["background"] = colour(after_box) or "black"
        changes["shadow"] = False
    return changes


_RENAME = (
    r"\brename\b|\bretitle\b|\bchange\b|\bswitch\b|\breplace\b|\bupdate\b|\bedit\b"
    r"|\bmake (?:it|that|the \w+) (?:say|read)\b|\binstead\b|改成|换成|改为|改叫|变成|换为|改一下"
    # "the title is wrong, it should say X", "字写错了，应该是…": a correction of words already there
    r"|\bshould (?:say|read)\b|\bis (?:wrong|misspelled|spelled wrong)\b|写错了?|打错了?|应该是|应该写"
    r"|\b(?:can|could|would) the (?:title|caption|text) (?:say|read)\b"
)
_AT_END = (
    r"\bat the end\b|\bat the very end\b|\bon the (?:last|final)\b|\bending\b|^(?:end|finish|close) with\b"
    r"|结尾|最后|末尾"
)
_AT_START = r"\bat the (?:start|beginning)\b|\bopening\b|^(?:open|start|begin) with\b|开头|开始|片头"


def _remembered(view: View, matching: list[int]) -> int:
    """Of the texts a clause could mean, the one the conversation was last about, else the newest."""
    index = view.memory.subject_index
    if view.memory.subject in ("title", "caption", "text") and index in matching:
        return index
    return matching[-1]


def _renamed(text: str, role: str, view: View) -> int | Command | None:
    """The text a rename is about ("rename the title to X", "actually make it say Hi"), a question when several
    could be meant, or None when the clause renames nothing."""
    texts = view.timeline.texts
    memory = view.memory
    about_text = memory.subject in ("title", "caption", "text")
    if not re.search(_RENAME, text) and not (
        (about_text or memory.subject == "text")
        and re.search(
            r"\bmake (?:it|that)\b|\bcall it\b|\bi meant?\b|\bactually\b|\bshould (?:say|read|be)\b"
            r"|改成|换成|改为|应该是",
            text,
        )
    ):
        return None
    role_named = re.search(_CAPTION + "|" + _TITLE, text) is not None
    generic = re.search(_GENERIC_TEXT, text) is not None and not role_named
    unsure = memory.subject == "text" and memory.subject_index is None  # "the text is wrong" with two on it
    unnamed = not role_named and not about_text  # "it should say X", nothing said of which text
    if len(texts) > 1 and (unsure or generic or unnamed) and not (about_text and memory.subject_index is not None):
        return Command("which-text", tuple((i, t.text) for i, t in enumerate(texts)))
    if generic and len(texts) == 1:
        return 0  # "change the words to …": the one text there is, title or caption
    if not re.search(_ANY_TEXT, text) and memory.subject in ("title", "caption", "text"):
        index = memory.subject_index
        return index if index is not None and index < len(texts) else (len(texts) - 1 if texts else None)
    same = [i for i, t in enumerate(texts) if t.role == role]
    one_of_several = one_of_several_texts(text, view.timeline, same)
    if one_of_several is not None:
        return one_of_several  # "rename the title to Hello" with two titles
    if about_text and memory.subject_index in same:
        return memory.subject_index
    if len(same) > 1:
        return Command("which-text", tuple((i, texts[i].text) for i in same))
    return same[-1] if same else None


def _over_photo(text: str, view: View) -> tuple[int, int | None] | None:
    """Shown while a photo named in the clause is ("over the first photo", "at the end", "在第一张上")."""
    timeline = view.timeline
    starts = timeline.segment_starts()
    said = mentions_of(text, timeline) + clip_name_mentions(text, (), timeline)  # "over the beach video"
    named = [m.index for m in sorted(said, key=lambda m: m.start) if m.index is not None]
    named = [i for i in named if i < len(timeline.segments)]
    clips = clip_indexes(timeline)
    if not named and len(clips) == 1 and re.search(r"\b(?:over|on|onto) the (?:video )?clip\b|视频片段上", text):
        named = clips  # "put the caption over the clip": the one clip there is
    if named:
        i = named[0]
    elif (
        view.memory.subject in ("photo", "clip")
        and view.memory.subject_index is not None
        and view.memory.subject_index < len(timeline.segments)
        and re.search(
            r"\b(?:on|over|onto|across) (?:it|that one|that photo|this one|this photo)\b|在它上|它上面|给它", text
        )
    ):
        i = view.memory.subject_index  # "move the sunset to the end and put a caption on it"
    elif re.search(_AT_END, text) and timeline.segments:
        i = len(timeline.segments) - 1
    elif re.search(_AT_START, text) and timeline.segments:
        i = 0
    else:
        return None
    return starts[i], timeline.segments[i].duration_ms


# "写错了，应该是上海" right after a title: the words it should show. Only a short bare phrase, and nothing that
# reads as a setting ("应该是竖的", "是五秒").
_ZH_MEANT = re.compile(
    r"^(?:(?:不对|(?:名字|字|标题|字幕|文字)?(?:写错了|打错了|错了|说错了|搞错了|弄错了)|不是)[，,\s]*)*(?:应该是"
    r"|应该叫|应该写|改成|换成|是|叫)\s*"
    r"[「“\"']?(?P<t>[^\s，。！？「」“”\"'§]{1,20}?)[」”\"']?\s*(?:吧|才对|才是|啊|呀)?[。！!]*$"
)
_NOT_BUT = re.compile(r"\b(?:it'?s|its|it is|is|should be)\s+(\w+)\s*,?\s+not\s+(\w+)\b")
_SETTING_WORDS = re.compile(r"竖|横|方|秒|分钟|%|张|色|大|小|快|慢|长|短|\d|[一二三四五六七八九十两]")


def _meant_words(text: str, view: View) -> list[Step] | None:
    memory = view.memory
    index = memory.subject_index
    if memory.subject not in ("title", "caption", "text") or index is None or index >= len(view.timeline.texts):
        return None
    swapped = _NOT_BUT.search(text)
    if swapped:
        # "oops, it's Tim not Tom": the one word put right, written as the old one was (its capitals)
        new, old = swapped.group(1), swapped.group(2)
        words = view.timeline.texts[index].text
        at = words.lower().find(old)
        if at >= 0:
            was = words[at : at + len(old)]
            fixed = new.capitalize() if was[:1].isupper() else new
            return [Edit(UpdateText(index, (("text", words[:at] + fixed + words[at + len(old) :]),)))]
    spelled = _SPELLED.search(text)
    if spelled:
        # "oops its Liza with a z": the word nearest to it put right, written as the old one was
        fixed_words = _nearest_word_put_right(view.timeline.texts[index].text, spelled.group(1))
        if fixed_words is not None:
            return [Edit(UpdateText(index, (("text", fixed_words),)))]
    m = _ZH_MEANT.match(text)
    if m is None:
        return None
    fixed = _part_put_right(view.timeline.texts[index].text, m.group("t"))
    if fixed is not None:
        return [Edit(UpdateText(index, (("text", fixed),)))]
    near = Levenshtein.normalized_similarity(m.group("t"), view.timeline.texts[index].text) >= 0.5
    if _SETTING_WORDS.search(m.group("t")) and not near:  # "是五秒" is a length; "是外婆九十一大寿" the words
        return None
    return [Edit(UpdateText(index, (("text", m.group("t")),)))]


_SPELLED = re.compile(r"\b(?:it'?s|its|it is|should be|spelled?)\s+([a-z]+)\s+with an?\s+[a-z]\b")


def _nearest_word_put_right(words: str, meant: str) -> str | None:
    """`words` with the one word a slip away from `meant` ("Lisa" for "liza") replaced by it, its capitals kept."""
    best = None
    for m in re.finditer(r"[A-Za-z]+", words):
        distance = Levenshtein.distance(m.group(0).lower(), meant)
        if 0 < distance <= 2 and m.group(0)[0].lower() == meant[0] and (best is None or distance < best[0]):
            best = (distance, m)
    if best is None:
        return None
    old = best[1]
    new = meant.capitalize() if old.group(0)[0].isupper() else meant
    return words[: old.start()] + new + words[old.end() :]


def _part_put_right(words: str, meant: str) -> str | None:
    """`words` with the part `meant` corrects put right ("奶奶九十大寿" + "是九十一大寿" -> "奶奶九十一大寿",
    "小明生日快乐" + "是小鸣" -> "小鸣生日快乐"): the stretch of about its length nearest to it in edits, when it
    is near enough to be a slip of the keyboard; None when `meant` is the whole new text."""
    if len(meant) >= len(words):
        return None
    best: tuple[int, int, int, int] | None = None  # (distance, length difference, start, end)
    for size in range(max(1, len(meant) - 1), len(meant) + 2):
        for start in range(len(words) - size + 1):
            distance = Levenshtein.distance(meant, words[start : start + size])
            key = (distance, abs(size - len(meant)), start, start + size)
            best = key if best is None or key < best else best
    if best is None or best[0] == 0 or best[0] > max(1, len(meant) // 2) or best[0] >= len(meant):
        return None
    return words[: best[2]] + meant + words[best[3] :]


def _named_by_its_words(clause: Clause, view: View) -> list[Step] | None:
    """ "the title says Summer Trip but it should be Summer Trip 2024", "把Day one改成“第一天”": a text named by
    what it shows, and the words it should show instead."""
    if not re.search(r"\bshould\b|\binstead\b|\bto\b|\binto\b|改成|换成|改为|应该|变成", clause.text):
        return None
    placed = [q for k, q in enumerate(clause.quotes) if PLACEHOLDER.format(k) in clause.text]
    texts = view.timeline.texts
    for k, words in enumerate(placed[:-1] if len(placed) > 1 else []):
        same = [i for i, t in enumerate(texts) if t.text.lower() == words.lower()]
        if same and placed[k + 1].lower() != words.lower():
            return [Edit(UpdateText(same[0], (("text", placed[k + 1]),)))]
    if len(placed) == 1:
        bare = clause.text.replace(PLACEHOLDER.format(clause.quotes.index(placed[0])), " ")
        same = [i for i, t in enumerate(texts) if len(t.text) > 1 and t.text.lower() in bare]
        if len(same) == 1:
            return [Edit(UpdateText(same[0], (("text", placed[0]),)))]
    return None


# "we only need the title", "留个标题就行": every other text goes
_ONLY_ROLE = re.compile(
    r"\b(?:keep only|only keep|just keep|keep just|leave only|only (?:need|want)|just (?:need|want))\s+(?:the\s+)?"
    r"(?P<en>title|caption)s?\b(?!\s+(?:to|at|on|in|bigger|smaller))"
    r"|(?:只留|只保留|只要|留个|留下|保留)(?P<zh>标题|字幕)(?:就(?:行|好|可以|够)了?|$)"
)


def _only_role(text: str, view: View) -> list[Step] | None:
    m = _ONLY_ROLE.search(text)
    if m is None:
        return None
    role = "caption" if (m.group("en") or m.group("zh")) in ("caption", "字幕") else "title"
    texts = view.timeline.texts
    if not any(t.role == role for t in texts):
        return [Command("absent", ((0, role),))]
    return [Edit(RemoveText(i)) for i in reversed(range(len(texts))) if texts[i].role != role] or None


# "the caption is covering my sister's face", "字幕挡住脸了": moved out of the way, to the other edge
_IN_THE_WAY = re.compile(
    r"\b(?:cover(?:s|ing)?|block(?:s|ing)?|hid(?:es|ing)|over|on top of|in front of)\b.{0,25}\b(?:faces?|heads?|eyes)\b"
    r"|\bin the way\b|挡住|遮住|挡着|遮着|盖住|挡到|遮到"
)


def _out_of_the_way(text: str, view: View) -> list[Step] | None:
    if not _IN_THE_WAY.search(text):
        return None
    texts = view.timeline.texts
    role = "caption" if re.search(_CAPTION, text) else "title" if re.search(_TITLE, text) else None
    same = [i for i, t in enumerate(texts) if role is None or t.role == role]
    if not same:
        return None
    if len(same) > 1:
        return [Command("which-text", tuple((i, texts[i].text) for i in same))]
    i = same[0]
    return [Edit(UpdateText(i, (("position", "bottom" if texts[i].position == "top" else "top"),)))]


def texts(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    quoted = clause.quote()
    only = _only_role(text, view) if quoted is None else None
    if only is not None:
        return only
    moved = _out_of_the_way(text, view) if quoted is None and re.search(_ANY_TEXT, text) else None
    if moved is not None:
        return moved
    mentions = re.search(_ANY_TEXT, text)
    timeline = view.timeline
    by_words = _named_by_its_words(clause, view) if timeline.texts and clause.quotes else None
    if by_words is not None:
        return by_words
    if quoted is None:
        meant = _meant_words(text, view)  # "名字写错了，是小鸣": the words put right, whatever noun came with them
        if meant is not None or not mentions:
            return meant
    role = "caption" if re.search(_CAPTION, text) else "title"
    if quoted is None:
        named: list[int] | None = None  # "the second caption": that one text, whatever else the clause says
        nth = _NTH_TEXT.search(text)
        if nth:
            kind = (
                "caption"
                if (nth.group("enr") or nth.group("zhr") or "") in ("caption", "subtitle", "字幕")
                else "title"
            )
            same = [i for i, t in enumerate(timeline.texts) if t.role == kind]
            word = nth.group("en") or nth.group("zh")
            k = {"first": 1, "second": 2, "third": 3, "fourth": 4, "一": 1, "二": 2, "三": 3, "四": 4}.get(word)
            k = k if k is not None else (len(same) if word == "last" else int(word))
            if not 1 <= k <= len(same):
                return [Command("absent", ((0, kind),))]
            text = text[: nth.start()] + f"the {kind}" + text[nth.end() :]
            named = [same[k - 1]]
        other = _OTHER_TEXT.search(text) if named is None else None
        if other is not None:
            kind = other.group("en") or other.group("zh")
            role = _ROLE_OF.get(kind, "")
            same = [i for i, t in enumerate(timeline.texts) if not role or t.role == role]
            about = view.memory.subject_index if view.memory.subject in ("title", "caption", "text") else None
            others = [i for i in same if i != about]
            if about not in same or len(others) != 1:
                return [Command("which-text", tuple((i, timeline.texts[i].text) for i in same))] if same else None
            text = text[: other.start()] + f"the {role or 'text'}" + text[other.end() :]
            named = others
        matching = named or [i for i, t in enumerate(timeline.texts) if re.search(_ANY_TEXT, text) and t.role == role]
        if (
            (re.search(_ONE_TEXT, text) or (re.search(_GENERIC_TEXT, text) and not re.search(_ALL_TEXTS, text)))
            and not re.search(_CAPTION + "|" + _TITLE, text)
            and len(timeline.texts) > 1
            and view.memory.subject not in ("title", "caption", "text")
            and named is None
        ):
            return [Command("which-text", tuple((i, t.text) for i, t in enumerate(timeline.texts)))]
        if not matching and timeline.texts and re.search(r"\btext\b|文字|文本", text):
            matching = list(range(len(timeline.texts)))
        every = named is None and re.search(_ALL_TEXTS, text) is not None
        if every and re.search(_GENERIC_TEXT, text) and not re.search(_CAPTION + "|" + _TITLE, text):
            matching = list(range(len(timeline.texts)))  # "文字都改成白色": the title and the captions alike
        unsure = one_of_several_texts(text, timeline, matching) if named is None else None
        if re.search(_REMOVE, text):
            if unsure is not None:
                return [unsure]
            if not matching:
                return [
                    Command(
                        "absent", ((0, "caption" if role == "caption" else "text" if not timeline.texts else role),)
                    )
                ]
            return [Edit(RemoveText(i)) for i in sorted(matching, reverse=True)]
        changes = _style(text)
        timing = _timing(text, timeline.duration_ms)
        if timing is None and re.search(_MOVE_TEXT, text):
            timing = _over_photo(text, view)  # "move the caption to the red one"
            if timing is not None:
                changes.pop("position", None)  # "to the last photo" is a time, not the bottom of the frame
        if timing is not None:
            changes["start_ms"], changes["duration_ms"] = timing
        if changes and not matching:
            return [Command("absent", ((0, role if timeline.texts else "text"),))]
        if matching and changes:
            if unsure is not None:
                return [unsure]
            if every:
                return [Edit(UpdateText(i, tuple(changes.items()))) for i in matching]  # "make all captions yellow"
            index = _remembered(view, matching)
            return [Edit(UpdateText(index, tuple(changes.items())))]
        return None
    number = re.fullmatch(rf"\s*{NUMBER}\s*", quoted)
    if number and not mentions:
        return None  # a quoted number is not a title
    renamed = _renamed(text, role, view)
    if isinstance(renamed, Command):
        return [renamed]
    if renamed is not None:
        return [Edit(UpdateText(renamed, (("text", quoted),)))]
    total = timeline.duration_ms
    rest = text.replace(f"§{clause.quotes.index(quoted)}§", "")
    timing = _timing(rest, total) or _over_photo(rest, view)
    if timing is None:
        timing = (0, min(TITLE_DEFAULT_MS, total) if role == "title" and total else None)
    start, length = timing
    segment = TextSegment(
        quoted,
        start_ms=start,
        duration_ms=length,
        role=role,
        position="bottom" if role == "caption" else "center",
        size=0.05 if role == "caption" else 0.08,
    )
    segment = replace(segment, **_style(text))  # type: ignore[arg-type]
    return [Edit(AddText(segment))]
