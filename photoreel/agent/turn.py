"""One message, read clause by clause: what each clause changes in the light of the ones before it (a complaint
and its fix are one change, a setting said twice is said once, a description and its verb split by a comma are one
request), and what is held back when part of the message was not understood."""

from __future__ import annotations

import contextlib
import dataclasses
import re
from dataclasses import dataclass, field

from photoreel.agent import dialogue
from photoreel.agent.memory import Memory
from photoreel.agent.plan import Command, Edit, Plan, Step, View
from photoreel.agent.reading import read
from photoreel.agent.rules.commands import asks_only
from photoreel.agent.rules.common import DECADE, duration_ms, mentions
from photoreel.agent.rules.output import says_ratio
from photoreel.agent.rules.switch_off import SWITCHED_BY
from photoreel.agent.suggest import closest
from photoreel.agent.text import NUMBER, Clause, has_cjk, marker_only, split_clauses
from photoreel.errors import PhotoreelError
from photoreel.timeline import Timeline, apply, ops

_POLITE = re.compile(
    r"(?:(?:hi|hello|hey|thanks|thank you|thx|ty|please|pls|ok|okay|cool|great|perfect|nice|awesome|cheers|lol|hmm+"
    r"|you'?re the best|that'?s all|that'?s it|dear|mate|yo|just the photos|only the photos|nothing else"
    r"|i want it clean|keep it simple|much appreciated|(?:i )?appreciate it|many thanks|thanks a lot|thanks so much"
    r"|thanks a (?:ton|bunch|million)|thank u|tysm|thx a lot|ty so much|you rock|ur the best|love it"
    r"|thank you so much|good (?:morning|afternoon|evening)|cheers mate|have a nice day|no rush|when you can"
    r"|if you can|if possible|if you don'?t mind|sorry|sorry to bother you|xoxo|<3|:\)|:-\)|:d"
    # "caption stays": what is kept needs nothing done
    r"|(?:the )?(?:title|caption|music|song|clip|text|transition|filter|look)s? (?:stays?|can stay|is fine|is good)"
    r")"
    r"[\s!.~]*)+"
    r"|(?:(?:你好|您好|谢谢|谢啦|多谢|麻烦了|麻烦你了|辛苦了|好的|嗯|哈哈|拜托了|感谢|就这样|就这些|其他不要|早上好"
    r"|晚上好"
    r"|谢谢你|谢谢啦|感谢感谢|爱你|么么哒|不急|有空的时候|拜托拜托|辛苦啦|麻烦啦|打扰了|不好意思"
    r"|(?:标题|字幕|音乐|视频|转场|滤镜|动效)(?:保留|不变|留着|别动|不用动))[!！~～。.，,\s]*)+"
)
# Edits that take something away: never applied when part of the same message was not understood, since the
# part missed may have said which one, or "except".
DESTRUCTIVE = (ops.RemoveSegment, ops.RemoveText, ops.RemoveMusic)


# Questions a rule asks about which thing a clause meant; the next message may answer with only its name.
_WHICH = ("which-sound", "which-text")


# "the music is too loud, turn it down a bit": the complaint and the fix are one change, not two.
_COMPLAINT = re.compile(
    r"\btoo (?:loud|quiet|fast|slow|long|short|big|small|noisy|quick)\b|\bdrag(?:s|ging)?\b|\bsluggish\b|\bforever\b"
    r"|\bcan'?t (?:see|hear|read)\b|\brushed\b|太(?:吵|响|大声|小声|快|慢|长|短|大|小|拖)|拖沓|看不清|听不清"
)


# What a complaint keeps someone from doing: its reason, said after it.
_REASON = re.compile(r"看不清|听不清|看不见|听不见|\bcan'?t (?:see|read|hear)\b")


# Edits that set a value, so that saying one twice leaves only the second (a move or an addition said twice is two).
_SETTINGS = (
    ops.SetPhotoDuration,
    ops.SetTotalDuration,
    ops.SetMusicVolume,
    ops.SetClipVolume,
    ops.SetTransition,
    ops.SetMotion,
    ops.SetFit,
    ops.SetLook,
    ops.UpdateText,  # "bigger, much bigger": one size, the last said
)


