"""How one clause is read: the readings the conversation gives it, tried in turn against the rules, and the
question to ask instead when the words fit several photos or none."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from photoreel.agent import dialogue
from photoreel.agent.memory import Memory
from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.references import off_the_timeline, resolve, which_photo
from photoreel.agent.rules import ADDITIVE, EXCLUSIVE
from photoreel.agent.rules.commands import commands
from photoreel.agent.rules.common import photo_indexes
from photoreel.agent.rules.restore import BACK as _BACK_WORDS
from photoreel.agent.rules.restore import restore
from photoreel.agent.text import Clause
from photoreel.timeline import Timeline

# "that one", "那张" with nothing spoken of before it to point at
_THAT_PHOTO = re.compile(r"\b(?:that|this) (?:one|photo|picture|pic)\b|那张|这张|那一张|这一张")


# "这张照片放久一点", "make this photo longer": the photo pointed at is all the clause names
# ("那张大合照" describes one)
_ONLY_POINTED = re.compile(
    r"^(?:把)?(?:这|那)一?张(?:照片|图片|图)?(?=\s*(?:放|停|删|挪|移|改|调|加|再|多|少|换|去掉|延长|缩短))"
    r"|^(?:(?:please|can you|could you)\s+)?(?:make|put|move|delete|remove|drop|lengthen|shorten)?\s*(?:this|that) "
    r"(?:photo|picture|pic|one)\b(?!\s+(?:of|with|from|where|that|which))"
)


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
        dialogue.the_others(clause.text, memory, timeline),
        dialogue.another_text(clause.text, memory),
        dialogue.gapped(clause.text, memory),
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


def read(clause: Clause, view: View) -> tuple[list[Step] | None, Clause, Command | None]:
    """(steps, the reading that gave them, or a question instead)."""
    narrower = dialogue.narrowed(clause.text, view.memory)
    if narrower is not None:
        # the question answered: the rest is read as a request of its own
        clause = dataclasses.replace(clause, text=narrower)
        view = dataclasses.replace(view, memory=dataclasses.replace(view.memory, subject="", reference=""))
    was = dialogue.as_it_was(clause.text, view.memory, view.timeline, view.previous)
    if was is not None:
        clause = dataclasses.replace(clause, text=was)  # "the one that was first before that": by its number now
    earliest = dialogue.first_mentioned(clause.text, view.memory, view.timeline)
    if earliest is not None:
        clause = dataclasses.replace(clause, text=earliest)  # "the first one I mentioned": by its number
    beside = dialogue.neighbour(clause.text, view.memory, view.timeline, view.previous)
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
    pointed = _THAT_PHOTO.search(said.text)
    nothing_before = not view.memory.subject and view.memory.photo_index is None and not view.memory.last_clause
    only_pointed = _ONLY_POINTED.match(said.text) is not None
    if pointed is not None and only_pointed and nothing_before and len(photo_indexes(view.timeline)) > 1:
        # "这张照片放久一点" as the first words: not every photo, and not a guess at one; which?
        return None, dataclasses.replace(said, text=pointed.group(0)), which_photo(view.timeline)
    for reading in readings(said, view.memory, view.timeline):
        steps = by_rules(reading, view)
        if steps is not None:
            return steps, reading, None
    if pointed is not None and not view.memory.subject and photo_indexes(view.timeline):
        # "把那张改成5秒" with nothing said before: which one? (the answer takes the place of "那张")
        return None, dataclasses.replace(said, text=pointed.group(0)), which_photo(view.timeline)
    return None, said, None
