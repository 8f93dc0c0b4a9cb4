"""Edits written as JSON: an op's name and its arguments, the same shape the agent's functionCall events show
(`EditOp.arguments`). Hand edits from the web page and tool calls from a language model enter through here, so a
drag, a typed instruction and a model's call all become the same `EditOp` values.

The values are checked by pydantic against each op's own type hints (a wrong type or an unknown field is a
TimelineError naming it, never a TypeError further in); what a value means is then checked by `apply`."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from photoreel.errors import TimelineError
from photoreel.timeline import ops
from photoreel.timeline.model import AudioSegment, TextSegment

# Every edit a person or a model may ask for by name. `AddMedia` is not one: media enter by upload only.
EDITS: dict[str, type[ops.EditOp]] = {
    cls.__name__: cls
    for cls in (
        ops.AddPhotos,
        ops.AddClip,
        ops.TrimClip,
        ops.SetClipVolume,
        ops.RemoveSegment,
        ops.MoveSegment,
        ops.SwapSegments,
        ops.SortPhotos,
        ops.SetPhotoDuration,
        ops.SetTotalDuration,
        ops.SetTransition,
        ops.SetMotion,
        ops.SetFit,
        ops.SetOutput,
        ops.AddText,
        ops.UpdateText,
        ops.RemoveText,
        ops.SetMusic,
        ops.SetMusicVolume,
        ops.RemoveMusic,
        ops.SetMusicDucking,
        ops.SyncToBeat,
        ops.SetLook,
    )
}
# The ops whose arguments are the fields of the value they carry (`AddText`'s are a TextSegment's).
NESTED: dict[type[ops.EditOp], tuple[str, type]] = {
    ops.AddText: ("text", TextSegment),
    ops.SetMusic: ("music", AudioSegment),
}
# A font is a file on the server: only `photoreel make --font` names one, never a request.
NOT_FROM_OUTSIDE = frozenset({"font"})


@cache
def _adapter(cls: type) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


def _field_names(cls: type) -> set[str]:
    return {f.name for f in fields(cls)}


def _checked(cls: type, name: str, args: dict[str, Any]) -> Any:
    unknown = sorted(set(args) - _field_names(cls))
    if unknown:
        raise TimelineError(f"{name} has no {', '.join(repr(k) for k in unknown)}")
    refused = sorted(k for k in set(args) & NOT_FROM_OUTSIDE if args[k] is not None)
    if refused:
        raise TimelineError(f"{name}: {', '.join(refused)} cannot be set by a request")
    try:
        return _adapter(cls).validate_python(args)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "its arguments"
        raise TimelineError(f"{name}: {where} {problem['msg'].lower()}") from None


def op_from_json(name: str, args: dict[str, Any] | None) -> ops.EditOp:
    """The edit `name` with `args`; TimelineError (400) for an unknown op, field or a wrongly typed value."""
    cls = EDITS.get(name)
    if cls is None:
        raise TimelineError(f"there is no edit called {name!r}; the edits are {', '.join(EDITS)}")
    args = dict(args or {})
    if cls is ops.UpdateText:
        index = args.pop("index", None)
        changes = _checked(TextSegment, name, {"text": "x", **args})  # each change typed as the text's field
        typed = tuple((key, getattr(changes, key)) for key in args)
        checked = _checked(ops.UpdateText, name, {"index": index, "changes": ()})
        return ops.UpdateText(checked.index, typed)
    nested = NESTED.get(cls)
    if nested is not None:
        field_name, value_type = nested
        return cls(**{field_name: _checked(value_type, name, args)})
    if cls is ops.SetOutput:
        return ops.SetOutput.checked(args)  # the output options' own check, with their own messages
    op: ops.EditOp = _checked(cls, name, args)
    return op


def op_to_json(op: ops.EditOp) -> dict[str, Any]:
    """`{"op": name, "args": {...}}`: what `op_from_json` reads back as an equal op."""
    return {"op": op.op_name, "args": op.arguments()}
