"""Per-request concerns: who is asking, one structured log line each, and a per-caller rate limit."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import re
import threading
import time
from collections import OrderedDict, defaultdict

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from photoreel.api.envelope import failure
from photoreel.api.metrics import Metrics

access_log = logging.getLogger("photoreel.access")
log = logging.getLogger("photoreel.api")
_SESSION_IN_PATH = re.compile(r"(sess_[0-9a-f]{32})")
# On every response. The page loads only its own script and styles; pictures and videos may also come from a
# bucket's presigned URLs (https) or the page's own blobs.
_API_DOCS = ("/docs", "/redoc")  # FastAPI's Swagger and ReDoc pages load their own scripts: no CSP there
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob: https:; "
        b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def client_address(scope: Scope, trusted_proxies: list[str]) -> str:
    """Who is asking: the connection's peer, or, when the peer is one of our `trusted_proxies`, the nearest
    address in X-Forwarded-For that is not a proxy of ours (anything further left could be made up)."""
    peer = (scope.get("client") or ("-", 0))[0]
    if not trusted_proxies or not _is_trusted(peer, trusted_proxies):
        return str(peer)
    forwarded = [a.strip() for a in (_header(scope, b"x-forwarded-for") or "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if not _is_trusted(address, trusted_proxies):
            return address
    return str(peer)


def _is_trusted(address: str, trusted_proxies: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in trusted_proxies)


def _token_digest(scope: Scope) -> str | None:
    token = (_header(scope, b"authorization") or "").partition(" ")[2].strip()
    return hashlib.sha256(token.encode()).hexdigest()[:24] if token else None


class Callers:
    """Who a request is from, for rate limits and caps: its account's token once that token has been seen to be
    valid, otherwise its client address. A made-up bearer on each request therefore shares its address's limit
    instead of getting a fresh one each time. Tokens are vouched for by the authentication dependency and
    remembered for a while (bounded), so this costs no database read per request."""

    def __init__(self, trusted_proxies: list[str], remember_s: float = 600.0, most: int = 100_000) -> None:
        self.trusted_proxies = trusted_proxies
        self.remember_s = remember_s
        self.most = most
        self._valid: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def vouch(self, authorization: str | None) -> None:
        """The authentication dependency found this header's token valid."""
        digest = _token_digest({"headers": [(b"authorization", (authorization or "").encode("latin-1"))]})
        if digest is None:
            return
        with self._lock:
            self._valid[digest] = time.monotonic() + self.remember_s
            self._valid.move_to_end(digest)
            while len(self._valid) > self.most:
                self._valid.popitem(last=False)

    def __call__(self, scope: Scope) -> tuple[tuple[str, ...], str]:
        """(the limit keys the request counts against, a short id for logs). A token counts against its own
        key, which every server of a fleet shares; until it has been found valid here, also against its
        address's, so a made-up bearer per request gains nothing."""
        digest = _token_digest(scope)
        address = f"ip:{client_address(scope, self.trusted_proxies)}"
        if digest is None:
            return (address,), "-"
        with self._lock:
            until = self._valid.get(digest)
            if until is not None and until < time.monotonic():
                del self._valid[digest]
                until = None
        keys = (f"t:{digest}",) if until is not None else (f"t:{digest}", address)
        return keys, digest[:12]


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
    def __init__(
        self, app: ASGIApp, limiter: RateLimiter | SharedRateLimiter, callers: Callers, metrics: Metrics | None = None
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.callers = callers
        self.metrics = metrics

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
        keys, who = self.callers(scope)
        status = [500]

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                extra = SECURITY_HEADERS if not path.startswith(_API_DOCS) else SECURITY_HEADERS[:-1]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        path = scope.get("path", "")
        retry = None
        # Frame previews are signed links with a limiter of their own (api/routes/frames.py): a person scrubbing asks
        # for several a second, which the per-caller limit would cut off within a minute.
        if path != "/healthz" and not path.startswith("/api/frames/"):
            for key in keys:
                retry = await self._retry_after(key) or retry
        try:
            if retry is not None:
                response = failure(
                    429, f"too many requests; retry in {retry} s", 429, headers={"Retry-After": str(retry)}
                )
                await response(scope, receive, send_and_note)
            else:
                await self.app(scope, receive, send_and_note)
        finally:
            if self.metrics is not None:
                self.metrics.observe(scope, status[0], time.perf_counter() - started)
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