# "丑", "哈哈", "好看": a word or two of Chinese after the request, a feeling about it, not a condition on it
_REMARK = re.compile(r"[\u4e00-\u9fff]{1,3}[!！~～。.]*")
_TEXT_NOUN = re.compile(r"\b(?:text|words|writing|title|caption|lettering)\b|文字|标题|字幕|(?<![数])字(?!体)")


def _texts_edited(steps: list[Step]) -> bool:
    return any(isinstance(s, Edit) and isinstance(s.op, ops.UpdateText | ops.RemoveText) for s in steps)


def _aspect_only(step: Step) -> bool:
    return isinstance(step, Edit) and isinstance(step.op, ops.SetOutput) and set(step.op.changes()) == {"aspect"}


def _one_photo(text: str, timeline: Timeline) -> tuple[int, str] | None:
    """The one photo a clause names (its run position and the words), if it names exactly one."""
    found = {m.index: text[m.start : m.end].strip() for m in mentions(text, timeline) if m.index is not None}
    if len(found) != 1:
        return None
    index, words = next(iter(found.items()))
    return (index, words) if 0 <= index < len(timeline.segments) else None


def _total_last(steps: list[Step]) -> list[Step]:
    """ "总时长压到15秒 海边视频剪到5秒": the video's length is what it must come to once the clip (or one photo) has
    its own length, so it is fitted after them, not before."""
    totals = [k for k, s in enumerate(steps) if isinstance(s, Edit) and isinstance(s.op, ops.SetTotalDuration)]
    if not totals:
        return steps
    last = totals[-1]
    later = any(
        isinstance(s, Edit)
        and (isinstance(s.op, ops.TrimClip) or (isinstance(s.op, ops.SetPhotoDuration) and s.op.index is not None))
        for s in steps[last + 1 :]
    )
    if not later:
        return steps
    return [s for k, s in enumerate(steps) if k != last] + [steps[last]]


def _done_here(step: Step, earlier: list[Step]) -> bool:
    """ "静止，不要动效": an effect found off because an earlier clause switched it off is not "already off"."""
    if not (isinstance(step, Command) and step.name == "absent" and step.options):
        return False
    kind = SWITCHED_BY.get(str(step.options[0][1]))
    return kind is not None and any(isinstance(s, Edit) and isinstance(s.op, kind) for s in earlier)


def _settings_only(steps: list[Step]) -> bool:
    return bool(steps) and all(isinstance(s, Edit) and isinstance(s.op, _SETTINGS) for s in steps)


def _ops(steps: list[Step]) -> set[tuple[type, int | None, tuple[str, ...]]]:
    """What the steps change: the kind of edit, on which thing, and for a text which of its attributes ("make it
    yellow, and bigger" changes two)."""
    return {
        (
            type(s.op),
            getattr(s.op, "index", None),
            tuple(k for k, _ in s.op.changes) if isinstance(s.op, ops.UpdateText) else (),
        )
        for s in steps
        if isinstance(s, Edit)
    }


_VALUE_SAID = re.compile(rf"(?:{NUMBER})\s*(?:%|percent|s\b|secs?\b|seconds?\b|ms\b|秒|毫秒|成\b|fps|帧)|百分之")
_BARE_LENGTH = re.compile(
    rf"(?:时长|时间|停留|显示)?\s*(?:就|那就|大概|差不多|改成|设成|为|是|要|make it|maybe|like|say)?\s*(?:{NUMBER})\s*"
    r"(?:s|secs?|seconds?|秒钟?)"
    r"\s*(?:吧|左右|就行|就好|好了|each|then|please)?[.!。！]*"
)

_STEPPED_LENGTH = re.compile(
    r"(?:再|还要|更)?(?:短|长)(?:一)?点[，,\s]*(.+)|(?:a (?:bit|little) |even )?(?:shorter|longer)[,\s]+(?:like "
    r"|say )?(.+)"
)
# A missed clause that could change what the understood part means ("… except the first", "but keep the title"):
# with one of these in it, nothing that takes something away is applied. A missed clause without any is an
# explanation ("it's for a memorial") and leaves the rest standing.
_QUALIFIER = re.compile(
    r"\b(?:except|but|not|apart|only|keep|unless|instead|without|other than|rather than)\b|除了|但是|只|保留|别|不要|除"
)
# Words that could qualify an edit too, unless the clause only explains ("I took two photos on July 3rd").
_MAYBE_QUALIFIER = re.compile(
    r"\b(?:photos?|pictures?|title|caption|music|song|clip|video|first|last|second|third|remove|delete|move|add)\b"
    r"|照片|标题|字幕|音乐|视频|第|删|加|移"
)


