"""The conversation around a clause: what "it" and "that" are, what "actually make it 5" corrects, what "the
same for the caption" repeats. Each reading is a rewrite of the clause into words the rules already understand,
built from the agent's memory of the last understood clause (agent/memory.py)."""

from __future__ import annotations

import dataclasses
import re

from photoreel.agent import markers
from photoreel.agent.memory import Memory
from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.references import resolve
from photoreel.agent.rules.common import COLOURS, SAME_LENGTH, mentions, photo_indexes
from photoreel.agent.rules.common import duration_ms as duration_of
from photoreel.agent.text import NUMBER, PLACEHOLDER, Clause, has_cjk, to_number
from photoreel.timeline import ClipSegment, Timeline, ops

_CORRECTION = re.compile(
    rf"^(?:(?:{markers.EN}|rather|i said|make that|change (?:that|it) to|instead|go back to|back to)\b[\s,.—–!-]*)+"
    rf"|^(?:(?:{markers.ZH}|其实|还是|我是说|我说的是|我的意思是|应该是|(?:不好意思|抱歉"
    r"|sorry)(?=[，,\s]*(?:我说的是|我是说|我的意思是|应该是|是))|不)[，,\s]*)+"
)
_INSTEAD = re.compile(
    r"[\s,]*\b(?:instead|then|rather|actually|is better|is more \w+|would be better|use that|please)\b.*$"
    r"|\s*(?:吧|好了|就好|就行|就够了|才对|比较好|更好)\s*$"
)
# "too slow, make it 4" after "each photo 5 seconds": a number alone, no unit, can only be the last one's again
_BARE_CORRECTION = re.compile(rf"(?:make it|make that|set it to|change it to|do|try|改成|就|要)\s*(?:{NUMBER})")
_FILLER = re.compile(
    r"^(?:(?:make|set|change|do|use|try|cut|trim|shorten|go with|let'?s (?:do|go with|make it|try)|let it be"
    r"|how about|what about)\s+)?"
    r"(?:it|that|them|each|each one|every one)?\s*(?:to|at|be)?\s*"
)
_FILLER_ZH = re.compile(r"^(?:改成|换成|改为|调成|设成|用|要|就|弄成|做成|每张|是)\s*")
_VALUE = re.compile(
    rf"^\s*({NUMBER})\s*(s|sec|secs|seconds?|ms|%|percent|fps|秒|秒钟|帧|minutes?|mins?|分钟)?"
    r"\s*(?:each|apiece|per photo)?\s*$"
)
_NUMBER_WITH_UNIT = re.compile(
    rf"({NUMBER})(\s*)(s|sec|secs|seconds?|ms|%|percent|fps|秒钟|秒|帧|minutes?|mins?|分钟)?(?![a-z\d])"
)
_SAME = re.compile(
    # "too" as "as well", not "too much text" / "too dark"
    r"\b(?:the same|same thing|same for|do the same|likewise|that too|as well|too(?!\s+(?:much|many|\w+(?:er|y)\b|"
    r"loud|quiet|fast|slow|long|short|big|small|dark|bright|busy|bad|hard|low|high))|and also|also)\b"
    r"|也一样|也是|也这样|也这么|也照这样|同样|一样"
    r"|也要|还有|以及"
)
_PRONOUN = re.compile(
    r"\bthe one (?:i|you) just (?:moved|added|changed|put there)\b|\b(?:that one|this one|it|that|this|them)\b"
    r"|刚才(?:那|这)(?:张|个|一张)|刚(?:挪|移|放|加)的(?:那张|那个)|它|这张|那张|这个|那个|这段|那段|这一张|那一张"
)
RECENT = 5  # photos remembered as spoken of: "those two", "the first one I mentioned"
_PHOTO_PRONOUN = re.compile(r"\b(?:that|this) (?:photo|picture|pic|image|shot)\b|(?:那张|这张)(?:照片|图片|图)?")
_MENTION = re.compile(
    r"(?<!each )(?<!every )\bphoto \d+\b|第\d+张|\bclip \d+\b|\b(?:the )?(?:title|caption|music|clip)\b"
    r"|标题|字幕|音乐|视频片段|视频"
)


def correction(text: str, memory: Memory) -> str | None:
    """ "actually make it 5" after "each photo 4 seconds": the last clause with its number replaced."""
    marked = _CORRECTION.search(text) or _INSTEAD.search(text) or text.startswith("不是")
    if not memory.last_clause or not (marked or _BARE_CORRECTION.fullmatch(text.strip(" ,.!?，。！"))):
        return None
    rest = _INSTEAD.sub("", _CORRECTION.sub("", text)).strip(" ,.!?，。！")
    end_put_right = _END_PUT_RIGHT.fullmatch(rest)
    moved_to = _MOVED_TO_END.search(memory.last_clause)
    if end_put_right is not None and moved_to is not None:
        # "put the sunset photo first" / "no, last": the place put right, not the last photo meant
        if end_put_right.group(1):
            return memory.last_clause[: moved_to.start()] + " " + end_put_right.group(1)
        return memory.last_clause[: moved_to.start()] + "放到" + end_put_right.group(2)
    ref = _only_reference(text)
    if ref is not None and memory.reference and memory.subject not in ("", "ask"):
        return memory.last_clause.replace(memory.reference, f" {_with_noun(ref, memory.reference)} ", 1)
    swapped = _word_put_right(rest, memory.last_clause) or _pair_put_right(rest, memory.last_clause)
    if swapped is not None:
        return swapped
    # Another verb for the same photo needs a correction said ("不对，我是说…"): "删了吧" alone is its own request.
    said_no = _CORRECTION.search(text) is not None or text.startswith("不是")
    verb = _verb_put_right(rest, memory) if said_no else None
    if verb is not None:
        return verb
    moved = _place_put_right(rest, memory.last_clause)
    if moved is not None:
        return moved
    rest = _FILLER_ZH.sub("", _FILLER.sub("", rest, count=1).strip(), count=1).strip()
    value = _VALUE.match(rest) or _VALUE.match(re.split(r"\s+(?:is|would|sounds|looks|seems)\b", rest)[0])
    if value is None:
        return _other_colour(rest, memory.last_clause)
    # The number said with a unit ("make photo 4 5 seconds": the 5), else the last one.
    numbers = list(_NUMBER_WITH_UNIT.finditer(memory.last_clause))
    with_unit = [n for n in numbers if n.group(3)]
    candidates = with_unit or numbers
    if not candidates:
        return None
    old = candidates[-1]
    unit = value.group(2) or old.group(3) or ""
    return memory.last_clause[: old.start()] + value.group(1) + old.group(2) + unit + memory.last_clause[old.end() :]


