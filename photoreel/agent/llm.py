"""An optional language model for what the rules do not understand: the rules read every message first (fast and
free); only the clauses they miss go to a chat model, which answers with the same edits, offered as tools whose
JSON schemas come from the edit operation types. Its edits are checked on the timeline as the rules' are before
they join the plan; any failure leaves the rules' plan as it was.

The model is a port (`ChatModel`): the agent does no I/O. The OpenAI-compatible HTTP adapter is at the edge,
`service/chat_model.py`."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import types
import typing
from dataclasses import MISSING, fields
from typing import Any, Protocol

from photoreel.agent.interpreter import Interpreter
from photoreel.agent.plan import COMMANDS, Command, Edit, Plan, Step, View
from photoreel.errors import PhotoreelError, TimelineError
from photoreel.timeline import apply, op_json, ops, summarize
from photoreel.timeline.effects import FITS, MOTIONS, POSITIONS, TRANSITIONS
from photoreel.timeline.output import OUTPUT_OPTIONS

log = logging.getLogger("photoreel.agent.llm")

# The edits offered as tools: every edit a request may name (timeline/op_json.py) but those whose arguments a model
# gets wrong more than right (a clip's media id, a text's field list, beat maths, per-photo looks).
_NOT_FOR_MODELS = frozenset({"AddClip", "UpdateText", "SyncToBeat", "SetLook"})
OFFERED: tuple[type[ops.EditOp], ...] = tuple(cls for name, cls in op_json.EDITS.items() if name not in _NOT_FOR_MODELS)
_OFFERED_NAMES = frozenset(cls.__name__ for cls in OFFERED)
_CHOICES = {
    **{option.name: list(option.values) for option in OUTPUT_OPTIONS},
    "fit": list(FITS),
    "motion": list(MOTIONS),
    "position": list(POSITIONS),
    "by": list(ops.SORT_KEYS),
    "role": ["title", "caption"],
}
_COMMAND_TOOLS = [c for c in COMMANDS if c not in ("upload", "help", "nothing")]

ToolCall = tuple[str, dict[str, Any]]  # a tool's name and its arguments


class ChatModel(Protocol):
    """A language model that answers a message by calling some of the tools offered (OpenAI's `tools` form)."""

    def tool_calls(self, system: str, message: str, tools: list[dict[str, Any]]) -> list[ToolCall]: ...


def _json_type(hint: Any) -> tuple[dict[str, Any], bool]:
    """(schema, optional) for a dataclass field's type hint."""
    optional = False
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0]
        origin = typing.get_origin(hint)
    if origin is tuple:
        return {"type": "array", "items": {"type": "string"}}, optional
    simple = {int: "integer", float: "number", str: "string", bool: "boolean"}
    return {"type": simple.get(hint, "string")}, optional


def _schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in fields(cls):
        if f.name in op_json.NOT_FROM_OUTSIDE:
            continue
        schema, optional = _json_type(hints[f.name])
        if f.name in _CHOICES:
            schema["enum"] = _CHOICES[f.name]
        if f.name == "name" and cls is ops.SetTransition:
            schema["enum"] = list(TRANSITIONS)
        properties[f.name] = schema
        if f.default is MISSING and f.default_factory is MISSING and not optional:
            required.append(f.name)
    return {"type": "object", "properties": properties, "required": required}


def tool_specs() -> list[dict[str, Any]]:
    """Every offered edit and command as an OpenAI `tools` entry."""
    specs = []
    for cls in OFFERED:
        nested = op_json.NESTED.get(cls)
        schema = _schema(nested[1]) if nested else _schema(cls)
        doc = (cls.__doc__ or cls.__name__).strip().splitlines()[0]
        specs.append({"type": "function", "function": {"name": cls.__name__, "description": doc, "parameters": schema}})
    for name in _COMMAND_TOOLS:
        specs.append(
            {
                "type": "function",
                "function": {"name": name, "description": f"The '{name}' command.", "parameters": {"type": "object"}},
            }
        )
    return specs


def _step(name: str, args: dict[str, Any]) -> Step:
    if name in _COMMAND_TOOLS:
        return Command(name)
    if name not in _OFFERED_NAMES:
        raise TimelineError(f"{name!r} is not a tool offered")  # the model's answer is not used
    # Whatever the model sends of what it was not offered is dropped; the rest is checked as any edit from outside.
    return Edit(op_json.op_from_json(name, {k: v for k, v in args.items() if k not in op_json.NOT_FROM_OUTSIDE}))


class LLMInterpreter:
    def __init__(self, model: ChatModel, fallback: Interpreter) -> None:
        self.model = model
        self.fallback = fallback

    def _prompt(self, view: View) -> str:
        media = "\n".join(f"- {m.id}: {m.kind} {m.name}" for m in view.timeline.media) or "- (none)"
        return (
            "You edit a photo slideshow (photos and video clips) by calling tools. Indexes are 0-based positions "
            "in the run of photos and clips together. Times are milliseconds. "
            "Volumes are fractions (0.35 is 35%). Call the tools in the order the person asks; call none if the "
            f"request is not about the video.\nTimeline: {summarize(view.timeline)}\nUploaded media:\n{media}"
        )

    def interpret(self, message: str, view: View) -> Plan:
        plan = self.fallback.interpret(message, view)
        if not plan.not_understood:
            return plan
        missed = "; ".join(plan.not_understood)
        try:
            steps = self._ask(missed, view, plan)
        except Exception as exc:
            log.warning("language model unavailable (%s: %s); the rules' reading stands", type(exc).__name__, exc)
            return plan
        if not steps:
            return plan
        # The model read what the rules missed, so edits held back for want of it are safe to apply now.
        merged = [*plan.steps, *plan.withheld, *steps]
        return dataclasses.replace(plan, steps=merged, not_understood=[], suggestions=[], withheld=[])

    def _ask(self, message: str, view: View, plan: Plan) -> list[Step]:
        calls = self.model.tool_calls(self._prompt(view), message, tool_specs())
        steps = [_step(name, args) for name, args in calls]
        # Checked the same way as the rules' edits: each must apply to the timeline the plan leaves.
        timeline = view.timeline
        for step in [*plan.steps, *plan.withheld]:
            if isinstance(step, Edit):
                with contextlib.suppress(PhotoreelError):
                    timeline = apply(timeline, step.op)
        for step in steps:
            if isinstance(step, Edit):
                timeline = apply(timeline, step.op)  # PhotoreelError: the model's answer is not used
        return steps