_TOO = re.compile(r"\btoo \w+|太\w{1,3}了|看着\w{1,2}|\bfeels? \w+")
_EXPLANATION = re.compile(
    r"\b(?:is|are|was|were|it'?s|its|this is|that'?s|because|since|so that|for my|i'?m|we'?re|will be|going to|gets"
    r"|took|shot|taken|want (?:it|them|things)|just the (?:pictures|photos|pics)"
    r"|needs|has|have|had)\b|是|因为|所以|给.{0,8}的|要发|放的|用的|的时候|我们|我妈|我爸"
)


# What finishes a photo's request when said after it: its length, or what to do with it ("…, 5 seconds",
# "…, put it last", "…，删掉"), nothing about another thing ("…, and make the video 20 seconds")
_REST_OF_REQUEST = re.compile(
    rf"(?:(?:and|then|make it|to|for|lasting)\s+)?(?:{NUMBER})\s*(?:s|secs?|seconds?|秒钟?)(?:\s*(?:吧|please))?"
    r"|(?:(?:and|then|please)\s+)?(?:delete|remove|drop|cut|lose) (?:it|that one)(?: please)?"
    r"|(?:(?:and|then|please)\s+)?(?:move|put) (?:it|that one) (?:first|last|at the (?:start|end|beginning)"
    r"|to the (?:start|end|front|back))"
    r"|(?:就|那就|给我)?(?:删掉|删了|去掉|拿掉|不要了|放(?:到)?(?:最后|最前面|开头|结尾)|挪到(?:最后|最前面|开头)"
    rf"|(?:改成|设成|放)?(?:{NUMBER})秒)(?:吧|了)?"
)
# What a request is for, split off at "so" ("… so you can hear them", "… so only the music plays"), or a plan of the
# person's own ("i'll record a voiceover instead"): its "only" or "instead" qualifies nothing done here
_PURPOSE = re.compile(
    r"^(?:you|we|i|people|everyone|they|it) (?:can|could|will)\b|^(?:only|just) the \w+ (?:plays?|is heard)\b"
    r"|^(?:i'?ll|i will|we'?ll|we will|i'?m going to|gonna)\b|^我(?:会|打算|准备|自己)"
)
_WHOLE_VIDEO = re.compile(r"\b(?:video|movie|whole thing|overall|total)\b|视频|整个|总时长|总共")


def _applied(timeline: Timeline, edits: list[ops.EditOp]) -> Timeline | None:
    try:
        for op in edits:
            timeline = apply(timeline, op)
    except PhotoreelError:
        return None
    return timeline


def _length_said_after(text: str, earlier: list[Step], before: Timeline, said: str) -> list[Step] | None:
    """A bare length ("like 4.5s", "20秒吧") right after a step to a length in the same message ("make each photo
    longer", "视频长一点", "the other ones shorter, 2 seconds each"): the value that step was about, and so what it
    replaces. A photo's step is that photo's length (several photos': each one's); the video's is its length, or
    each photo's when only that goes the way asked ("longer, 5 seconds" in a 15 s video). An empty list when the
    value goes against the step either way; None when `text` is not that."""
    edits = [s.op for s in earlier if isinstance(s, Edit)]
    photos = [op for op in edits if isinstance(op, ops.SetPhotoDuration)]
    if not edits or not (photos == edits or (len(edits) == 1 and isinstance(edits[0], ops.SetTotalDuration))):
        return None
    if not _BARE_LENGTH.fullmatch(text) or (ms := duration_ms(text)) is None:
        return None
    stepped_to = _applied(before, edits)
    if stepped_to is None:
        return None
    stepped = stepped_to.duration_ms - before.duration_ms
    candidates: list[list[ops.EditOp]] = (
        [[ops.SetTotalDuration(ms)]]
        if _WHOLE_VIDEO.search(said)  # "make the video longer, like 10s": the video's, or against the way asked
        else [[ops.SetPhotoDuration(ms, op.index) for op in photos]]
        if photos
        else [[ops.SetTotalDuration(ms)], [ops.SetPhotoDuration(ms)]]
    )
    for ops_said in candidates:
        after = _applied(before, ops_said)
        if after is None:
            continue
        change = after.duration_ms - before.duration_ms
        if change * stepped > 0 or (change == 0 and stepped == 0):
            return [Edit(op) for op in ops_said]
    return []