_END_PUT_RIGHT = re.compile(r"(?:the )?(first|last)(?: one| place| position)?|(最后|最前面|最前|开头|结尾)(?:吧|才对)?")
_MOVED_TO_END = re.compile(
    r"\s(?:first|last|to the (?:start|end|front|back|beginning)|at the (?:start|end|beginning))\s*$"
    r"|(?:放|挪|移)(?:到|在)?(?:最前面|最前|最后|开头|结尾|第一个?)\s*$"
)
# "i said bottom not top", "是2和3", "我是说放到最前面": a word, a pair or the verb of the last clause put right.
_NOT_THAT = re.compile(
    r"^(?:i said |i meant |i mean |it'?s |make it |it should be |should be )?(?:the )?([a-z-]+),?\s+"
    r"not (?:the )?([a-z-]+)$"
    r"|^(?:是)?(\S{1,6}?)[，,\s]*(?:不是|而不是)(\S{1,6})$"
)
_NOT_THAT_ZH = re.compile(r"^不是(\S{1,6}?)[，,\s]*(?:是|而是)(\S{1,6})$")
_PAIR = re.compile(
    r"(\d+|[一二三四五六七八九十]{1,2})\s*张?\s*(?:和|跟|与|and|&|with)\s*(?:photo\s*|第)?(\d+|[一二三四五六七八九十]{1,2})"
)
_ACTION = re.compile(
    r"\b(?:swap|switch|exchange|move|put|place|delete|remove|drop|cut)\b|换一下|交换|互换|对调|移|挪|放到|放在|放最"
    r"|删|去掉"
)
_SAID_MEANT = re.compile(
    r"^(?:我是说|我的意思是|我想|我要|是要|是)\s*|^(?:i meant|i mean|i wanted(?: to)?|i want(?: to)?)\s+"
)


def _word_put_right(rest: str, last: str) -> str | None:
    m = _NOT_THAT.match(rest)
    new, old = (m.group(1) or m.group(3), m.group(2) or m.group(4)) if m else (None, None)
    z = _NOT_THAT_ZH.match(rest)
    if z is not None:
        old, new = z.group(1), z.group(2)
    if not new or not old or new == old:
        return None
    pattern = rf"\b{re.escape(old)}\b" if old.isascii() else re.escape(old)
    return re.sub(pattern, new, last, count=1) if re.search(pattern, last) else None


def _pair_put_right(rest: str, last: str) -> str | None:
    """ "不对 是2和3" after "1和2换一下": the other pair."""
    said, before = _PAIR.fullmatch(rest.removeprefix("是").strip()), _PAIR.search(last)
    if said is None or before is None:
        return None
    joint = before.group(0)[len(before.group(1)) : -len(before.group(2))]  # " and ", "和"
    a, b = (
        f"{to_number(said.group(k)) or said.group(k):g}" if not said.group(k).isdigit() else said.group(k)
        for k in (1, 2)
    )
    return f"{last[: before.start()]}{a}{joint}{b}{last[before.end() :]}"


_PUT_ZH = r"放到|移到|挪到|放在|调到|排到|放"
# "不对，放到第三个" after "把视频片段放到第二个": a place in a Chinese clause
_PLACE_ZH_PATTERN = (
    r"第\S{1,3}?(?:个|张|位)|最前面?|最后面?|开头|结尾|中间|前面|后面|前边|后边|上面|下面|左上角|右上角|左下角|右下角"
    r"|左边|右边|顶部|底部|中央"
)


# Where something goes: "to the end", "at the top", "before photo 3", "in the middle".
_PLACE_EN = re.compile(
    r"\b(?P<prep>to|at|in|into|onto)\s+(?:the\s+)?(?:very\s+)?(?P<where>start|end|front|beginning|back|middle|top"
    r"|bottom|left|right|centre|center|top left|top right|bottom left|bottom right)\b"
    r"|\b(?P<side>before|after|behind|in front of|right before|right after|just before|just after)"
    r"(?=\s+(?:photo \d+|it\b|that\b|the \w+))"
)
_SAID_PLACE_EN = re.compile(
    r"(?:(?:put|move|place|have) it\s+|it goes\s+|it should (?:go|be)\s+|make it\s+)?"
    r"(?:(?P<prep>to|at|in|into|onto)\s+(?:the\s+)?(?:very\s+)?(?P<where>[a-z]+(?: [a-z]+)?)"
    # "hmm no, bottom" after "put the title at the top": the place word alone
    r"|(?P<bare>top|bottom|start|end|front|beginning|middle|left|right|centre|center)"
    r"|(?P<side>before|after|behind|in front of)(?:\s+(?:it|that|that one|them))?)"
)
_PLACE_IN_ZH = re.compile(rf"(?:{_PLACE_ZH_PATTERN})")
_SAID_PLACE_ZH = re.compile(
    rf"(?:是|应该是|要|放|要放|应该放)?(?:{_PUT_ZH})?(?P<where>{_PLACE_ZH_PATTERN})(?:吧|才对|去)?"
)


def _place_put_right(rest: str, last: str) -> str | None:
    """ "no, at the start" after "put photo 3 at the end", "no, before it" after "put photo 2 after photo 3",
    "不对，是后面" after "第5张放到第3张前面": the last clause with its place put right."""
    said = _SAID_PLACE_EN.fullmatch(rest)
    if said is not None:
        places = list(_PLACE_EN.finditer(last))
        where = said.group("where") or said.group("bare")
        ending = re.search(r"\b(?:first|last)\s*$", last)
        if not places and ending is not None and where:  # "no wait, at the end" after "put the sunset pic first"
            return f"{last[: ending.start()]}to the {where}"
        if not places:
            return None
        at = places[-1]
        if said.group("side") and at.group("side"):  # "before it": the same photo as before, the other side
            return f"{last[: at.start('side')]}{said.group('side')}{last[at.end('side') :]}"
        if where and at.group("where"):
            return f"{last[: at.start('where')]}{where}{last[at.end('where') :]}"
        return None
    said_zh = _SAID_PLACE_ZH.fullmatch(rest)
    places_zh = list(_PLACE_IN_ZH.finditer(last))
    if said_zh is None or not places_zh:
        return None
    at = places_zh[-1]
    return f"{last[: at.start()]}{said_zh.group('where')}{last[at.end() :]}"


def _verb_put_right(rest: str, memory: Memory) -> str | None:
    """ "不对不对，我是说放到最前面" after deleting the darkest photo: the same photo, another action."""
    said = _SAID_MEANT.sub("", rest).strip()
    if not memory.reference or memory.subject != "photo" or not _ACTION.search(said):
        return None
    if _only_reference(said) is not None or _MENTION.search(said) or not _ACTION.search(memory.last_clause):
        return None
    return f"{memory.reference.strip()} {said}" if has_cjk(said) else f"{said} {memory.reference.strip()}"


