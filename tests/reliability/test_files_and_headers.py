"""What a running server leaves on disk and says in its headers: every file it writes is its own user's only
(0600 from the moment it is created), and every response carries the usual browser protections."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api_fixtures import Api, assert_envelope
from tests.live import Server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "data").start()
    yield s
    s.stop()


def test_files_the_server_writes_are_private(server: Server, make_photo) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        user = Api.started(http)
        assert_envelope(user.upload(make_photo()), 200, 0)
    files = [p for p in server.data_dir.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert "secret.key" in names and "photoreel.db" in names and any(p.parent.parent.name == "media" for p in files)
    shared = [str(p.relative_to(server.data_dir)) for p in files if p.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO)]
    assert shared == [], "readable by others"
    folders = [p for p in server.data_dir.rglob("*") if p.is_dir()]
    assert all(not p.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO) for p in folders)


def test_every_response_carries_the_security_headers(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for path in ("/healthz", "/", "/api/credits/balance/simple", "/no-such-page"):
            headers = http.get(path).headers
            assert headers["x-content-type-options"] == "nosniff", path
            assert headers["x-frame-options"] == "DENY", path
            assert headers["referrer-policy"] == "no-referrer", path
            assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "content-security-policy" not in http.get("/docs").headers, "Swagger UI loads its own scripts"