@dataclass
class _Pending:
    """Steps of an earlier clause that a later one may replace: where they start in the plan and the timeline
    before them, with the memory then (a complaint) or whether a value was given (a setting)."""

    at: int
    before: Timeline
    memory: Memory
    exact: bool = False


@dataclass
class Turn:
    """One message, read clause by clause. Later clauses see earlier clauses' edits, and what they were about;
    what the message has said so far lives here, not in the rules."""

    view: View
    plan: Plan
    timeline: Timeline
    memory: Memory
    clauses: list[Clause]
    k: int = 0  # the next clause to read
    # The last clause when it was a complaint ("the music is too loud"): a next clause that fixes the same thing
    # ("turn it down a bit") replaces its steps rather than adding more.
    complaint: _Pending | None = None
    # The last clause when it only set values (a length, a level, a transition): a next clause setting the same
    # values replaces them.
    setting: _Pending | None = None
    mentioned: list[tuple[str, int]] = field(default_factory=list)  # missed clauses that named one photo, and which
    ratio_said: bool = False  # an aspect ratio given in numbers earlier in the message
    edited_here: bool = False  # an earlier clause was understood (what it was about is in memory)
    last_ops: set[tuple[type, int | None, tuple[str, ...]]] = field(default_factory=set)
    last_before: Timeline | None = None  # the timeline before the last clause's edits, for a restatement of them
    remarks: list[str] = field(default_factory=list)  # missed clauses right after a complaint: a feeling about it

    @classmethod
    def of(cls, message: str, view: View, language: str) -> Turn:
        clauses = split_clauses(message)
        if len(clauses) > 1 and message.rstrip().endswith(("?", "？")) and asks_only(clauses[0].text):
            # "What's the difference between fade and fade to black?": one question, not two requests
            clauses = [dataclasses.replace(clauses[0], text=" and ".join(c.text for c in clauses))]
        plan = Plan(language=language, memory=view.memory)
        return cls(view=view, plan=plan, timeline=view.timeline, memory=view.memory, clauses=clauses)

    def run(self) -> Plan:
        while self.k < len(self.clauses):
            clause = self.clauses[self.k]
            self.k += 1
            self._take(clause)
        return self._finish()

    def _here(self, timeline: Timeline | None = None) -> View:
        here = self.timeline if timeline is None else timeline
        return dataclasses.replace(self.view, timeline=here, memory=self.memory)

    def _take(self, clause: Clause) -> None:
        plan = self.plan
        if _POLITE.fullmatch(clause.text):
            return  # "hi", "thanks!", "谢谢": nothing to do, nothing to complain about
        if plan.steps and marker_only(clause.text):
            return  # "撤销，删错了": why the undo, not another change
        if plan.steps and _PURPOSE.match(clause.text):
            return  # "… so you can hear them": what the change before is for, not another change
        taken_back = self._taken_back(clause)
        if taken_back is None:
            return
        clause = self._with_value_for_subject(taken_back)
        reading = self._read_with_length(clause, taken_back)
        if reading is None:
            return
        steps, used, asked = reading
        if steps is None and self.k < len(self.clauses):
            steps, used, asked, clause = self._read_joined(clause, asked)
        if steps is not None and self.complaint is not None and self._is_reason(clause, used):
            # "字幕太小了，我爸都看不清，放大很多", "音乐太吵了 都听不见视频里说话了": why the complaint matters,
            # not another change (read on its own, "听不见" would turn the music up)
            return
        if steps is not None:
            steps, used = self._replacing_earlier(clause, steps, used)
            if steps is None:
                return
        if (
            steps is None
            and asked is None
            and self.complaint is not None
            and _one_photo(used.text, self.timeline) is None
        ):
            plan.not_understood.append(clause.text)
            self.remarks.append(clause.text)
            return  # "视频太长了，看着累，短一点": a remark between a complaint and its fix
        self.complaint = None
        if asked is not None:
            plan.steps.append(asked)  # a description that fits several photos, or none: ask, change nothing
            self.memory = dialogue.asked(clause, used.text)
            return
        if steps is None:
            self._missed(clause, used)
            return
        self._accept(clause, steps, used)

    def _taken_back(self, clause: Clause) -> Clause | None:
        """ "don't delete it, move it to the end": the removal taken back (an undo first), and what it removed is
        "it"; the clause left to read, or None when taking back was all it said."""
        if self.plan.steps or self.timeline != self.view.timeline:
            return clause
        kept = dialogue.kept_after_all(clause.text, self.view)
        if kept is None:
            return clause
        assert self.view.previous is not None
        self.plan.steps.append(Command("undo"))
        self.timeline, self.memory = self.view.previous, kept[0]
        self.edited_here = True
        if kept[1]:
            return None
        return dataclasses.replace(clause, text=dialogue.strip_correction(clause.text))

    def _with_value_for_subject(self, clause: Clause) -> Clause:
        """A bare value right after a photo's or the clip's edit, written as that thing's length."""
        memory = self.memory
        stepped = _STEPPED_LENGTH.fullmatch(clause.text)
        if stepped is not None and memory.subject == "clip":
            # "再短点 4秒" after trimming the clip: the step says which way, the value how far
            clause = dataclasses.replace(clause, text=stepped.group(1) or stepped.group(2))
        after_subject = self.edited_here or (stepped is not None and memory.subject == "clip")
        if after_subject and memory.subject in ("photo", "clip") and _BARE_LENGTH.fullmatch(clause.text):
            # "它放久一点，五秒吧", "再短一点，4秒吧" after the clip: a bare length right after a photo's or the
            # clip's is its length (across messages it may be the video's, and is read so).
            if memory.subject == "clip":
                said = f"把视频片段剪到{clause.text}" if has_cjk(clause.text) else f"trim the clip to {clause.text}"
            else:
                said = dialogue.with_subject(clause.text, memory) or clause.text
            clause = dataclasses.replace(clause, text=said)
        return clause

    def _read_with_length(
        self, clause: Clause, as_said: Clause
    ) -> tuple[list[Step] | None, Clause, Command | None] | None:
        """The clause read, unless it is the value a setting just made was about ("make each photo longer, like
        4.5s", "longer, 5 seconds"): then that value, in place of the setting; None when the value goes against
        the way asked, and the setting stands. `as_said` is the clause before a bare value was given a subject:
        "2 seconds each" after several photos' step is theirs, not the last one's."""
        setting = self.setting
        if setting is not None:
            earlier = self.plan.steps[setting.at :]
            lengths = _length_said_after(clause.text, earlier, setting.before, self.memory.last_clause)
            if lengths is None and as_said is not clause:
                lengths = _length_said_after(as_said.text, earlier, setting.before, self.memory.last_clause)
                clause = as_said
            if lengths is not None:
                if not lengths:
                    self.plan.not_understood.append(clause.text)  # a value against the way asked: the step stands
                    self.remarks.append(clause.text)
                    return None
                del self.plan.steps[setting.at :]
                self.timeline = setting.before
                return lengths, clause, None
        return read(clause, self._here())

    def _read_joined(
        self, clause: Clause, asked: Command | None
    ) -> tuple[list[Step] | None, Clause, Command | None, Clause]:
        """ "红色那张，删掉": a description and its verb split apart by a comma; "橙色那张，没人的那个，删掉": a
        description narrowed by the next, then the verb. The reading and the clause it was made of."""
        first: tuple[list[Step] | None, Clause, Command | None] | None = None
        for more in (1, 2)[: len(self.clauses) - self.k]:
            following = self.clauses[self.k : self.k + more]
            joined = dataclasses.replace(clause, text=" ".join([clause.text, *(c.text for c in following)]))
            reading = read(joined, self._here())
            first = first or reading
            if reading[0] is not None:
                self.k += more
                return (*reading, joined)  # what was read, for a complaint's or a setting's second reading
            if (
                more == 1
                and asked is not None
                and reading[2] == asked
                and _REST_OF_REQUEST.fullmatch(following[0].text)
            ):
                # "the bright one, 5 seconds" with two bright photos: one question, and its answer finishes the
                # whole request (the length is not the video's meanwhile)
                self.k += more
                return (*reading, joined)
        assert first is not None
        return (*first, clause)  # none read: as the first joining left it

    def _is_reason(self, clause: Clause, used: Clause) -> bool:
        # not when about a photo of its own: "吃饭那张太暗，大家都看不清"
        return bool(_REASON.search(clause.text)) and _one_photo(used.text, self.timeline) is None

    def _replacing_earlier(self, clause: Clause, steps: list[Step], used: Clause) -> tuple[list[Step] | None, Clause]:
        """The steps, in place of a complaint's or a setting's just before when they change the same things; None
        when the clause adds nothing to a value already given."""
        plan, complaint, setting = self.plan, self.complaint, self.setting
        if complaint is not None and all(isinstance(s, Command) and s.name == "undo" for s in steps):
            # "no, too quiet now, back to how it was": the fix for the complaint is the undo, not a step too
            del plan.steps[complaint.at :]
            self.timeline = complaint.before
        elif complaint is not None:
            redo, redo_used, _ = read(clause, self._here(complaint.before))
            if redo is not None and _ops(redo) == _ops(plan.steps[complaint.at :]):
                del plan.steps[complaint.at :]
                self.timeline, steps, used = complaint.before, redo, redo_used
        elif (
            setting is not None
            and _settings_only(steps)
            and not _COMPLAINT.search(clause.text)  # a complaint after its fix adds nothing (in _accept)
            and _ops(steps) == _ops(plan.steps[setting.at :])
        ):
            # "慢一点，每张多停留一会儿", "too fast … twice as long", "longer, 5 seconds": one setting said twice in
            # a message is one change, from where the message found it: the last word on it, unless that is
            # only vaguer than a value already given ("exactly 30 seconds, so stretch it to fill it").
            if setting.exact and not _VALUE_SAID.search(DECADE.sub(" ", clause.text)):
                return None, used
            redo, redo_used, _ = read(clause, self._here(setting.before))
            if redo is not None and _ops(redo) == _ops(plan.steps[setting.at :]):
                del plan.steps[setting.at :]
                self.timeline, steps, used = setting.before, redo, redo_used
        return steps, used

    def _missed(self, clause: Clause, used: Clause) -> None:
        self.plan.not_understood.append(clause.text)
        named = _one_photo(used.text, self.timeline)
        if named is not None:
            # "The dinner photo is way too dark, … so let's just drop it": what "it" is, said first.
            self.memory = Memory(subject="photo", subject_index=named[0], reference=named[1])
            self.mentioned.append((clause.text, named[0]))
        elif self.timeline.texts and _TEXT_NOUN.search(clause.text):
            # "The text is wrong, it should say …": about the text, which one not yet known if several
            only = 0 if len(self.timeline.texts) == 1 else None
            self.memory = Memory(subject="text", subject_index=only, reference="the text")
            self.mentioned.append((clause.text, -1))

    def _accept(self, clause: Clause, steps: list[Step], used: Clause) -> None:
        plan = self.plan
        if self.ratio_said and not says_ratio(clause.text):
            # "改成4:5的，发ins用": the platform says where it goes; the ratio given already says what shape
            steps = [s for s in steps if not _aspect_only(s)]
            if not steps:
                return
        self.ratio_said = self.ratio_said or says_ratio(clause.text)
        for words, index in self.mentioned:
            acted = [getattr(s.op, "index", getattr(s.op, "source", None)) for s in steps if isinstance(s, Edit)]
            texts = index == -1 and any(isinstance(s, Edit) and isinstance(s.op, ops.UpdateText) for s in steps)
            if index in acted or texts:
                plan.not_understood.remove(words)  # understood after all: as what a later clause acts on
        self.mentioned = []
        if _COMPLAINT.search(clause.text) and _ops(steps):
            if self.last_ops and _ops(steps) <= self.last_ops:
                return  # "way faster, the slides drag on forever": the fix came first; the complaint adds nothing
            self.complaint = _Pending(len(plan.steps), self.timeline, self.memory)
        if self._restated(clause, steps):
            return  # "play them backwards, last one first": what the clause before did, said again another way
        if steps == [Command("undo")] and plan.steps and self.timeline == self.view.previous:
            return  # "还是横屏好看 改回来": the clause before already put it back; undoing now would undo that
        self.last_ops = _ops(steps)
        self.edited_here = True
        undone = 0
        if steps[0] == Command("undo") and self.timeline == self.view.timeline and self.view.previous is not None:
            self.timeline = self.view.previous  # "I meant the selfie": the edit taken back, the rest made before it
            undone = 1
        # "反了，我要大一点": the setting made after the undo, which the next clause may say again
        exact = bool(_VALUE_SAID.search(DECADE.sub(" ", used.text)))
        at = len(plan.steps) + undone
        self.setting = _Pending(at, self.timeline, self.memory, exact) if _settings_only(steps[undone:]) else None
        self.last_before = self.timeline
        plan.steps.extend(steps)
        remembered = dialogue.remember(used, steps, self.timeline, self.memory)
        if _COMPLAINT.search(clause.text) and self.memory.last_clause:
            # "too slow, make it 4": what a correction corrects is the request before the complaint
            remembered = dataclasses.replace(
                remembered,
                last_clause=self.memory.last_clause,
                reference=self.memory.reference,
                quotes=self.memory.quotes,
            )
        self.memory = remembered
        if all(isinstance(s, Command) and s.name in _WHICH for s in steps):
            self.memory = dialogue.asked_which(used)  # "mute it" / "the music": the answer finishes the clause
        if len(steps) == 1 and isinstance(steps[0], Command):
            self.memory = dialogue.pointed_at(steps[0], self.timeline, self.memory)  # "which has the most people?"
        for step in steps:
            if isinstance(step, Edit):
                # A refused edit is left for the service to apply for real and explain.
                with contextlib.suppress(PhotoreelError):
                    self.timeline = apply(self.timeline, step.op)

    def _restated(self, clause: Clause, steps: list[Step]) -> bool:
        """A move that, made where the clause before started, puts the photos where that clause already has them:
        an explanation of it, not another move."""
        moves = [s.op for s in steps if isinstance(s, Edit)]
        if self.last_before is None or not moves or not all(isinstance(op, ops.MoveSegment) for op in moves):
            return False
        then, _, _ = read(clause, self._here(self.last_before))
        edits = [s.op for s in then or [] if isinstance(s, Edit)]
        there = _applied(self.last_before, edits) if edits and len(edits) == len(then or []) else None
        if there is None:
            return False
        now = self.timeline.segments
        targets = [op.target for op in edits if isinstance(op, ops.MoveSegment)]
        return len(targets) == len(edits) and all(
            0 <= t < len(now) and there.segments[t].media_id == now[t].media_id for t in targets
        )

    def _finish(self) -> Plan:
        plan = self.plan
        plan.memory = self.memory
        # The same question asked by two clauses ("the text is wrong, it should say …") is asked once, and which
        # text is not asked when a later clause says ("too much text at the start, we only need the title").
        plan.steps = [
            s
            for k, s in enumerate(plan.steps)
            if not (isinstance(s, Command) and s.name not in ("undo", "redo") and s in plan.steps[:k])
            and not (isinstance(s, Command) and s.name == "which-text" and _texts_edited(plan.steps[k + 1 :]))
            and not _done_here(s, plan.steps[:k])
        ]
        plan.steps = _total_last(plan.steps)
        if plan.not_understood:
            plan.suggestions = closest(plan.not_understood[0], plan.language)
            qualified = any(
                (_QUALIFIER.search(c) and not _PURPOSE.search(c))
                or (_MAYBE_QUALIFIER.search(c) and not (_EXPLANATION.search(c) or _PURPOSE.search(c)))
                or not (
                    _EXPLANATION.search(c)
                    or _PURPOSE.search(c)
                    or _COMPLAINT.search(c)
                    or _TOO.search(c)
                    or _REMARK.fullmatch(c)
                )
                for c in plan.not_understood
                if c not in self.remarks
            )
            if qualified and any(isinstance(s, Edit) and isinstance(s.op, DESTRUCTIVE) for s in plan.steps):
                plan.withheld = [s for s in plan.steps if isinstance(s, Edit) or s.name == "export"]
                plan.steps = [s for s in plan.steps if s not in plan.withheld]
        return plan
