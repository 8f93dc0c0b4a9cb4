"""Rate limits: keyed on a token only once it is known to be valid (else on the address), addresses behind trusted
proxies only, and the shared (Redis) limiter never on the server's event loop."""

from __future__ import annotations

import threading

import anyio
import httpx

from photoreel.api.middleware import Callers, RequestMiddleware, client_address


class _RecordingLimiter:
    def __init__(self, blocking: bool) -> None:
        self.blocking = blocking
        self.threads: list[int] = []

    def check(self, key: str) -> int | None:
        self.threads.append(threading.get_ident())
        return None


async def _ok(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _loop_thread_and_limiter_threads(blocking: bool) -> tuple[int, list[int]]:
    limiter = _RecordingLimiter(blocking)
    app = RequestMiddleware(_ok, limiter, Callers([]))

    async def main() -> int:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            for _ in range(3):
                assert (await client.get("/api/credits/balance/simple")).status_code == 200
        return threading.get_ident()

    return anyio.run(main), limiter.threads


def test_a_blocking_limiter_is_called_from_a_worker_thread():
    loop, seen = _loop_thread_and_limiter_threads(blocking=True)
    assert len(seen) == 3 and loop not in seen


def test_the_in_memory_limiter_stays_on_the_loop():
    loop, seen = _loop_thread_and_limiter_threads(blocking=False)
    assert seen == [loop] * 3


def _scope(peer: str, forwarded: str | None = None, bearer: str | None = None) -> dict:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    if bearer:
        headers.append((b"authorization", f"Bearer {bearer}".encode()))
    return {"type": "http", "client": (peer, 5000), "headers": headers}


def test_forwarded_addresses_count_only_from_trusted_proxies():
    assert client_address(_scope("203.0.113.9", "1.2.3.4"), []) == "203.0.113.9", "no proxy trusted: XFF ignored"
    trusted = ["10.0.0.0/8"]
    assert client_address(_scope("10.1.1.1", "198.51.100.7, 10.2.2.2"), trusted) == "198.51.100.7"
    assert client_address(_scope("10.1.1.1", "6.6.6.6, 198.51.100.7"), trusted) == "198.51.100.7", "spoofed left"
    assert client_address(_scope("203.0.113.9", "198.51.100.7"), trusted) == "203.0.113.9", "not from our proxy"


def test_a_made_up_bearer_shares_its_address_limit_a_vouched_one_has_its_own():
    callers = Callers([])
    first, second = (
        callers(_scope("203.0.113.9", bearer="junk-1"))[0],
        callers(_scope("203.0.113.9", bearer="junk-2"))[0],
    )
    assert first[1] == second[1] == "ip:203.0.113.9", "unproven bearers also count against their address"
    callers.vouch("Bearer real")
    (only,) = callers(_scope("203.0.113.9", bearer="real"))[0]
    assert only.startswith("t:")


def test_fresh_junk_bearers_are_limited_on_a_live_app(make_client):
    client = make_client(rate_limit_per_minute=5)
    answers = [
        client.get("/api/credits/balance/simple", headers={"Authorization": f"Bearer junk-{i}"}).status_code
        for i in range(8)
    ]
    assert answers[:5] == [401] * 5 and answers[5:] == [429] * 3
