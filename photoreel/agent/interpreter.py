"""The rule-based interpreter: English and Chinese, no network, no model download."""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator
from typing import Protocol

from photoreel.agent import dialogue
from photoreel.agent.memory import Memory
from photoreel.agent.plan import Command, Edit, Plan, Step, View
from photoreel.agent.references import off_the_timeline, resolve
from photoreel.agent.rules import ADDITIVE, EXCLUSIVE
from photoreel.agent.rules.commands import asks_only, commands
from photoreel.agent.rules.common import duration_ms, mentions
from photoreel.agent.rules.output import says_ratio
from photoreel.agent.rules.restore import BACK as _BACK_WORDS
from photoreel.agent.rules.restore import restore
from photoreel.agent.suggest import closest
from photoreel.agent.text import NUMBER, Clause, has_cjk, marker_only, split_clauses
from photoreel.errors import PhotoreelError
from photoreel.timeline import Timeline, apply, ops

MAX_MESSAGE_CHARS = 4000
_POLITE = re.compile(
    r"(?:(?:hi|hello|hey|thanks|thank you|thx|ty|please|pls|ok|okay|cool|great|perfect|nice|awesome|cheers|lol|hmm+"
    r"|you'?re the best|that'?s all|that'?s it|dear|mate|yo|just the photos|only the photos|nothing else"
    r"|i want it clean|keep it simple|much appreciated|(?:i )?appreciate it|many thanks|thanks a lot|thanks so much"
    r"|thanks a (?:ton|bunch|million)|thank u|tysm|thx a lot|ty so much|you rock|ur the best|love it"
    r"|thank you so much|good (?:morning|afternoon|evening)|cheers mate|have a nice day|no rush|when you can"
    r"|if you can|if possible|if you don'?t mind|sorry|sorry to bother you|xoxo|<3|:\)|:-\)|:d"
    # "caption stays": what is kept needs nothing done
    r"|(?:the )?(?:title|caption|music|song|clip|text)s? (?:stays?|can stay|is fine|is good))[\s!.~]*)+"
    r"|(?:(?:你好|您好|谢谢|谢啦|多谢|麻烦了|麻烦你了|辛苦了|好的|嗯|哈哈|拜托了|感谢|就这样|就这些|其他不要|早上好"
    r"|晚上好"
    r"|谢谢你|谢谢啦|感谢感谢|爱你|么么哒|不急|有空的时候|拜托拜托|辛苦啦|麻烦啦|打扰了|不好意思"
    r"|(?:标题|字幕|音乐|视频)(?:保留|不变|留着))[!！~～。.，,\s]*)+"
)
# Edits that take something away: never applied when part of the same message was not understood, since the
# part missed may have said which one, or "except".
DESTRUCTIVE = (ops.RemoveSegment, ops.RemoveText, ops.RemoveMusic)


# Questions a rule asks about which thing a clause meant; the next message may answer with only its name.
_WHICH = ("which-sound", "which-text")


class Interpreter(Protocol):
    def interpret(self, message: str, view: View) -> Plan: ...


def reply_language(message: str, view: View) -> str:
    if has_cjk(message):
        return "zh"
    if any(ch.isascii() and ch.isalpha() for ch in message):
        return "en"
    return view.language


def by_rules(clause: Clause, view: View) -> list[Step] | None:
    """The first exclusive rule that claims the clause, or every additive rule that recognises something."""
    for rule in EXCLUSIVE:
        steps = rule(clause, view)
        if steps is not None:
            return steps
    found = [step for rule in ADDITIVE for step in (rule(clause, view) or [])]
    if any(isinstance(s, Edit) for s in found):
        # "make it a vertical video": the edit is the answer, not a look at the timeline first.
        found = [s for s in found if not (isinstance(s, Command) and s.name == "show")]
    return found or None


