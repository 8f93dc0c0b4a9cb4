"""The shared (Redis) rate limiter is a network round trip: it must never run on the server's event loop."""

from __future__ import annotations

import threading

import anyio
import httpx

from photoreel.api.middleware import RequestMiddleware


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
    app = RequestMiddleware(_ok, limiter)

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
