"""Against a real `photoreel serve` process on a free loopback port: restarts and big uploads."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import facts
from tests.live import Server, wait_until


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "data").start()
    yield s
    s.stop()


def _login(http: httpx.Client) -> dict[str, str]:
    token = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}).json()["data"]["token"]
    return {"Authorization": f"Bearer {token}"}


def _status(http: httpx.Client, auth: dict[str, str], render_id: str) -> dict:
    return http.get(f"/api/render/proxy/lambda/{render_id}", headers=auth).json()["data"]


def test_a_render_interrupted_by_a_crash_completes_after_restart(server: Server, make_photo):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        auth = _login(http)
        session_id = http.post("/api/tasks/me/with-session/nemo_agent", json={}, headers=auth).json()["data"][
            "session_id"
        ]
        photos = [make_photo(size=(1600, 1200), colour=(40 * i, 100, 200 - 30 * i)) for i in range(6)]
        files = [("files", (p.name, p.read_bytes())) for p in photos]
        assert http.post(f"/api/upload-video/nemo_agent/me/{session_id}", files=files, headers=auth).status_code == 200
        body = {"id": "render_crash", "sessionId": session_id, "output": {"resolution": 1080}}
        assert http.post("/api/render/proxy/lambda", json=body, headers=auth).json()["code"] == 0
        deadline = time.monotonic() + 60
        while _status(http, auth, "render_crash")["progress"] < 10:
            assert time.monotonic() < deadline, "the render never got going"
            time.sleep(0.05)
        work = server.data_dir / "tmp"
        assert list(work.iterdir()), "a half-written file exists at the moment of the crash"
        server.kill()

    server.start()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        deadline = time.monotonic() + 120
        while (status := _status(http, auth, "render_crash"))["status"] != "completed":
            assert status["status"] in ("queued", "rendering"), status
            assert time.monotonic() < deadline
            time.sleep(0.2)
        # The job completes a moment before its render process ends and its work folder is removed.
        wait_until(lambda: not list(work.iterdir()), 10, "the earlier half-file and the work folders to go")
        assert not list((server.data_dir / "renders").glob(".*")), "and no hidden file is left beside the output"
        video = server.data_dir.parent / "after-restart.mp4"
        video.write_bytes(http.get(status["output"]["url"]).content)
    f = facts(video)
    assert (f.width, f.height, f.frames) == (1920, 1080, 540)


def test_a_201_mb_streamed_upload_is_refused_without_growing_memory(server: Server):
    with httpx.Client(base_url=server.url, timeout=60) as http:
        auth = _login(http)
        session_id = http.post("/api/tasks/me/with-session/nemo_agent", json={}, headers=auth).json()["data"][
            "session_id"
        ]
        before = server.rss_kb()
        boundary = "photoreelboundary"
        chunk = os.urandom(1024 * 1024)

        def body() -> Iterator[bytes]:
            yield (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="huge.jpg"\r\n'
                "Content-Type: image/jpeg\r\n\r\n"
            ).encode()
            yield b"\xff\xd8\xff\xe0"
            for _ in range(201):
                yield chunk
            yield f"\r\n--{boundary}--\r\n".encode()

        r = http.post(
            f"/api/upload-video/nemo_agent/me/{session_id}",
            content=body(),
            headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        grown_mb = (server.rss_kb() - before) / 1024
        assert r.status_code == 413 and r.json()["code"] == 4002
        assert grown_mb < 20, f"the server grew by {grown_mb:.0f} MB"
        assert list((server.data_dir / "tmp").iterdir()) == []


def test_run_sse_over_a_live_server_with_an_sse_client(server: Server, make_photo):
    from httpx_sse import connect_sse

    with httpx.Client(base_url=server.url, timeout=30) as http:
        auth = _login(http)
        session_id = http.post("/api/tasks/me/with-session/nemo_agent", json={"language": "zh"}, headers=auth).json()[
            "data"
        ]["session_id"]
        files = [("files", (p.name, p.read_bytes())) for p in (make_photo(), make_photo())]
        http.post(f"/api/upload-video/nemo_agent/me/{session_id}", files=files, headers=auth)
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": session_id,
            "new_message": {"role": "user", "parts": [{"text": "竖屏，每张2秒，加标题「旅行」"}]},
        }
        with connect_sse(
            http, "POST", "/run_sse", json=body, headers={**auth, "Accept": "text/event-stream"}
        ) as source:
            events = [json.loads(sse.data) for sse in source.iter_sse()]
    names = [p["functionCall"]["name"] for e in events for p in e["content"]["parts"] if "functionCall" in p]
    assert names == ["SetOutput", "SetPhotoDuration", "AddText"]
    final = events[-1]
    assert final["turnComplete"] is True
    text = final["content"]["parts"][0]["text"]
    assert "9:16" in text and "旅行" in text and "时间线" in text