def undo_first(text: str, memory: Memory) -> bool:
    """A correction that names another photo ("wait no, I meant the selfie"), or corrects an action rather than a
    value ("1和2换一下" / "不对 是2和3"), replaces the last edit."""
    if memory.subject != "ask" and wrong_way(text, memory) is not None:
        return True
    marked = bool(_CORRECTION.search(text) or text.startswith("不是"))
    if memory.subject == "ask" or not marked or not memory.last_clause:
        return False
    if _only_reference(text) is not None:
        return memory.subject != ""
    # An addition put right is made once: "add a title … at the top" / "i said bottom not top" is one title.
    return _ACTION.search(memory.last_clause) is not None or _ADDING.search(memory.last_clause) is not None


_ADDING = re.compile(r"\b(?:add|insert)\b|加|添|插入")
_OPPOSITE = re.compile(
    r"^(?:(?:no|and|actually|hmm+|ok|now)[,\s]+)?(?:the |go the |do it the |make it go the )?"
    r"(?:other way(?: round| around)?|opposite(?: way| direction)?|reverse direction|other direction)"
    r"(?:\s+(?:please|instead))?$"
    r"|^(?:(?:不对|哎)[，,\s]*)?(?:反过来|反方向|换个方向|方向反过来|方向反一下|反一下|反了|方向反了|弄反了"
    r"|搞反了)(?:吧|呢|啊)?"
)
_DIRECTIONS = (
    (r"\b(slide|wipe|pan)left\b", r"\1right"),
    (r"\b(slide|wipe|pan)right\b", r"\1left"),
    (r"\b(slide|pan)up\b", r"\1down"),
    (r"\b(slide|pan)down\b", r"\1up"),
    (r"\bleft\b", "right"),
    (r"\bright\b", "left"),
    (r"\bup(wards?)?\b", "down"),
    (r"\bdown(wards?)?\b", "up"),
    (r"\b(zoom(?:s|ing)?)\s+in\b", r"\1 out"),
    (r"\b(zoom(?:s|ing)?)\s+out\b", r"\1 in"),
    ("左", "右"),
    ("右", "左"),
    ("上", "下"),
    ("下", "上"),
    ("放大", "缩小"),
    ("缩小", "放大"),
    ("推近", "拉远"),
    ("拉远", "推近"),
)


# "反了，我要大一点" after "音乐调小一点": the last change went the wrong way; taken back and made the other way.
_WRONG_WAY = re.compile(
    r"^(?:(?:no|oops|wait|actually|sorry)[,\s]+)*(?:wrong way|the wrong way|other way round|backwards)\b"
    r"|^(?:(?:不对|哎)[，,\s]*)?(?:反了|搞反了|弄反了|方向反了|说反了)"
)
_LEVELS = (
    (r"\blouder\b", "quieter"),
    (r"\bquieter\b", "louder"),
    (r"\blonger\b", "shorter"),
    (r"\bshorter\b", "longer"),
    (r"\bbigger\b", "smaller"),
    (r"\bsmaller\b", "bigger"),
    (r"\bfaster\b", "slower"),
    (r"\bslower\b", "faster"),
    (r"\bhigher\b", "lower"),
    (r"\blower\b", "higher"),
    ("长", "短"),
    ("短", "长"),
    ("快", "慢"),
    ("慢", "快"),
    ("高", "低"),
    ("低", "高"),
    ("大", "小"),
    ("小", "大"),
)


def wrong_way(text: str, memory: Memory) -> str | None:
    """ "反了" / "wrong way" after a change up or down: the last clause turned round, to make after an undo."""
    if not memory.last_clause or not _WRONG_WAY.search(text.strip()):
        return None
    return _turned(memory.last_clause, _DIRECTIONS + _LEVELS)


def opposite(text: str, memory: Memory) -> str | None:
    """ "other way" / "反过来" after a slide left or a zoom in: the last clause with its direction turned round."""
    if not memory.last_clause or not _OPPOSITE.search(text.strip(" ,.!?，。！")):
        return None
    return _turned(memory.last_clause, _DIRECTIONS)  # nothing with a direction: "反过来" is the photos' order


def _turned(clause: str, pairs: tuple[tuple[str, str], ...]) -> str | None:
    marks: list[str] = []
    turned = clause
    for pattern, other in pairs:

        def mark(m: re.Match[str], other: str = other) -> str:
            marks.append(m.expand(other))
            return f"\x00{len(marks) - 1}\x00"

        turned = re.sub(pattern, mark, turned)
    if not marks:
        return None
    return re.sub(r"\x00(\d+)\x00", lambda m: marks[int(m.group(1))], turned)


def _other_colour(rest: str, last: str) -> str | None:
    """ "make the title blue / hmm no, black": the last clause with its colour word replaced."""
    new = _COLOUR_WORD.fullmatch(rest)
    old = _COLOUR_WORD.search(last)
    if new is None or old is None:
        return None
    return last[: old.start()] + new.group(0) + last[old.end() :]


_COLOUR_WORD = re.compile(
    "|".join(rf"\b{w}\b" if w.isascii() else re.escape(w) for w in sorted(COLOURS, key=len, reverse=True))
)


def _reference(text: str, timeline: Timeline) -> str | None:
    """The words that name a photo, clip, text or the music in `text` ("the first photo", "photo 2", "the caption")."""
    found = mentions(text, timeline)
    if found:
        return text[found[0].start : found[0].end].strip()
    m = _MENTION.search(text)
    return m.group(0) if m else None


_THE_REST = re.compile(
    r"\b(?:the rest(?: of (?:them|the photos|the pictures))?|the others|the other (?:ones|photos|pictures|pics)"
    r"|all the others|everything else)\b|其他的?(?:照片|几张|那几张)?|其余的?(?:照片|几张)?|剩下的(?:照片|几张)?"
)


def for_the_rest(text: str, memory: Memory, timeline: Timeline) -> str | None:
    """ "same for the rest" after "make the first three photos 2 seconds": the last clause again, for the photos
    it did not name."""
    if not memory.last_clause or not _SAME.search(text) or not _THE_REST.search(text):
        return None
    named = [m for m in mentions(memory.last_clause, timeline) if m.index is not None and m.kind == "photo"]
    if not named:
        return None
    said = {m.index for m in named}
    rest = [n + 1 for n, i in enumerate(photo_indexes(timeline)) if i not in said]
    if not rest:
        return None
    start, end = min(m.start for m in named), max(m.end for m in named)
    zh = has_cjk(memory.last_clause)
    name = "和".join(f"第{n}张" for n in rest) if zh else f" photos {' and '.join(map(str, rest))} "
    if len(rest) == 1:
        name = f"第{rest[0]}张" if zh else f" photo {rest[0]} "
    return memory.last_clause[:start] + name + memory.last_clause[end:]


