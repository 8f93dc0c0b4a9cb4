"""A burst on loopback: 50 clients at once, each token -> session -> 3 uploads -> 2 instructions -> state, with
5 exports rendering meanwhile. No 5xx, no lost upload, render concurrency within its setting, bounded memory.
Latency per endpoint is printed. Long: runs under `make soak` (and in CI), not `make test`."""

from __future__ import annotations

import hashlib
import sqlite3
import statistics
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.live import Server

CLIENTS = 50
RENDERS = 5
RENDER_WORKERS = 2

pytestmark = pytest.mark.soak


def _photo(seed: int) -> bytes:
    import io

    rng = np.random.default_rng(seed)
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_fifty_clients_and_five_renders_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    # Fifty clients from one loopback address: the per-address and per-server limits (tested on their own in
    # test_tokens.py and test_slow_bodies.py) are raised so the burst measures the server, not them.
    server = Server(
        tmp_path / "data",
        render_workers=str(RENDER_WORKERS),
        rate_limit_per_minute="100000",
        tokens_per_address_per_hour="1000",
        uploads_in_flight="64",
        chunk_s="4",
    ).start()
    timings: dict[str, list[float]] = defaultdict(list)
    statuses: list[tuple[str, int]] = []
    uploaded: dict[str, dict[str, str]] = {}  # session -> name -> sha256
    sessions: list[tuple[dict[str, str], str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    peak = {"rendering": 0, "rss_kb": 0}

    def call(http: httpx.Client, name: str, method: str, url: str, **kwargs) -> httpx.Response:
        started = time.perf_counter()
        response = http.request(method, url, **kwargs)
        with lock:
            timings[name].append(time.perf_counter() - started)
            statuses.append((name, response.status_code))
        return response

    def client(k: int) -> None:
        with httpx.Client(base_url=server.url, timeout=120) as http:
            token = call(http, "token", "POST", "/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
            auth = {"Authorization": f"Bearer {token.json()['data']['token']}"}
            body = {"task_name": "project"}
            sid = call(http, "session", "POST", "/api/tasks/me/with-session/nemo_agent", json=body, headers=auth)
            session_id = sid.json()["data"]["session_id"]
            hashes = {}
            for i in range(3):
                data = _photo(k * 10 + i)
                name = f"client{k}-{i}.jpg"
                r = call(
                    http,
                    "upload",
                    "POST",
                    f"/api/upload-video/nemo_agent/me/{session_id}",
                    files=[("files", (name, data))],
                    headers=auth,
                )
                if r.status_code == 200:
                    hashes[name] = hashlib.sha256(data).hexdigest()
            for text in ("each photo for 2 seconds", "add the title 'Load'"):
                message = {"session_id": session_id, "new_message": {"parts": [{"text": text}]}}
                call(http, "run", "POST", "/run", json=message, headers=auth)
            call(http, "state", "GET", f"/api/state/nemo_agent/me/{session_id}", headers=auth)
            with lock:
                uploaded[session_id] = hashes
                sessions.append((auth, session_id))

    def watch() -> None:
        database = server.data_dir / "photoreel.db"
        while not stop.is_set():
            try:
                with sqlite3.connect(database, timeout=5) as db:
                    whole = db.execute("SELECT count(*) FROM renders WHERE status='rendering' AND phase='whole'")
                    chunks = db.execute("SELECT count(*) FROM render_chunks WHERE status='rendering'")
                    running = whole.fetchone()[0] + chunks.fetchone()[0]
            except sqlite3.Error:
                running = 0
            peak["rendering"] = max(peak["rendering"], running)
            peak["rss_kb"] = max(peak["rss_kb"], server.rss_kb())
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    try:
        watcher.start()
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        burst_s = time.monotonic() - started

        # Five exports at once, polled while a second burst of state requests runs.
        with httpx.Client(base_url=server.url, timeout=120) as http:
            for i, (auth, session_id) in enumerate(sessions[:RENDERS]):
                body = {"id": f"render_load_{i}", "sessionId": session_id, "output": {"resolution": 360}}
                r = call(http, "export", "POST", "/api/render/proxy/lambda", json=body, headers=auth)
                assert r.json()["code"] == 0, r.text
            deadline = time.monotonic() + 240
            pending = set(range(RENDERS))
            while pending:
                assert time.monotonic() < deadline, f"renders {pending} did not finish"
                for i in list(pending):
                    auth, session_id = sessions[i]
                    r = call(http, "poll", "GET", f"/api/render/proxy/lambda/render_load_{i}", headers=auth)
                    status = r.json()["data"]["status"]
                    assert status != "failed", r.text
                    if status == "completed":
                        pending.discard(i)
                for auth, session_id in sessions[RENDERS : RENDERS + 10]:
                    call(http, "state", "GET", f"/api/state/nemo_agent/me/{session_id}", headers=auth)
                time.sleep(0.2)
    finally:
        stop.set()
        watcher.join(5)
        server.stop()

    server_errors = [(name, code) for name, code in statuses if code >= 500]
    other_errors = [(name, code) for name, code in statuses if 400 <= code < 500]
    with capsys.disabled():
        print(
            f"\n{CLIENTS} clients, {len(statuses)} requests, burst {burst_s:.1f} s; peak server RSS "
            f"{peak['rss_kb'] / 1024:.0f} MB; peak renders at once {peak['rendering']} (setting {RENDER_WORKERS})"
        )
        print(f"{'endpoint':<10}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for name, values in sorted(timings.items()):
            q = statistics.quantiles([v * 1000 for v in values], n=100) if len(values) > 1 else [values[0] * 1000] * 99
            print(f"{name:<10}{len(values):>7}{q[49]:>9.0f}{q[94]:>9.0f}{q[98]:>9.0f}")
        print(f"errors: {len(server_errors)} 5xx, {len(other_errors)} 4xx")

    assert not server_errors, server_errors
    assert not other_errors, other_errors
    assert len(sessions) == CLIENTS
    assert peak["rendering"] <= RENDER_WORKERS, "render concurrency stays within its setting"
    assert peak["rss_kb"] < 400 * 1024, f"server RSS peaked at {peak['rss_kb'] / 1024:.0f} MB"

    # Every accepted upload is listed in its session and on disk with the bytes that were sent.
    with sqlite3.connect(server.data_dir / "photoreel.db") as db:
        for session_id, hashes in uploaded.items():
            rows = db.execute("SELECT name, stored_name FROM media WHERE session_id = ?", (session_id,)).fetchall()
            assert {name for name, _ in rows} == set(hashes), session_id
            for name, stored in rows:
                data = (server.data_dir / "media" / session_id / stored).read_bytes()
                assert hashlib.sha256(data).hexdigest() == hashes[name], f"{name} changed on the way to disk"
