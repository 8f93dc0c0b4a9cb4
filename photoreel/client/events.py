"""Typed events from `/run_sse`, parsed from ADK Event JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Heartbeat:
    """The server is still working."""


@dataclass(frozen=True)
class ToolCall:
    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolResult:
    name: str
    response: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    text: str
    final: bool = True


@dataclass(frozen=True)
class ErrorEvent:
    code: int
    message: str


AgentEvent = Heartbeat | ToolCall | ToolResult | Reply | ErrorEvent


def parse_event(data: dict[str, Any]) -> list[AgentEvent]:
    if data.get("errorCode"):
        code = str(data["errorCode"])
        return [ErrorEvent(int(code) if code.isdigit() else 500, str(data.get("errorMessage") or code))]
    out: list[AgentEvent] = []
    for part in (data.get("content") or {}).get("parts") or []:
        if "functionCall" in part:
            call = part["functionCall"]
            out.append(ToolCall(call.get("name", ""), call.get("args") or {}))
        elif "functionResponse" in part:
            response = part["functionResponse"]
            out.append(ToolResult(response.get("name", ""), response.get("response") or {}))
        elif part.get("text"):
            out.append(Reply(part["text"], final=bool(data.get("turnComplete", True))))
    return out
