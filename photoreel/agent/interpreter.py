"""The rule-based interpreter: English and Chinese, no network, no model download."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from typing import Protocol

from photoreel.agent import dialogue
from photoreel.agent.memory import Memory
from photoreel.agent.plan import Command, Edit, Plan, Step, View
from photoreel.agent.references import resolve
from photoreel.agent.rules import ADDITIVE, EXCLUSIVE
from photoreel.agent.suggest import closest
from photoreel.agent.text import Clause, has_cjk, split_clauses
from photoreel.errors import PhotoreelError
from photoreel.timeline import Timeline, apply, ops

MAX_MESSAGE_CHARS = 4000
# Edits that take something away: never applied when part of the same message was not understood, since the
# part missed may have said which one, or "except".
DESTRUCTIVE = (ops.RemoveSegment, ops.RemoveText, ops.RemoveMusic)


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
    """The clause as the rules should read it, most specific first: a correction of the last clause ("actually
    make it 5"), the last clause repeated for something else ("the same for the caption"), the clause as said,
    then with its pronoun written as the last thing talked about ("delete that")."""
    for rewrite in (dialogue.correction(clause.text, memory), dialogue.repeat_for(clause.text, memory, timeline)):
        if rewrite is not None:
            yield dataclasses.replace(clause, text=rewrite)
    yield clause
    pronoun = dialogue.resolve_pronoun(clause.text, memory)
    if pronoun is not None:
        yield dataclasses.replace(clause, text=pronoun)


class RuleBasedInterpreter:
    """Split the message into clauses and read each in the light of the conversation so far. Later clauses see
    earlier clauses' edits, and what they were about."""

    def interpret(self, message: str, view: View) -> Plan:
        plan = Plan(language=reply_language(message, view), memory=view.memory)
        timeline = view.timeline
        memory = view.memory
        for clause in split_clauses(message[:MAX_MESSAGE_CHARS]):
            current = dataclasses.replace(view, timeline=timeline, memory=memory)
            text, problem = resolve(clause.text, timeline)
            if problem is not None:
                plan.steps.append(problem)  # a description that fits several photos, or none: ask, change nothing
                continue
            said = dataclasses.replace(clause, text=text)
            steps, used = None, said
            for reading in readings(said, memory, timeline):
                steps = by_rules(reading, current)
                if steps is not None:
                    used = reading
                    break
            if steps is None:
                plan.not_understood.append(clause.text)
                continue
            plan.steps.extend(steps)
            memory = dialogue.remember(used.text, steps, timeline, memory)
            for step in steps:
                if isinstance(step, Edit):
                    # A refused edit is left for the service to apply for real and explain.
                    with contextlib.suppress(PhotoreelError):
                        timeline = apply(timeline, step.op)
        plan.memory = memory
        if plan.not_understood:
            plan.suggestions = closest(plan.not_understood[0], plan.language)
            if any(isinstance(s, Edit) and isinstance(s.op, DESTRUCTIVE) for s in plan.steps):
                plan.withheld = [s for s in plan.steps if isinstance(s, Edit) or s.name == "export"]
                plan.steps = [s for s in plan.steps if s not in plan.withheld]
        return plan
