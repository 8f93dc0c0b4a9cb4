"""The rule-based interpreter: English and Chinese, no network, no model download."""

from __future__ import annotations

from typing import Protocol

from photoreel.agent.plan import Plan, View
from photoreel.agent.text import has_cjk
from photoreel.agent.turn import Turn

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
    """Split the message into clauses and read each in the light of the conversation so far (see turn.Turn)."""

    def interpret(self, message: str, view: View) -> Plan:
        return Turn.of(message[:MAX_MESSAGE_CHARS], view, reply_language(message, view)).run()
