"""Per-request concerns: one structured log line each, and a per-token rate limit."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections import defaultdict

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photoreel.api.envelope import failure

access_log = logging.getLogger("photoreel.access")
log = logging.getLogger("photoreel.api")
_SESSION_IN_PATH = re.compile(r"(sess_[0-9a-f]{32})")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def caller(scope: Scope) -> tuple[str, str]:
    """(rate-limit key, short id for logs): the token's hash when there is one, else the client address."""
    auth = _header(scope, b"authorization") or ""
    token = auth.partition(" ")[2].strip()
    if token:
        digest = hashlib.sha256(token.encode()).hexdigest()[:12]
        return f"t:{digest}", digest
    client = scope.get("client") or ("-", 0)
    return f"ip:{client[0]}", "-"


class RateLimiter:
    """A fixed one-minute window per caller; cheap, in memory, per process."""

    blocking = False  # a dictionary update: fine to call on the event loop

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._window = 0
        self._counts: dict[str, int] = defaultdict(int)

    def check(self, key: str) -> int | None:
        """None when allowed; otherwise the seconds until the window resets."""
        now = time.time()
        window = int(now // 60)
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, defaultdict(int)
            self._counts[key] += 1
            if self._counts[key] > self.per_minute:
                return max(1, int(60 - now % 60))
        return None


class SharedRateLimiter:
    """The same one-minute window, counted in Redis, so several API servers share one limit per caller.

    If Redis does not answer, requests are let through (and it is logged): a limiter must not take the API down.
    """

    blocking = True  # a network round trip (up to the 0.5 s timeout): called from a worker thread

    def __init__(self, per_minute: int, redis_url: str) -> None:
        import redis

        self.per_minute = per_minute
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._errors = (redis.RedisError, OSError)

    def check(self, key: str) -> int | None:
        now = time.time()
        name = f"photoreel:rate:{int(now // 60)}:{key}"
        try:
            pipe = self._redis.pipeline()
            pipe.incr(name)
            pipe.expire(name, 61)
            count = int(pipe.execute()[0])
        except self._errors as exc:
            log.warning("rate limit not checked, Redis did not answer: %s", exc)
            return None
        return max(1, int(60 - now % 60)) if count > self.per_minute else None


class RequestMiddleware:
    def __init__(self, app: ASGIApp, limiter: RateLimiter | SharedRateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def _retry_after(self, key: str) -> int | None:
        # A Redis round trip on the event loop would stall every other request of this server while it waits.
        if self.limiter.blocking:
            return await anyio.to_thread.run_sync(self.limiter.check, key)
        return self.limiter.check(key)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        key, who = caller(scope)
        status = [500]

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        path = scope.get("path", "")
        retry = None if path == "/healthz" else await self._retry_after(key)
        try:
            if retry is not None:
                response = failure(
                    429, f"too many requests; retry in {retry} s", 429, headers={"Retry-After": str(retry)}
                )
                await response(scope, receive, send_and_note)
            else:
                await self.app(scope, receive, send_and_note)
        finally:
            match = _SESSION_IN_PATH.search(path)
            access_log.info(
                json.dumps(
                    {
                        "method": scope.get("method"),
                        "path": path,
                        "status": status[0],
                        "ms": round((time.perf_counter() - started) * 1000, 1),
                        "token": who,
                        "session": match.group(1) if match else None,
                        "skill": _header(scope, b"x-skill-source"),
                        "skill_version": _header(scope, b"x-skill-version"),
                        "skill_platform": _header(scope, b"x-skill-platform"),
                    }
                )
            )