def the_others(text: str, memory: Memory, timeline: Timeline) -> str | None:
    """ "the other ones shorter, 2 seconds each" right after an edit on the second photo, "其他的都改成2秒": the
    photos that edit was not about, by their numbers."""
    m = _THE_REST.search(text)
    if m is None or _SAME.search(text) or memory.subject != "photo" or not memory.last_many:
        return None
    about = set(memory.recent[: memory.last_many])
    photos = photo_indexes(timeline)
    rest = [n for n, i in enumerate(photos, 1) if timeline.segments[i].media_id not in about]
    if not rest or len(rest) == len(photos):
        return None
    zh = has_cjk(text)
    if len(rest) == 1:
        name = f"第{rest[0]}张" if zh else f" photo {rest[0]} "
    else:
        name = "和".join(f"第{n}张" for n in rest) if zh else f" photos {' and '.join(map(str, rest))} "
    return text[: m.start()] + name + text[m.end() :]


_OWN_VERB = re.compile(
    r"\b(?:remove|delete|drop|add|move|put|mute|unmute|swap|fade|trim|cut)\b|删|加|移|挪|放到|静音|去掉|淡入|淡出|剪"
)


_GAPPED = re.compile(
    r"^(?:and\s+)?(?:the |its )?(?P<noun>title|caption|subtitle|text)\s+(?:to|into|as)\s+(?P<words>§\d+§)$"
)
_RENAMED = re.compile(
    r"^(?P<verb>change|rename|switch|set|update)\b.*\b(?:title|caption|subtitle|text)\b.*\bto\s+§\d+§"
)


def gapped(text: str, memory: Memory) -> str | None:
    """ "change the title to Summer 24 and the caption to Lisbon": the second part, said without its verb, takes the
    first part's."""
    m, renamed = _GAPPED.match(text.strip()), _RENAMED.match(memory.last_clause.strip())
    if m is None or renamed is None:
        return None
    return f"{renamed.group('verb')} the {m.group('noun')} to {m.group('words')}"


_ANOTHER_TEXT = re.compile(r"^(?:and|also|plus|then)\s+(?P<words>§\d+§)\s+(?P<where>(?:on|over|for)\s+.+)$")


def another_text(text: str, memory: Memory) -> str | None:
    """ "and Day 2 on the third one" right after "add caption Day 1 on the first photo": another text of the same
    kind, with its own words, on the photo said."""
    m = _ANOTHER_TEXT.match(text.strip())
    if m is None or memory.subject not in ("title", "caption") or not memory.last_clause.startswith("add"):
        return None
    return f"add a {memory.subject} {m.group('words')} {m.group('where')}"


def repeat_for(text: str, memory: Memory, timeline: Timeline) -> str | None:
    """ "and the same for the green one" (its description already written "photo 2"): the last clause again, for
    the new thing."""
    if not memory.last_clause or not memory.reference:
        return None
    if SAME_LENGTH.search(text) and duration_of(memory.last_clause) is None:
        return None  # "and the same length for the dinner one" after a move: the length it has, not the move
    bare = _only_reference(text) if memory.subject not in ("", "ask") and not _CORRECTION.search(text) else None
    if not _SAME.search(text) and bare is None:
        return None  # "and the yellow one" right after "remove the blue photo" is the same again
    # "now do the same with 4 and 5"; "四和五也这么换一下": the pair said before 也
    pair_said = text.split("也")[0] if "也" in text else re.sub(r"^.*?(?:with|for|to)\s+", "", text)
    paired = _pair_put_right(pair_said, memory.last_clause)
    if paired is not None and _SAME.search(text) and _PAIR.search(text):
        return paired  # "swap photo 1 and photo 2 / now do the same with 4 and 5"
    if _OWN_VERB.search(text):
        return None  # "mute the clip / and remove the music too": its own change, not the last one again
    new = _reference(text, timeline)
    if new is None or (new == memory.reference and not _SAME.search(text)):
        return None  # the same words may name another photo now ("and the green one too" after a removal)
    if new in ("标题", "字幕", "音乐") and not has_cjk(memory.last_clause):
        new = {"标题": "the title", "字幕": "the caption", "音乐": "the music"}[new]
    return memory.last_clause.replace(memory.reference, new, 1)


# "don't delete it", "wait, don't remove it", "别删", "不要删": the last turn's removal was not wanted.
_DONT_REMOVE = re.compile(
    r"^(?:(?:wait|no|nope|actually|oh|hmm+|sorry)[\s,!.]*)*(?:don'?t|do not|no need to) (?:delete|remove|cut|drop"
    r"|ditch)"
    r"(?: (?:it|that|this|the \w+(?: \w+)?))?(?: after all)?$"
    r"|^(?:(?:不对|哎|等等|算了)[，,\s]*)*(?:别|不要|先别|不用)(?:删|删掉|删除|去掉|拿掉)(?:了|它|啦)?$"
)


def kept_after_all(text: str, view: View) -> tuple[Memory, bool] | None:
    """After a turn that removed a photo, a clip, a text or the music: "don't delete it" (the clause says only
    that: True), or a correction about "it" ("actually just make it shorter instead": False, the clause still to
    be read). The memory of what was removed, as "it"; None when the clause is neither."""
    before = view.previous
    if before is None:
        return None
    alone = _DONT_REMOVE.match(text.strip()) is not None
    about_it = _CORRECTION.search(text) is not None and _PRONOUN.search(text) is not None and not _ACTION.search(text)
    if about_it and (_names_a_photo(text, view.timeline) or _NEIGHBOUR.search(text)):
        # "不对，我说的是绿色那张", "no not that, the one before it": another photo meant, not the removed one kept
        return None
    if not (alone or about_it):
        return None
    removed = _removed(before, view.timeline)
    return (removed, alone) if removed is not None else None


def _names_a_photo(text: str, timeline: Timeline) -> bool:
    """A photo named by a description, a number or a place, not only by "it" or "that one"."""
    resolved = resolve(text, timeline)
    return resolved.problem is not None or resolved.text != text or bool(mentions(text, timeline))


def _removed(before: Timeline, now: Timeline) -> Memory | None:
    placed = {s.media_id for s in now.segments}
    for i, seg in enumerate(before.segments):
        if seg.media_id not in placed:
            kind = "clip" if isinstance(seg, ClipSegment) else "photo"
            number = sum(1 for s in before.segments[: i + 1] if not isinstance(s, ClipSegment))
            return Memory(last_clause="", subject=kind, subject_index=i, reference=f"photo {number}")
    if before.music and not now.music:
        return Memory(subject="music")
    if len(before.texts) > len(now.texts):
        gone = next((i for i, t in enumerate(before.texts) if t not in now.texts), len(before.texts) - 1)
        return Memory(subject=before.texts[gone].role, subject_index=gone)
    return None


