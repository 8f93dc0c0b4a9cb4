"""URL imports that try to reach inside the network, never end, or never stop: each refused, nothing kept."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from photoreel.errors import BadRequest
from photoreel.service import url_import
from tests.api_fixtures import Api
from tests.reliability import hostile


@pytest.fixture
def nasty_server() -> Iterator[str]:
    """A loopback web server with the usual tricks."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if self.path == "/to-metadata":
                self._redirect("http://169.254.169.254/latest/meta-data/")
            elif self.path == "/to-localhost":
                self._redirect(f"http://localhost:{self.server.server_address[1]}/photo.png")
            elif self.path == "/trickle.png":
                self.send_response(200)
                self.send_header("Content-Length", "1000000")
                self.end_headers()
                try:
                    for _ in range(600):
                        self.wfile.write(b"\x89")
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:
                    return
            elif self.path == "/endless.png":
                self.send_response(200)  # no length: ten gigabytes, if the client keeps reading
                self.end_headers()
                block = bytes(64 * 1024)
                try:
                    for _ in range(10 * 1024**3 // len(block)):
                        self.wfile.write(block)
                except OSError:
                    return
            else:
                body = hostile.png_photo()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _import(api: Api, *urls: str) -> list[dict]:
    r = api.client.post(
        f"/api/upload-video/nemo_agent/me/{api.session_id}", json={"urls": list(urls)}, headers=api.auth
    )
    assert r.status_code in (200, 400, 413, 415), r.text
    return r.json()["data"]["files"]


def test_tricks_are_refused_and_leave_nothing_behind(make_client, nasty_server):
    # 127.0.0.1 is allowed so the test server can be reached at all; everything it points elsewhere is not.
    client = make_client(url_allow_hosts=["127.0.0.1"], url_timeout_s=2, max_upload_bytes=5 * 2**20)
    api = Api(client).login()
    api.new_session()
    started = time.monotonic()
    files = _import(
        api,
        f"{nasty_server}/to-metadata",
        f"{nasty_server}/to-localhost",
        f"{nasty_server}/trickle.png",
        f"{nasty_server}/endless.png",
        f"{nasty_server}/photo.png",
    )
    assert time.monotonic() - started < 20, "a trickling server cannot hold a request for long"
    outcome = {f["name"]: (f["ok"], f.get("code"), f.get("message", "")) for f in files}
    assert outcome["to-metadata"][:2] == (False, 400) and "private or reserved" in outcome["to-metadata"][2]
    assert outcome["to-localhost"][:2] == (False, 400)
    assert outcome["trickle.png"][:2] == (False, 4001) and "longer than" in outcome["trickle.png"][2]
    assert outcome["endless.png"][:2] == (False, 4002)
    assert outcome["photo.png"][0] is True, "the good one still gets in"
    tmp: Path = client.app.state.context.settings.data_dir / "tmp"
    assert list(tmp.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]:80/a.jpg",
        "http://[fd00::1]/a.jpg",
        "http://[fe80::1]/a.jpg",
        "http://017700000001/a.jpg",
        "http://0x7f.0x0.0x0.0x1/a.jpg",
        "http://127.1/a.jpg",
        "http://0/a.jpg",
        "http://100.64.0.1/a.jpg",
        "http://metadata.google.internal./a.jpg",
        "dict://127.0.0.1:6379/info",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
    ],
)
def test_more_ways_to_spell_inside_are_refused(url):
    with pytest.raises(BadRequest):
        url_import.check_url(url, allow_hosts=[])


def test_a_name_that_changes_its_answer_after_the_check_is_still_refused(monkeypatch, tmp_path):
    """DNS rebinding: the first lookup says public, the one at connect time says loopback."""
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1", "127.0.0.1"])
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(BadRequest, match="private or reserved"):
        url_import.fetch("http://rebind.test/a.jpg", tmp_path / "a.jpg", max_bytes=2**20, timeout_s=5, allow_hosts=[])
