"""The rule-based interpreter: English and Chinese, no network, no model download."""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Protocol

from photoreel.agent.plan import Edit, Plan, Step, View
from photoreel.agent.rules import ADDITIVE, EXCLUSIVE
from photoreel.agent.text import has_cjk, split_clauses
from photoreel.errors import PhotoreelError
from photoreel.timeline import apply

MAX_MESSAGE_CHARS = 4000


class Interpreter(Protocol):
    def interpret(self, message: str, view: View) -> Plan: ...


def reply_language(message: str, view: View) -> str:
    if has_cjk(message):
        return "zh"
    if any(ch.isascii() and ch.isalpha() for ch in message):
        return "en"
    return view.language


class RuleBasedInterpreter:
    """Split the message into clauses; each clause goes to the first exclusive rule that claims it, or to
    every additive rule that recognises something. Later clauses see earlier clauses' edits."""

    def interpret(self, message: str, view: View) -> Plan:
        plan = Plan(language=reply_language(message, view))
        timeline = view.timeline
        for clause in split_clauses(message[:MAX_MESSAGE_CHARS]):
            current = dataclasses.replace(view, timeline=timeline)
            steps: list[Step] | None = None
            for rule in EXCLUSIVE:
                steps = rule(clause, current)
                if steps is not None:
                    break
            if steps is None:
                found = [step for rule in ADDITIVE for step in (rule(clause, current) or [])]
                steps = found or None
            if steps is None:
                plan.not_understood.append(clause.text)
                continue
            plan.steps.extend(steps)
            for step in steps:
                if isinstance(step, Edit):
                    # A refused edit is left for the service to apply for real and explain.
                    with contextlib.suppress(PhotoreelError):
                        timeline = apply(timeline, step.op)
        return plan