_NEIGHBOUR = re.compile(
    r"\bthe (?:one|photo|picture|pic|slide) (?:(?:that|which) (?:came|comes|was|is|went|goes) )?(?:right |just "
    r"|directly )?(?P<en>before|after|next to|behind) (?:it|that|that one|this one)\b"
    r"|(?:它|这张|那张)(?P<zh>前面|后面|前边|后边)(?:的)?(?:那张|那一张|一张)?"
)


def neighbour(text: str, memory: Memory, timeline: Timeline, previous: Timeline | None = None) -> str | None:
    """ "the one right after it", "它后面那张": the photo next to the one just spoken of, written by its number.
    Right after that photo was removed ("no not that, the one before it"), its neighbour as numbered before."""
    m = _NEIGHBOUR.search(text)
    if m is None or memory.subject not in ("photo", "clip"):
        return None
    index, around = memory.subject_index, timeline
    if index is None and previous is not None:
        gone = _removed(previous, timeline)
        if gone is not None and gone.subject == memory.subject:
            index, around = gone.subject_index, previous
    if index is None:
        return None
    later = (m.group("en") or "") in ("after", "behind", "next to") or (m.group("zh") or "").startswith("后")
    at = index + (1 if later else -1)
    if not 0 <= at < len(around.segments) or isinstance(around.segments[at], ClipSegment):
        return None
    # "no not that, the one after it": the removal is taken back first, so numbered as before it; "and the one after
    # it" adds to the removal, so numbered as the photos are now
    beside = around.segments[at].media_id
    number = _photo_number(around if undo_first(text, memory) else timeline, beside) or _photo_number(around, beside)
    if number is None:
        return None
    name = f"第{number}张" if has_cjk(text) else f"photo {number}"
    return text[: m.start()] + name + text[m.end() :]


def strip_correction(text: str) -> str:
    """The clause without its "actually" / "instead": what it asks for."""
    return _INSTEAD.sub("", _CORRECTION.sub("", text)).strip(" ,.!?，。！") or text


def also_the_other_text(text: str, memory: Memory, timeline: Timeline) -> str | None:
    """ "也换成黄色的" right after the title was made yellow, with a caption on too: the same change for the other
    text, which "also" can only mean."""
    if memory.subject not in ("title", "caption") or not re.search(r"也|\btoo\b|\bas well\b|\balso\b", text):
        return None
    if _MENTION.search(text) or _PRONOUN.search(text) or re.search(r"\btext\b|文字|字", text):
        return None  # it names what it is about ("make it bigger too" is the title again)
    other = "caption" if memory.subject == "title" else "title"
    if not any(t.role == other for t in timeline.texts):
        return None
    rest = re.sub(r"^(?:and\s+)?(?:also\s+)?|\s+(?:too|as well)\s*$|也", " ", text).strip()
    return f"{'字幕' if other == 'caption' else '标题'}{rest}" if has_cjk(text) else f"make the {other} {rest}"


def resolve_pronoun(text: str, memory: Memory) -> str | None:
    """ "delete that" / "make it bigger" / "删掉它": the pronoun written as the last thing talked about."""
    m = _PRONOUN.search(text)
    if m is None or not memory.subject or memory.subject == "video":
        return None
    zh = has_cjk(text)
    index = memory.subject_index
    if memory.subject != "photo" and memory.photo_index is not None and _PHOTO_PRONOUN.search(text):
        # "然后把那张照片放长到5秒" after a caption put on the dinner photo: that photo, not the caption
        m = _PHOTO_PRONOUN.search(text)
        assert m is not None
        name = f"第{memory.photo_index + 1}张" if zh else f"photo {memory.photo_index + 1}"
        return text[: m.start()] + name + text[m.end() :]
    if memory.subject == "photo" and index is not None:
        name = f"第{index + 1}张" if zh else f"photo {index + 1}"
    elif memory.subject == "clip":
        name = "视频" if zh else "the clip"
    elif memory.subject in ("title", "caption", "text"):
        name = {"title": ("the title", "标题"), "caption": ("the caption", "字幕"), "text": ("the text", "文字")}[
            memory.subject
        ][zh]
    elif memory.subject == "music":
        name = "音乐" if zh else "the music"
    else:
        return None
    return text[: m.start()] + name + text[m.end() :]


def recall(clause: Clause, memory: Memory) -> tuple[Clause, Memory]:
    """The clause with the last clause's quoted words after its own, and the memory's last clause pointing at them:
    "oops, on the second one" after "put the caption 'Lunch!' on the last photo" rewrites a clause whose quote
    was said a turn earlier."""
    if not memory.quotes:
        return clause, memory
    shift = len(clause.quotes)
    last = re.sub(r"§(\d+)§", lambda m: PLACEHOLDER.format(int(m.group(1)) + shift), memory.last_clause)
    return (
        dataclasses.replace(clause, quotes=clause.quotes + memory.quotes),
        dataclasses.replace(memory, last_clause=last, quotes=()),
    )


def remember(clause: Clause, steps: list[Step], timeline: Timeline, memory: Memory) -> Memory:
    """What this clause leaves for the next one: itself, and what it was about (the last edit's subject)."""
    edits = [s.op for s in steps if isinstance(s, Edit)]
    if not edits:
        return memory
    subject, index = _subject(edits[-1], timeline)
    lengths = {op.index for op in edits if isinstance(op, ops.SetPhotoDuration)}
    if len(lengths) > 1:
        subject, index = "photo", None  # "the other ones 2 seconds each": no one photo is "it" now
    texts = {op.index for op in edits if isinstance(op, ops.UpdateText)}
    if len(texts) > 1:
        # "文字都改成白色": about them all, so a later "it" is any of them and has to be asked
        roles = {timeline.texts[i].role for i in texts if 0 <= i < len(timeline.texts)}
        subject, index = (roles.pop() if len(roles) == 1 else "text"), None
    photo = index if subject == "photo" else _photo_under(edits[-1], timeline)
    # Only the quotes its placeholders name, renumbered from 0, so the memory stands on its own.
    named = sorted({int(k) for k in re.findall(r"§(\d+)§", clause.text) if int(k) < len(clause.quotes)})

    def renumber(m: re.Match[str]) -> str:
        k = int(m.group(1))
        return PLACEHOLDER.format(named.index(k)) if k in named else m.group(0)

    text = re.sub(r"§(\d+)§", renumber, clause.text)
    about = _photos_about(edits, timeline)
    recent = tuple(dict.fromkeys(about + memory.recent))[:RECENT]
    return Memory(
        last_clause=text,
        quotes=tuple(clause.quotes[k] for k in named),
        recent=recent,
        last_many=len(about),
        subject=subject,
        subject_index=index,
        reference=_reference(text, timeline) or "",
        photo_index=photo if photo is not None else memory.photo_index,
    )


