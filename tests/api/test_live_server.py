"""Against a real `photoreel serve` process on a free loopback port: restarts and big uploads."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api_fixtures import Api, assert_envelope
from tests.helpers import facts
from tests.live import Server, wait_until


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "data").start()
    yield s
    s.stop()


def test_a_render_interrupted_by_a_crash_completes_after_restart(server: Server, make_photo):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        user = Api.started(http)
        photos = [make_photo(size=(1600, 1200), colour=(40 * i, 100, 200 - 30 * i)) for i in range(6)]
        assert_envelope(user.upload(*photos), 200, 0)
        assert_envelope(user.export("render_crash", resolution=1080), 200, 0)
        deadline = time.monotonic() + 60
        while user.status("render_crash")["progress"] < 10:
            assert time.monotonic() < deadline, "the render never got going"
            time.sleep(0.05)
        work = server.data_dir / "tmp"
        assert list(work.iterdir()), "a half-written file exists at the moment of the crash"
        server.kill()

    server.start()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        deadline = time.monotonic() + 120
        while (status := user.on(http).status("render_crash"))["status"] != "completed":
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
        user = Api.started(http)
        auth, session_id = user.auth, user.session_id
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
        user = Api.started(http, language="zh")
        assert_envelope(user.upload(make_photo(), make_photo()), 200, 0)
        auth = user.auth
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": user.session_id,
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
