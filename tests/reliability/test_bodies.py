"""Request bodies built to exhaust the server, against a real `photoreel serve`: each is refused, none grows it."""

from __future__ import annotations

import http.client as http_client
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api_fixtures import Api
from tests.live import Server

LIMIT_MB = 8


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "data", max_request_bytes=str(LIMIT_MB * 2**20)).start()
    yield s
    s.stop()


def test_hostile_bodies_are_refused_and_memory_stays_flat(server: Server):
    with httpx.Client(base_url=server.url, timeout=60) as http:
        user = Api.started(http)
        auth, session_id = user.auth, user.session_id
        path = f"/api/upload-video/nemo_agent/me/{session_id}"
        multipart = {**auth, "Content-Type": "multipart/form-data; boundary=xx"}
        http.get("/healthz")
        before = server.rss_kb()

        # A Content-Length of a terabyte, and no body: the answer comes at once, not after a terabyte.
        conn = http_client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        started = time.monotonic()
        conn.putrequest("POST", path)
        for key, value in {**multipart, "Content-Length": str(2**40)}.items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 413 and b'"code":4002' in response.read()
        assert time.monotonic() - started < 5
        conn.close()

        # No length at all (chunked): cut off once past the limit, mid-stream.
        sent = [0]

        def endless() -> Iterator[bytes]:
            yield b'--xx\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n\r\n\xff\xd8\xff'
            block = os.urandom(256 * 1024)
            while sent[0] < 20 * LIMIT_MB * 2**20:
                sent[0] += len(block)
                yield block

        try:
            cut = http.post(path, content=endless(), headers=multipart)
            assert cut.status_code == 413 and cut.json()["code"] == 4002
        except httpx.TransportError:
            pass  # the server may close the connection before the client finishes sending: also a refusal
        assert sent[0] < 20 * LIMIT_MB * 2**20, "the server read the whole endless body"

        # 1,001 parts.
        parts = b"".join(
            b'--xx\r\nContent-Disposition: form-data; name="files"; filename="%d.jpg"\r\n\r\nx\r\n' % i
            for i in range(1001)
        )
        many = http.post(path, content=parts + b"--xx--\r\n", headers=multipart)
        assert many.status_code == 400 and "too many parts" in many.json()["message"]

        # A 2 MB text field.
        field = b'--xx\r\nContent-Disposition: form-data; name="note"\r\n\r\n' + b"a" * (2 * 2**20) + b"\r\n--xx--\r\n"
        big = http.post(path, content=field, headers=multipart)
        assert big.status_code == 400 and "form field" in big.json()["message"]

        grown_mb = (server.rss_kb() - before) / 1024
        assert grown_mb < 15, f"the server grew by {grown_mb:.1f} MB"
        assert http.get("/healthz").status_code == 200, "and it is still up"
        assert list((server.data_dir / "tmp").iterdir()) == [], "no half-received file is left"
        state = http.get(f"/api/state/nemo_agent/me/{session_id}", headers=auth).json()["data"]["state"]
        assert state["video_infos"] == []