def _photos_about(edits: list[ops.EditOp], timeline: Timeline) -> tuple[str, ...]:
    """The photos (media ids) these edits were about, the last edit's first: both of a swap, the one moved, the
    one lengthened, the one a text was put over."""
    segments = timeline.segments
    about: list[str] = []
    for op in reversed(edits):
        match op:
            case ops.SwapSegments(first=a, second=b):
                at = [a, b]
            case ops.MoveSegment(source=a) | ops.SetPhotoDuration(index=int(a)):
                at = [a]
            case _:
                under = _photo_under(op, timeline)
                at = [under] if under is not None else []
        about += [segments[i].media_id for i in at if 0 <= i < len(segments)]
    return tuple(dict.fromkeys(about))


_THOSE_TWO = re.compile(
    r"\b(?:those (?:two|2)|these (?:two|2)|the two of them|both of them|them both)\b"
    r"|这两张|那两张|这俩|那俩|它们俩|它们|两张都"
)
_ONE_OF = re.compile(r"\b(?:that one|this one|that photo|this photo|it)\b|那张|这张|它(?!们)")


def those_two(text: str, memory: Memory, timeline: Timeline) -> str | None:
    """ "actually swap those two" after the sunset was put first and the dinner photo last: the two photos spoken
    of last, by their numbers now."""
    m = _THOSE_TWO.search(text)
    if m is None or len(memory.recent) < 2:
        return None
    numbers = [_photo_number(timeline, media_id) for media_id in memory.recent[:2]]
    if None in numbers:
        return None
    a, b = sorted(n for n in numbers if n is not None)
    name = f"第{a}张和第{b}张" if has_cjk(text) else f"photos {a} and {b}"
    return text[: m.start()] + name + text[m.end() :]


_AS_IT_WAS = re.compile(
    r"\bthe one (?:that|which) (?:was|used to be) (?P<en>first|second|third|fourth|fifth|last)"
    r"(?: one)?(?: before (?:that|this|it)| earlier| originally| before)?\b"
    r"|(?:原来|之前|刚才)(?:的)?(?:第(?P<zh>[一二三四五六七八九\d])张|(?P<zh_last>最后)一张)"
    r"|(?:原来|之前|刚才)在它(?P<side>后面|前面|后边|前边)(?:的)?(?:那张|那一张)"
)
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def as_it_was(text: str, memory: Memory, timeline: Timeline, previous: Timeline | None) -> str | None:
    """ "the one that was first before that", "原来第一张", "原来在它后面那张": a photo named by where it was a
    turn ago, by its number now."""
    m = _AS_IT_WAS.search(text)
    if m is None or previous is None:
        return None
    before = photo_indexes(previous)
    if m.group("side"):
        moved = memory.recent[0] if memory.recent else None
        at = next((k for k, i in enumerate(before) if previous.segments[i].media_id == moved), None)
        if at is None:
            return None
        k = at + (1 if m.group("side").startswith("后") else -1)
    elif m.group("en") == "last" or m.group("zh_last"):
        k = len(before) - 1
    else:
        n = _ORDINAL_WORDS.get(m.group("en") or "") or to_number(m.group("zh") or "")
        if not n:
            return None
        k = int(n) - 1
    if not 0 <= k < len(before):
        return None
    number = _photo_number(timeline, previous.segments[before[k]].media_id)
    if number is None:
        return None
    name = f"第{number}张" if has_cjk(text) else f"photo {number}"
    return text[: m.start()] + name + text[m.end() :]


_FIRST_MENTIONED = re.compile(
    r"\bthe (?:first )?one (?:i|we) (?:mentioned|said|talked about|named|moved|changed|picked)(?: first| earlier)?\b"
    r"|我(?:先|最先|一开始|第一个|最早)(?:说|提|挪|移|改|选|动)的(?:那张|那个|那一张)?|最(?:开始|早)说的那张"
)


def first_mentioned(text: str, memory: Memory, timeline: Timeline) -> str | None:
    """ "the first one I mentioned, make it 6" after the green then the blue photo: the earliest of the photos
    spoken of, by its number now (before "the first one" is read as the first photo)."""
    m = _FIRST_MENTIONED.search(text)
    if m is None or len(memory.recent) < 2:
        return None
    said = m.group(0)
    if said.startswith("the one") and not re.search(r"first|earlier", said):
        return None  # "the one I moved": the latest, which "it" already is
    number = _photo_number(timeline, memory.recent[-1])
    if number is None:
        return None
    name = f"第{number}张" if has_cjk(text) else f"photo {number}"
    return text[: m.start()] + name + text[m.end() :]


def which_of_them(text: str, memory: Memory, timeline: Timeline) -> tuple[Command, str] | None:
    """ "make that one 5 seconds" right after two photos were swapped: which of the two? The question, and the
    words the answer will take the place of."""
    one = _ONE_OF.search(text)
    if memory.last_many < 2 or one is None or _THOSE_TWO.search(text) is not None:
        return None
    options = []
    media = timeline.media_by_id
    for media_id in memory.recent[: memory.last_many]:
        number = _photo_number(timeline, media_id)
        if number is not None and media_id in media:
            options.append((number, media[media_id].name))
    return (Command("which-photo", tuple(sorted(options))), one.group(0)) if len(options) >= 2 else None


def _photo_number(timeline: Timeline, media_id: str) -> int | None:
    """The photo's number as people say it (photos only, from 1), or None when it is not on the timeline."""
    at = photo_indexes(timeline)
    return next((n for n, i in enumerate(at, 1) if timeline.segments[i].media_id == media_id), None)


def _photo_under(op: ops.EditOp, timeline: Timeline) -> int | None:
    """The photo a text was put over: the one showing when it starts."""
    if not isinstance(op, ops.AddText | ops.UpdateText):
        return None
    start = op.text.start_ms if isinstance(op, ops.AddText) else dict(op.changes).get("start_ms")
    if not isinstance(start, int):
        return None
    for i, at in enumerate(timeline.segment_starts()):
        if at <= start < at + timeline.segments[i].duration_ms:
            return i
    return None