def readings(clause: Clause, memory: Memory, timeline: Timeline) -> Iterator[Clause]:
    """The clause as the rules should read it, most specific first: an answer to the last question or a
    correction of the last clause ("actually make it 5", "I meant the selfie"), the last clause repeated ("the same
    for the caption", "do it again"), the clause as said, then with its pronoun written as the last thing talked
    about ("delete that"), then with that thing named in front ("放到上面去" after a title)."""
    plain = clause
    clause, memory = dialogue.recall(clause, memory)  # the last clause's quoted words, for rewrites made of it
    prefer_pronoun = dialogue.pronoun_first(clause.text, memory)
    pronoun = dialogue.resolve_pronoun(clause.text, memory)
    implied = dialogue.with_subject(clause.text, memory)
    implied_first = implied is not None and dialogue.implied_first(clause.text, memory)
    other = dialogue.also_the_other_text(clause.text, memory, timeline)
    if other is not None:
        yield dataclasses.replace(clause, text=other)
    both = dialogue.those_two(clause.text, memory, timeline)
    if both is not None:
        yield dataclasses.replace(clause, text=both)  # "actually swap those two": the two photos last spoken of
    if implied is not None and implied_first and pronoun is None:
        yield dataclasses.replace(clause, text=implied)
    for rewrite in (
        dialogue.answer(clause.text, memory),
        dialogue.opposite(clause.text, memory),
        dialogue.correction(clause.text, memory),
        dialogue.for_the_rest(clause.text, memory, timeline),
        dialogue.repeat_for(clause.text, memory, timeline),
        dialogue.again(clause.text, memory),
        dialogue.more_of(clause.text, memory),
        pronoun if prefer_pronoun else None,
    ):
        if rewrite is not None:
            yield dataclasses.replace(clause, text=rewrite)
    yield plain
    if pronoun is not None and not prefer_pronoun:
        yield dataclasses.replace(clause, text=pronoun)
    if implied is not None and not implied_first:
        yield dataclasses.replace(clause, text=implied)


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


def _aspect_only(step: Step) -> bool:
    return isinstance(step, Edit) and isinstance(step.op, ops.SetOutput) and set(step.op.changes()) == {"aspect"}


def _one_photo(text: str, timeline: Timeline) -> tuple[int, str] | None:
    """The one photo a clause names (its run position and the words), if it names exactly one."""
    found = {m.index: text[m.start : m.end].strip() for m in mentions(text, timeline) if m.index is not None}
    if len(found) != 1:
        return None
    index, words = next(iter(found.items()))
    return (index, words) if 0 <= index < len(timeline.segments) else None


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


_WHOLE_VIDEO = re.compile(r"\b(?:video|movie|whole thing|overall|total)\b|视频|整个|总时长|总共")


def _length_said_after(text: str, earlier: list[Step], before: Timeline, said: str) -> list[Step] | None:
    """A bare length ("like 4.5s", "20秒吧") right after a step to a length in the same message ("make each photo
    longer", "视频长一点"): the value that step was about, and so what it replaces. A photo's step is that photo's
    length; the video's is its length, or each photo's when only that goes the way asked ("longer, 5 seconds" in a
    15 s video). An empty list when the value goes against the step either way; None when `text` is not that."""
    edits = [s.op for s in earlier if isinstance(s, Edit)]
    if len(edits) != 1 or not isinstance(edits[0], ops.SetPhotoDuration | ops.SetTotalDuration):
        return None
    if not _BARE_LENGTH.fullmatch(text) or (ms := duration_ms(text)) is None:
        return None
    step = edits[0]
    try:
        stepped = apply(before, step).duration_ms - before.duration_ms
    except PhotoreelError:
        return None
    candidates: list[ops.EditOp] = (
        [ops.SetTotalDuration(ms)]
        if _WHOLE_VIDEO.search(said)  # "make the video longer, like 10s": the video's, or against the way asked
        else [ops.SetPhotoDuration(ms, step.index)]
        if isinstance(step, ops.SetPhotoDuration)
        else [ops.SetTotalDuration(ms), ops.SetPhotoDuration(ms)]
    )
    for op in candidates:
        try:
            change = apply(before, op).duration_ms - before.duration_ms
        except PhotoreelError:
            continue
        if change * stepped > 0 or (change == 0 and stepped == 0):
            return [Edit(op)]
    return []


