"""`/run_sse` and `/run`: Google ADK api_server's request body and Event JSON, over SSE or as a list."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.responses import AgentEvent
from photoreel.errors import BadRequest
from photoreel.service import sessions
from photoreel.service.context import AppContext
from photoreel.service.instructions import TurnEvent, run_turn
from photoreel.store.models import Account

router = APIRouter(tags=["agent"])
AUTHOR = "nemo_agent"


class Part(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str | None = None


class Content(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str = "user"
    parts: list[Part] = Field(default_factory=list)


class RunRequest(BaseModel):
    """ADK's RunAgentRequest (camelCase or snake_case keys)."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")
    app_name: str = Field("nemo_agent", alias="appName")
    user_id: str = Field("me", alias="userId")
    session_id: str = Field(alias="sessionId")
    new_message: Content = Field(alias="newMessage")
    streaming: bool = False


def _adk_event(event: TurnEvent, invocation: str) -> AgentEvent:
    base: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "invocation_id": invocation,
        "author": AUTHOR,
        "timestamp": time.time(),
        "actions": {"stateDelta": {}, "artifactDelta": {}, "requestedAuthConfigs": {}},
    }
    if event.kind == "call":
        part = {"functionCall": {"id": event.call_id, "name": event.name, "args": event.payload}}
        return AgentEvent(**base, content={"role": "model", "parts": [part]})
    if event.kind == "result":
        part = {"functionResponse": {"id": event.call_id, "name": event.name, "response": event.payload}}
        return AgentEvent(**base, content={"role": "user", "parts": [part]})
    if event.kind == "error":
        return AgentEvent(**base, error_code=str(event.code), error_message=event.text, turn_complete=True)
    return AgentEvent(**base, content={"role": "model", "parts": [{"text": event.text}]}, turn_complete=True)


def _message(ctx: AppContext, account: Account, body: RunRequest) -> str:
    text = "\n".join(p.text for p in body.new_message.parts if p.text).strip()
    if not text:
        raise BadRequest("new_message has no text part")
    if len(text) > ctx.settings.max_message_chars:
        raise BadRequest(f"the message is too long ({ctx.settings.max_message_chars} characters at most)")
    sessions.check_access(ctx, account, body.session_id)  # 1002 before any stream starts
    return text


def _turn(ctx: AppContext, account: Account, body: RunRequest, text: str) -> list[AgentEvent]:
    invocation = f"e-{uuid.uuid4()}"
    events = run_turn(ctx, account, body.session_id, text, ctx.interpreter)
    return [_adk_event(e, invocation) for e in events]


@router.post(
    "/run_sse",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "`data:` lines, each an AgentEvent."}},
)
async def run_sse(body: RunRequest, account: CurrentAccount, ctx: Context) -> StreamingResponse:
    """Send an instruction; events stream back as Server-Sent Events, with heartbeat comments while it works."""
    text = await run_in_threadpool(_message, ctx, account, body)

    async def stream() -> AsyncIterator[str]:
        work = asyncio.ensure_future(run_in_threadpool(_turn, ctx, account, body, text))
        while True:
            done, _ = await asyncio.wait({work}, timeout=ctx.settings.sse_heartbeat_s)
            if done:
                break
            yield ": heartbeat\n\n"
        try:
            events = work.result()
        except Exception:
            error = TurnEvent("error", code=500, text="the instruction failed unexpectedly; it has been logged")
            events = [_adk_event(error, f"e-{uuid.uuid4()}")]
        for event in events:
            yield f"data: {json.dumps(event.model_dump(by_alias=True), ensure_ascii=False)}\n\n"

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


@router.post("/run")
def run(body: RunRequest, account: CurrentAccount, ctx: Context) -> list[AgentEvent]:
    """The same events as `/run_sse`, as one JSON list."""
    return _turn(ctx, account, body, _message(ctx, account, body))