def _subject(op: ops.EditOp, timeline: Timeline) -> tuple[str, int | None]:
    def kind(i: int | None) -> str:
        if i is not None and 0 <= i < len(timeline.segments) and isinstance(timeline.segments[i], ClipSegment):
            return "clip"
        return "photo"

    match op:
        case ops.AddText(text=t):
            return t.role, len(timeline.texts)
        case ops.UpdateText(index=i):
            return (timeline.texts[i].role if 0 <= i < len(timeline.texts) else "text"), i
        case ops.RemoveText(index=i):
            return (timeline.texts[i].role if 0 <= i < len(timeline.texts) else ""), None
        case ops.SetMusic() | ops.SetMusicVolume() | ops.SetMusicDucking() | ops.RemoveMusic():
            return "music", None
        case ops.SetPhotoDuration(index=i):
            return kind(i), i
        case ops.RemoveSegment(index=i):
            return kind(i), None
        case ops.MoveSegment(source=i, target=j):
            return kind(i), j
        case ops.TrimClip(index=i) | ops.SetClipVolume(index=i):
            return "clip", i
        case ops.SetTotalDuration():
            return "video", None
        case ops.AddPhotos(media_ids=(_,), at=at):
            return "photo", len(timeline.segments) if at is None else at  # "放回来，放最前面": the one put back
    return "", None  # the output, transitions, looks: nothing "it" or "a bit more" could mean


_ONLY_REFERENCE = re.compile(
    r"^(?:photos? \d+(?: and \d+)*|第\d+张(?:和第\d+张)*|(?:the )?(?:title|caption|clip|music)|标题|字幕|音乐|视频"
    r"|(?:the )?(?:first|second|third|fourth|fifth|sixth|last|\d+(?:st|nd|rd|th))(?: one| photo| picture| pic| slide)?"
    r"|第[一二三四五六七八九十\d]+张|最后一张|第一张)$"
)
_REFERENCE_FILLER = re.compile(
    rf"^(?:(?:(?:{markers.EN}|i said|not that(?: one)?|ah|rather"
    r"|the|just|is|it'?s|it was|make it|on|onto|to|for|and|also|plus)\b"
    r"|我是说|我说的是|是指|应该是|不对|(?:说|搞|放|选|删|加)错了|不好意思|抱歉"
    r"|哦|要的是|还有|以及|不是(?:这|那)一?(?:张|个)|我(?:要|想)(?:删|改|挪|移|换|加|放|调)的(?:是)?"
    r"|是)[\s,，.—-]*)+"
    r"|^不是.{0,12}?[,，\s]*是|[\s,.!?，。！？]*(?:please|one|吧|啦|呀)?$"
)
_AGAIN = re.compile(
    r"^(?:(?:please|pls|ok|okay|and)\s+)?(?:do (?:it|that|this) again|again|once more|one more time|repeat (?:that|it)"
    r"|same again|do that once more)(?:\s+please)?$|^(?:再来一次|再来一遍|再做一次|再一次|重复一次|再来|再来点|再来一点"
    r"|再多来点)[吧!！呗]?$"
)
_HAS_NOUN = re.compile(
    r"\b(?:photos?|pictures?|pics?|images?|slides?|clips?|videos?|footage|music|song|title|caption|text|subtitles?"
    # "everything 2.5 secs" and "slow things down" after a title are the photos
    r"|everything|every one|each one|all of them|things|it all|the whole thing)\b"
    r"|照片|图片|视频|音乐|歌|标题|字幕|文字|字体|张"
    # the video's own settings: "竖屏60帧不要转场" after the music is not about the music
    r"|\b(?:transitions?|filter|fps|vertical|horizontal|aspect|widescreen|square)\b|转场|滤镜|竖屏|横屏|帧|比例|画幅"
)


_PHOTO_NOUN_ONLY = re.compile(r"photos?|pictures?|pics?|images?|slides?|照片|图片|张")


_NOUN_IN = re.compile(r"\b(photo|picture|pic|image|slide|clip|video)s?\b")
_BARE_ORDINAL = re.compile(r"^(?:the )?(?:first|second|third|fourth|fifth|sixth|last|\d+(?:st|nd|rd|th))(?: one)?$")


def _with_noun(ref: str, old: str) -> str:
    """ "the last one" meant instead of "the first photo" is "the last photo": a bare place keeps the noun."""
    noun = _NOUN_IN.search(old)
    if noun is None or not _BARE_ORDINAL.match(ref):
        return ref
    return re.sub(r"\s+one$", "", ref) + f" {noun.group(1)}"


def _only_reference(text: str) -> str | None:
    core = _REFERENCE_FILLER.sub("", text.strip()).strip()
    return core if _ONLY_REFERENCE.match(core) else None


def answer(text: str, memory: Memory) -> str | None:
    """ "the dinner one" right after "which one do you mean?": the asked-about clause, for that photo; "the
    music" after "静音" asked which sound: the clause with it named."""
    if memory.subject != "ask" or not memory.last_clause:
        return None
    ref = _only_reference(text)
    if ref is None:
        return None
    if not memory.reference:
        return f"{ref}{memory.last_clause}" if has_cjk(memory.last_clause) else f"{memory.last_clause} {ref}"
    return memory.last_clause.replace(memory.reference, f" {ref} ", 1)


_NARROWING_ANSWER = re.compile(
    r"(?:(?:i mean|i meant|oh|um+|the)\s+)*(?:one|photo|picture|pic)\s+(?:with|without|that|which|where|from|taken)\b"
    r"[^\d]{0,40}|(?:with|without)\s+[^\d]{1,30}"
    r"|(?![^\d\s]*[换改加删放挪移调用])(?:是|就是|要)?(?:有|没有|没)?[^\d\s]{1,12}的(?:那张|那个|那一张)?"
)


def narrowed(text: str, memory: Memory) -> str | None:
    """ "the one with people in it" after "the orange photo — which one?": the asked-about clause with the answer
    said after its description, so it picks among the photos that one fitted (on its own it may fit others)."""
    if memory.subject != "ask" or not memory.reference or memory.reference not in memory.last_clause:
        return None
    if _only_reference(text) is not None or not _NARROWING_ANSWER.fullmatch(text.strip(" ,.!?，。！？")):
        return None
    return memory.last_clause.replace(memory.reference, f"{memory.reference} {text}", 1)


def asked(clause: Clause, words: str) -> Memory:
    """Remember a clause whose description fitted several photos, to finish once the person says which."""
    return Memory(last_clause=clause.text, subject="ask", reference=words, quotes=clause.quotes)


def pointed_at(command: Command, timeline: Timeline, memory: Memory) -> Memory:
    """After "which photo has the most people?" answered with one photo: that photo is "that one" next."""
    if command.name != "photo-is" or len(command.options) != 1:
        return memory
    number = command.options[0][0]
    at = photo_indexes(timeline)
    if not 1 <= number <= len(at):
        return memory
    index = at[number - 1]
    media_id = timeline.segments[index].media_id
    return Memory(
        subject="photo",
        subject_index=index,
        reference=f"photo {number}",
        photo_index=index,
        recent=tuple(dict.fromkeys((media_id, *memory.recent)))[:RECENT],
        last_many=1,
    )


