"""Importing by URL: works for allowed hosts, refuses anything that points inside the network."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from photoreel.errors import BadRequest
from photoreel.service.url_import import check_url
from tests.api_fixtures import Api, assert_envelope


@pytest.fixture
def photo_server(make_photo) -> Iterator[str]:
    photo = make_photo(size=(320, 240), colour=(10, 200, 10)).read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/redirect-inside":
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data")
                self.end_headers()
                return
            if self.path == "/huge.jpg":
                self.send_response(200)
                self.send_header("Content-Length", str(10 * 1024**3))
                self.end_headers()
                return
            body = b"<html>not a photo</html>" if self.path == "/page.jpg" else photo
            self.send_response(200 if self.path != "/missing.jpg" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_import_from_an_allowed_host(make_client, photo_server):
    api = Api(make_client(url_allow_hosts=["127.0.0.1"])).login()
    api.new_session()
    urls = [
        f"{photo_server}/beach.jpg",
        f"{photo_server}/missing.jpg",
        f"{photo_server}/page.jpg",
        f"{photo_server}/redirect-inside",
        f"{photo_server}/huge.jpg",
    ]
    r = api.client.post(f"/api/upload-video/nemo_agent/me/{api.session_id}", json={"urls": urls}, headers=api.auth)
    files = assert_envelope(r, 200, 0)["data"]["files"]
    assert [f["ok"] for f in files] == [True, False, False, False, False]
    assert files[0]["name"] == "beach.jpg" and files[0]["media"]["width"] == 320
    assert [f.get("code") for f in files[1:]] == [4001, 4001, 400, 4002]
    assert "private" in files[3]["message"]
    assert assert_envelope(api.state(), 200, 0)["data"]["summary"] == "1. Video: 1 photo (0-3s)"


def test_loopback_is_refused_by_default(api: Api, photo_server):
    api.new_session()
    r = api.client.post(
        f"/api/upload-video/nemo_agent/me/{api.session_id}", json={"urls": [f"{photo_server}/a.jpg"]}, headers=api.auth
    )
    body = assert_envelope(r, 400, 400)
    assert "private" in body["message"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.jpg",
        "http://localhost/x.jpg",
        "http://10.1.2.3/x.jpg",
        "http://192.168.0.1/x.jpg",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x.jpg",
        "http://[fc00::1]/x.jpg",
        "http://[::ffff:127.0.0.1]/x.jpg",
        "http://2130706433/x.jpg",
        "http://0x7f000001/x.jpg",
        "http://0177.0.0.1/x.jpg",
        "http://0.0.0.0/x.jpg",
        "http://224.0.0.1/x.jpg",
        "file:///etc/passwd",
        "gopher://example.com/",
        "ftp://example.com/x.jpg",
    ],
)
def test_ssrf_guard_refuses(url):
    with pytest.raises(BadRequest):
        check_url(url, allow_hosts=[])


def test_no_leftovers_after_refusals(make_client, photo_server):
    api = Api(make_client(url_allow_hosts=["127.0.0.1"])).login()
    api.new_session()
    api.client.post(
        f"/api/upload-video/nemo_agent/me/{api.session_id}",
        json={"urls": [f"{photo_server}/huge.jpg", f"{photo_server}/page.jpg"]},
        headers=api.auth,
    )
    tmp: Path = api.client.app.state.context.blobs.root / "tmp"
    assert list(tmp.iterdir()) == []
