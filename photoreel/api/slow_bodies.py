"""Request bodies that stall or trickle, and too many uploads at once: the slowloris defence.

A client that sends headers and then nothing (or a byte now and then) would otherwise hold its connection, its
temporary file and a worker slot for as long as it likes. Here each wait for the next piece of a body is
limited (`body_idle_s`), a body must keep up a minimum rate once it has had `body_rate_window_s` to get going,
and uploads in flight are capped per caller and per server. A body cut off gets a 408 envelope and the
connection is closed; the route sees the client as gone, so whatever it wrote is removed as for any broken
upload. Nginx's `client_body_timeout` (60 s) is the same idea one hop earlier.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photoreel.api.envelope import failure

UPLOAD_PATH = "/api/upload-video/"


@dataclass(frozen=True)
class BodyLimits:
    idle_s: float  # longest wait for the next piece of a body
    min_bytes_per_s: float  # slowest body kept once it has had `rate_window_s`
    rate_window_s: float
    uploads_per_server: int
    uploads_per_caller: int


class SlowBodyGuard:
    """ASGI middleware; `caller` names who is asking (the same key the rate limit uses)."""

    def __init__(
        self, app: ASGIApp, limits: BodyLimits, caller: Callable[[Scope], tuple[tuple[str, ...], str]]
    ) -> None:
        self.app = app
        self.limits = limits
        self.caller = caller
        self._uploads = 0
        self._uploads_by: defaultdict[str, int] = defaultdict(int)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_upload = scope.get("method") == "POST" and scope.get("path", "").startswith(UPLOAD_PATH)
        if not is_upload:
            await self._guarded(scope, receive, send)
            return
        key = self.caller(scope)[0][0]  # the token's, or the address's without one
        if self._uploads >= self.limits.uploads_per_server or self._uploads_by[key] >= self.limits.uploads_per_caller:
            busy = "this server is" if self._uploads >= self.limits.uploads_per_server else "you are"
            response = failure(
                429,
                f"too many uploads in flight ({busy} at the limit); retry when one has finished",
                429,
                headers={"Retry-After": "5", "Connection": "close"},
            )
            await response(scope, receive, send)
            return
        self._uploads += 1
        self._uploads_by[key] += 1
        try:
            await self._guarded(scope, receive, send)
        finally:
            self._uploads -= 1
            self._uploads_by[key] -= 1
            if not self._uploads_by[key]:
                del self._uploads_by[key]

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        limits = self.limits
        started = time.monotonic()
        received = 0
        body_done = False
        cut_off = False
        response_started = False

        async def cut(reason: str) -> Message:
            nonlocal cut_off
            cut_off = True
            if not response_started:
                response = failure(408, reason, 408, headers={"Connection": "close"})
                await response(scope, receive, send)
            return {"type": "http.disconnect"}

        async def guarded_receive() -> Message:
            nonlocal received, body_done
            if body_done or cut_off:
                return await receive()  # after the body: only a disconnect is left to wait for, however long
            try:
                message = await asyncio.wait_for(receive(), limits.idle_s)
            except TimeoutError:
                return await cut(f"the request body stalled: nothing arrived for {limits.idle_s:g} s")
            if message["type"] != "http.request":
                return message
            received += len(message.get("body", b""))
            body_done = not message.get("more_body", False)
            elapsed = time.monotonic() - started
            if not body_done and elapsed > limits.rate_window_s and received < limits.min_bytes_per_s * elapsed:
                return await cut(
                    f"the request body is arriving too slowly ({received / elapsed:.0f} bytes/s; "
                    f"at least {limits.min_bytes_per_s:g} are needed)"
                )
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal response_started
            if cut_off:
                return  # the 408 has been sent: the route's own late answer (to a "disconnect") goes nowhere
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        await self.app(scope, guarded_receive, guarded_send)