def asked_which(clause: Clause) -> Memory:
    """Remember a clause a rule asked about ("mute it": the music or the clip?), its "it" to be replaced by the
    answer, or the answer put with it when it has none ("静音")."""
    pronoun = _PRONOUN.search(clause.text) or re.search(r"\bthe (?:text|words|writing)\b|文字", clause.text)
    return Memory(
        last_clause=clause.text, subject="ask", reference=pronoun.group(0) if pronoun else "", quotes=clause.quotes
    )


def again(text: str, memory: Memory) -> str | None:
    """ "do it again" / "再来一次": the last clause once more."""
    return memory.last_clause if memory.last_clause and _AGAIN.match(text.strip()) else None


_MOVE_IT = re.compile(r"\b(?:move|put|place|drag|shift) (?:it|that one)\b|把它(?:挪|移|放|拖)")


def pronoun_first(text: str, memory: Memory) -> bool:
    """After "move the selfie to the front", "make it 5 seconds" is the selfie's length, not the video's; "那张照片再
    放长点" after a caption put on the sunset is the sunset's, not every photo's."""
    photo_known = memory.photo_index is not None or (memory.subject == "photo" and memory.subject_index is not None)
    if photo_known and _PHOTO_PRONOUN.search(text):
        return True
    if memory.subject in ("photo", "clip") and memory.subject_index is not None and _MOVE_IT.search(text):
        return True  # "move it right after the first photo" after the clip's sound: the clip moves
    return (
        memory.subject in ("photo", "clip")
        and memory.subject_index is not None
        and _PRONOUN.search(text) is not None
        and _NUMBER_WITH_UNIT.search(text) is not None
        and re.search(r"\d|[一二两三四五六七八九十]", text) is not None
        and re.search(r"秒|\bs\b|sec|second", text) is not None
    )


def with_subject(text: str, memory: Memory) -> str | None:
    """ "放到上面去" / "改成黄色的" / "and red" after a title: the clause with what it is about named first."""
    if not memory.subject or memory.subject in ("video", "ask"):
        return None
    own_noun = _HAS_NOUN.search(text)
    every_photo = re.search(r"\b(?:each|every|all|per)\b|每张|每一张|所有|全部", text)  # "every photo 5 seconds"
    if own_noun and (
        every_photo
        or not (memory.subject in ("title", "caption", "text") and _PHOTO_NOUN_ONLY.fullmatch(own_noun.group(0)))
    ):
        return None  # "换到第一张" after a caption names a photo, but is still about the caption
    zh = has_cjk(text)
    names = {
        "title": ("the title", "标题"),
        "caption": ("the caption", "字幕"),
        "text": ("the text", "文字"),
        "music": ("the music", "音乐"),
        "clip": ("the clip", "视频"),
    }
    if memory.subject == "photo":
        if memory.subject_index is None:
            return None
        name = (f"photo {memory.subject_index + 1}", f"第{memory.subject_index + 1}张")[zh]
    else:
        name = names.get(memory.subject, ("", ""))[zh]
    if not name:
        return None
    return f"{name}{text}" if zh else f"{name} {text.removeprefix('and ').removeprefix('also ')}"


_MORE_OF = re.compile(
    r"^(?:(?:(?:a )?(?:little )?bit|slightly|a little|much|way|a lot|even|just a (?:bit|touch))\s+)?"
    r"(?:more|further|lower|less)(?:\s+(?:please|still))?$"
    r"|^(?:再|更)(?:多|低|少|高|大|小)?一?(?:点|些)+(?:吧|呀|啊)?$"
)
_ABSOLUTE_VALUE = re.compile(
    rf"\s*(?:to|at|down to|up to|到|成)?\s*(?:{NUMBER})\s*(?:%|percent|s|sec|secs|seconds?|秒)?"
)


def more_of(text: str, memory: Memory) -> str | None:
    """ "a bit more" after "lower the music to 50%": the same change again, a step further, without its number."""
    text = _CORRECTION.sub("", text).strip(" ,，") or text  # "嗯，再低一点点"
    if not memory.last_clause or not _MORE_OF.match(text.strip()):
        return None
    much = re.search(r"\bmuch\b|\bway\b|\ba lot\b|很多|多很多", text)
    stripped = _ABSOLUTE_VALUE.sub("", memory.last_clause).strip()
    if stripped == memory.last_clause.strip():
        # "make each photo shorter" / "a bit more": the same step again, the same way (not "more" as longer)
        if not _RELATIVE.search(memory.last_clause):
            return None
        return f"{memory.last_clause} much" if much else memory.last_clause
    if memory.subject not in ("music", "clip", "title", "caption", "text"):
        return None
    if re.search(r"[低高大小响轻]|\b(?:lower|higher|louder|quieter|softer|bigger|smaller)\b", text):
        return with_subject(text, memory)  # "bgm调到百分之三十" / "再低一点点": its own way, about the music
    if not _RELATIVE.search(stripped):
        # "turn the music down to 50%" / "a bit more": the way the last change went, again
        down = re.search(r"\b(?:down|lower|quieter|softer|smaller|shorter)\b|小|低|降|短", memory.last_clause)
        up = re.search(r"\b(?:up|higher|louder|bigger|larger|longer)\b|大|高|提|长", memory.last_clause)
        if bool(down) == bool(up):
            return None
        stripped = f"{stripped} {'down' if down else 'up'}" if memory.subject == "music" else stripped
        if memory.subject != "music":
            stripped += " smaller" if down else " bigger"
    return f"{stripped} {'much' if much else 'a bit'}"


# A change by a step, not to a value: what "a bit more" after it repeats.
_RELATIVE = re.compile(
    r"\b(?:down|up|longer|shorter|faster|slower|quicker|louder|quieter|softer|bigger|smaller|larger|lower|higher"
    r"|brighter|darker)\b|(?:短|长|快|慢|大|小|高|低|响|轻)(?:一点|点|些|一些)|调(?:大|小|高|低)"
)


def implied_first(text: str, memory: Memory) -> bool:
    """A short clause with no noun of its own ("然后静音", "再剪到6秒", "mute it") after a clip, text or the music
    is about that, before it is read as about the whole video."""
    if memory.subject not in ("clip", "title", "caption", "text", "music") or _HAS_NOUN.search(text):
        return False
    if _CORRECTION.search(text) or text.startswith("不是"):
        return False  # "no wait, 35" corrects the last clause; read with "the music" first it would remove it
    return len(text) <= 12 if has_cjk(text) else len(text.split()) <= 4