class RuleBasedInterpreter:
    """Split the message into clauses and read each in the light of the conversation so far. Later clauses see
    earlier clauses' edits, and what they were about."""

    def interpret(self, message: str, view: View) -> Plan:
        plan = Plan(language=reply_language(message, view), memory=view.memory)
        timeline = view.timeline
        memory = view.memory
        clauses = split_clauses(message[:MAX_MESSAGE_CHARS])
        if len(clauses) > 1 and message.rstrip().endswith(("?", "？")) and asks_only(clauses[0].text):
            # "What's the difference between fade and fade to black?": one question, not two requests
            clauses = [dataclasses.replace(clauses[0], text=" and ".join(c.text for c in clauses))]
        k = 0
        # The steps of the last clause when it was a complaint ("the music is too loud"), and the timeline before
        # them: a next clause that fixes the same thing ("turn it down a bit") replaces them rather than adding a step.
        complaint: tuple[int, Timeline, Memory] | None = None
        # The steps of the last clause when it only set values (a length, a level, a transition): where they start,
        # the timeline before them, and whether a value was given. A next clause setting the same values replaces them.
        setting: tuple[int, Timeline, bool] | None = None
        mentioned: list[tuple[str, int]] = []  # missed clauses that named one photo, and its position
        ratio_said = False  # an aspect ratio given in numbers earlier in the message
        edited_here = False  # an earlier clause of this message was understood (what it was about is in memory)
        last_ops: set[tuple[type, int | None, tuple[str, ...]]] = set()
        remarks: list[str] = []  # missed clauses right after a complaint: what it feels like, not a condition
        while k < len(clauses):
            clause = clauses[k]
            k += 1
            if _POLITE.fullmatch(clause.text):
                continue  # "hi", "thanks!", "谢谢": nothing to do, nothing to complain about
            if plan.steps and marker_only(clause.text):
                continue  # "撤销，删错了": why the undo, not another change
            kept = dialogue.kept_after_all(clause.text, view) if not plan.steps and timeline == view.timeline else None
            if kept is not None:
                # "don't delete it, move it to the end": the removal taken back, and what it removed is "it"
                assert view.previous is not None
                plan.steps.append(Command("undo"))
                timeline, memory = view.previous, kept[0]
                edited_here = True
                if kept[1]:
                    continue
                clause = dataclasses.replace(clause, text=dialogue.strip_correction(clause.text))
            current = dataclasses.replace(view, timeline=timeline, memory=memory)
            stepped = _STEPPED_LENGTH.fullmatch(clause.text)
            if stepped is not None and memory.subject == "clip":
                # "再短点 4秒" after trimming the clip: the step says which way, the value how far
                clause = dataclasses.replace(clause, text=stepped.group(1) or stepped.group(2))
            after_subject = edited_here or (stepped is not None and memory.subject == "clip")
            if after_subject and memory.subject in ("photo", "clip") and _BARE_LENGTH.fullmatch(clause.text):
                # "它放久一点，五秒吧", "再短一点，4秒吧" after the clip: a bare length right after a photo's or the
                # clip's is its length (across messages it may be the video's, and is read so).
                if memory.subject == "clip":
                    said = f"把视频片段剪到{clause.text}" if has_cjk(clause.text) else f"trim the clip to {clause.text}"
                else:
                    said = dialogue.with_subject(clause.text, memory) or clause.text
                clause = dataclasses.replace(clause, text=said)
            lengths = (
                _length_said_after(clause.text, plan.steps[setting[0] :], setting[1], memory.last_clause)
                if setting
                else None
            )
            if lengths is not None and setting is not None:
                # "make each photo longer, like 4.5s", "longer, 5 seconds": the value the step was about
                if not lengths:
                    plan.not_understood.append(clause.text)  # a value against the way asked: the step stands
                    remarks.append(clause.text)
                    continue
                del plan.steps[setting[0] :]
                timeline = setting[1]
                current = dataclasses.replace(view, timeline=timeline, memory=memory)
            steps, used, asked = (lengths, clause, None) if lengths else self._read(clause, current)
            if steps is None and k < len(clauses):
                # "红色那张，删掉": a description and its verb split apart by a comma; "橙色那张，没人的那个，删掉":
                # a description narrowed by the next, then the verb.
                readings_joined = []
                for more in (1, 2)[: len(clauses) - k]:
                    joined = dataclasses.replace(
                        clause, text=" ".join([clause.text, *(c.text for c in clauses[k : k + more])])
                    )
                    readings_joined.append(self._read(joined, current))
                    if readings_joined[-1][0] is not None:
                        k += more
                        clause = joined  # what was read, for a complaint's or a setting's second reading below
                        break
                else:
                    readings_joined.append(readings_joined[0])  # none read: as the first joining left it
                steps, used, asked = readings_joined[-1]
            reason = (
                complaint is not None
                and steps is not None
                and _REASON.search(clause.text)
                and _one_photo(used.text, timeline) is None  # "吃饭那张太暗，大家都看不清": about a photo of its own
            )
            if reason and complaint is not None:
                # "字幕太小了，我爸都看不清，放大很多", "音乐太吵了 都听不见视频里说话了": why the complaint matters,
                # not another change (read on its own, "听不见" would turn the music up)
                continue
            if (
                complaint is not None
                and steps is not None
                and all(isinstance(s, Command) and s.name == "undo" for s in steps)
            ):
                # "no, too quiet now, back to how it was": the fix for the complaint is the undo, not a step too
                del plan.steps[complaint[0] :]
                timeline = complaint[1]
            elif complaint is not None and steps is not None:
                at, before, _ = complaint
                redo, redo_used, _ = self._read(clause, dataclasses.replace(view, timeline=before, memory=memory))
                if redo is not None and _ops(redo) == _ops(plan.steps[at:]):
                    del plan.steps[at:]
                    timeline, steps, used = before, redo, redo_used
            elif (
                setting is not None
                and steps is not None
                and _settings_only(steps)
                and not _COMPLAINT.search(clause.text)  # a complaint after its fix adds nothing (below)
                and _ops(steps) == _ops(plan.steps[setting[0] :])
            ):
                # "慢一点，每张多停留一会儿", "too fast … twice as long", "longer, 5 seconds": one setting said twice in
                # a message is one change, from where the message found it: the last word on it, unless that is
                # only vaguer than a value already given ("exactly 30 seconds, so stretch it to fill it").
                at, before, exact = setting
                if exact and not _VALUE_SAID.search(clause.text):
                    continue
                redo, redo_used, _ = self._read(clause, dataclasses.replace(view, timeline=before, memory=memory))
                if redo is not None and _ops(redo) == _ops(plan.steps[at:]):
                    del plan.steps[at:]
                    timeline, steps, used = before, redo, redo_used
            if steps is None and asked is None and complaint is not None and _one_photo(used.text, timeline) is None:
                plan.not_understood.append(clause.text)
                remarks.append(clause.text)
                continue  # "视频太长了，看着累，短一点": a remark between a complaint and its fix
            complaint = None
            if asked is not None:
                plan.steps.append(asked)  # a description that fits several photos, or none: ask, change nothing
                memory = dialogue.asked(clause, used.text)
                continue
            if steps is None:
                plan.not_understood.append(clause.text)
                named = _one_photo(used.text, timeline)
                if named is not None:
                    # "The dinner photo is way too dark, … so let's just drop it": what "it" is, said first.
                    memory = Memory(subject="photo", subject_index=named[0], reference=named[1])
                    mentioned.append((clause.text, named[0]))
                elif timeline.texts and _TEXT_NOUN.search(clause.text):
                    # "The text is wrong, it should say …": about the text, which one not yet known if several
                    only = 0 if len(timeline.texts) == 1 else None
                    memory = Memory(subject="text", subject_index=only, reference="the text")
                    mentioned.append((clause.text, -1))
                continue
            if ratio_said and not says_ratio(clause.text):
                # "改成4:5的，发ins用": the platform says where it goes; the ratio given already says what shape
                steps = [s for s in steps if not _aspect_only(s)]
                if not steps:
                    continue
            ratio_said = ratio_said or says_ratio(clause.text)
            for words, index in mentioned:
                acted = [getattr(s.op, "index", getattr(s.op, "source", None)) for s in steps if isinstance(s, Edit)]
                texts = index == -1 and any(isinstance(s, Edit) and isinstance(s.op, ops.UpdateText) for s in steps)
                if index in acted or texts:
                    plan.not_understood.remove(words)  # understood after all: as what a later clause acts on
            mentioned = []
            if _COMPLAINT.search(clause.text) and _ops(steps):
                if last_ops and _ops(steps) <= last_ops:
                    continue  # "way faster, the slides drag on forever": the fix came first; the complaint adds nothing
                complaint = (len(plan.steps), timeline, memory)
            last_ops = _ops(steps)
            edited_here = True
            # After a replacement above, this is where the replaced steps began and the timeline before them.
            undone = 0
            if steps[0] == Command("undo") and timeline == view.timeline and view.previous is not None:
                timeline = view.previous  # "I meant the selfie": the edit taken back, the rest made on what was before
                undone = 1
            exact = bool(_VALUE_SAID.search(used.text))
            # "反了，我要大一点": the setting made after the undo, which the next clause may say again
            at = len(plan.steps) + undone
            setting = (at, timeline, exact) if _settings_only(steps[undone:]) else None
            plan.steps.extend(steps)
            remembered = dialogue.remember(used, steps, timeline, memory)
            if _COMPLAINT.search(clause.text) and memory.last_clause:
                # "too slow, make it 4": what a correction corrects is the request before the complaint
                remembered = dataclasses.replace(
                    remembered, last_clause=memory.last_clause, reference=memory.reference, quotes=memory.quotes
                )
            memory = remembered
            if all(isinstance(s, Command) and s.name in _WHICH for s in steps):
                memory = dialogue.asked_which(used)  # "mute it" / "the music": the answer finishes the clause
            for step in steps:
                if isinstance(step, Edit):
                    # A refused edit is left for the service to apply for real and explain.
                    with contextlib.suppress(PhotoreelError):
                        timeline = apply(timeline, step.op)
        plan.memory = memory
        # The same question asked by two clauses ("the text is wrong, it should say …") is asked once.
        plan.steps = [
            s
            for k, s in enumerate(plan.steps)
            if not (isinstance(s, Command) and s.name not in ("undo", "redo") and s in plan.steps[:k])
        ]
        if plan.not_understood:
            plan.suggestions = closest(plan.not_understood[0], plan.language)
            qualified = any(
                _QUALIFIER.search(c)
                or (_MAYBE_QUALIFIER.search(c) and not _EXPLANATION.search(c))
                or not (_EXPLANATION.search(c) or _COMPLAINT.search(c) or _TOO.search(c) or _REMARK.fullmatch(c))
                for c in plan.not_understood
                if c not in remarks
            )
            if qualified and any(isinstance(s, Edit) and isinstance(s.op, DESTRUCTIVE) for s in plan.steps):
                plan.withheld = [s for s in plan.steps if isinstance(s, Edit) or s.name == "export"]
                plan.steps = [s for s in plan.steps if s not in plan.withheld]
        return plan

    def _read(self, clause: Clause, view: View) -> tuple[list[Step] | None, Clause, Command | None]:
        """(steps, the reading that gave them, or a question instead)."""
        beside = dialogue.neighbour(clause.text, view.memory, view.timeline)
        if beside is not None:
            clause = dataclasses.replace(clause, text=beside)  # "the one right after it": by its number
        resolved = resolve(clause.text, view.timeline)
        if resolved.problem is not None:
            back = restore(clause, view)  # "bring the night one back": named by a photo no longer on the timeline
            if back is not None:
                return back, clause, None
            return None, dataclasses.replace(clause, text=resolved.words), resolved.problem
        adding = _BACK_WORDS.search(clause.text) or re.search(
            r"\b(?:add|use|insert|include|put)\b|加|添|用|插入", clause.text
        )
        if resolved.text == clause.text and not adding:
            gone = off_the_timeline(clause.text, view.timeline)
            if gone:
                # "晚餐那张再短一点" after the dinner photo was removed: it is not there to change
                return None, dataclasses.replace(clause, text=gone[0].name), Command("no-photo", ((0, gone[0].name),))
        said = dataclasses.replace(clause, text=resolved.text)
        if dialogue.undo_first(said.text, view.memory) and view.previous is not None:
            # "I meant the selfie" after an edit: take the edit back, then make it on the photo meant, named on
            # the timeline as it was before that edit.
            # Read on the timeline before that edit, where a position remembered from after it means nothing.
            before = dataclasses.replace(
                view, timeline=view.previous, memory=dataclasses.replace(view.memory, subject_index=None)
            )
            again = resolve(clause.text, view.previous)
            recalled, memory = dialogue.recall(clause, view.memory)
            rewrite = (
                (dialogue.wrong_way(again.text, memory) or dialogue.correction(again.text, memory))
                if again.problem is None
                else None
            )
            fixed = dataclasses.replace(recalled, text=rewrite) if rewrite else None
            steps = by_rules(fixed, before) if fixed is not None else None
            if steps is not None and fixed is not None:
                return [Command("undo"), *steps], fixed, None
        which = dialogue.which_of_them(said.text, view.memory, view.timeline)
        if which is not None and commands(said, view) is None:
            # "make that one 5 seconds" right after a swap: which of the two?
            return None, dataclasses.replace(said, text=which[1]), which[0]
        for reading in readings(said, view.memory, view.timeline):
            steps = by_rules(reading, view)
            if steps is not None:
                return steps, reading, None
        return None, said, None
