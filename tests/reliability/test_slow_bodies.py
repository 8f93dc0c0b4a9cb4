"""Slowloris, against a real `photoreel serve` over raw sockets (a client library would not misbehave): a body
that stalls or trickles is cut off with 408 and its connection closed, nothing is left in `tmp/`, and 200 stalled
uploads at once leave the server answering `/healthz` and other people's uploads."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api_fixtures import Api, assert_envelope
from tests.live import Server, wait_until

IDLE_S = 2.0
WINDOW_S = 2.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(
        tmp_path / "data",
        body_idle_s=str(IDLE_S),
        body_rate_window_s=str(WINDOW_S),
        body_min_bytes_per_s="1024",
        uploads_in_flight="16",
        uploads_in_flight_per_token="4",
    ).start()
    yield s
    s.stop()


def _open_upload(server: Server, user: Api, first_body_bytes: int = 1024) -> socket.socket:
    """Headers for a 100 MB multipart upload and the first bytes of its body, and then nothing more."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    head = (
        f"POST /api/upload-video/nemo_agent/me/{user.session_id} HTTP/1.1\r\n"
        f"Host: 127.0.0.1\r\nAuthorization: Bearer {user.token}\r\n"
        "Content-Type: multipart/form-data; boundary=xx\r\nContent-Length: 104857600\r\n\r\n"
        '--xx\r\nContent-Disposition: form-data; name="files"; filename="big.jpg"\r\n\r\n\xff\xd8\xff'
    ).encode("latin-1")
    sock.sendall(head + b"\0" * first_body_bytes)
    return sock


def _answer(sock: socket.socket) -> tuple[int, bytes]:
    """The status and everything the server sent until it closed the connection."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return int(data.split(b" ", 2)[1]), data


def _tmp_is_empty(server: Server) -> bool:
    tmp = server.data_dir / "tmp"
    return not tmp.exists() or not [p for p in tmp.rglob("*") if p.is_file()]


def test_a_stalled_body_is_cut_off_with_408_and_leaves_nothing(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        user = Api.started(http)
    sock = _open_upload(server, user)
    started = time.monotonic()
    status, data = _answer(sock)  # returns only once the server has closed the connection
    waited = time.monotonic() - started
    assert status == 408 and b"stalled" in data and b"connection: close" in data.lower()
    assert IDLE_S - 0.5 < waited < IDLE_S + 5, waited
    wait_until(lambda: _tmp_is_empty(server), 10, "the half-received file to go")


def test_a_trickling_body_is_cut_off_once_its_window_has_passed(server: Server) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        user = Api.started(http)
    sock = _open_upload(server, user, first_body_bytes=10)
    started = time.monotonic()
    sock.settimeout(0.3)
    answer, cut_off = b"", False
    while time.monotonic() - started < 20:  # 100 bytes every 0.3 s: always under the idle limit, far too slow
        try:
            sock.sendall(b"\0" * 100)
            if chunk := sock.recv(65536):
                answer += chunk
                continue
        except TimeoutError:
            continue
        except OSError:  # the bytes still in flight when it closed come back as a reset
            pass
        cut_off = True
        break
    assert cut_off and time.monotonic() - started < WINDOW_S + 5
    # The 408 may be lost to that reset on the client's side; the server's access log says what it answered.
    assert answer.startswith(b"HTTP/1.1 408") or answer == b""
    wait_until(lambda: '"status": 408' in server.log_path.read_text(), 5, "the 408 in the access log")
    wait_until(lambda: _tmp_is_empty(server), 10, "the half-received file to go")


def test_two_hundred_stalled_uploads_do_not_stop_the_server(server: Server, make_photo) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        attacker, neighbour = Api.started(http), Api.started(http)
        stalled = [_open_upload(server, attacker) for _ in range(200)]
        time.sleep(0.5)
        # The attacker's uploads beyond 4 are refused at once; the server still answers everyone else.
        assert http.get("/healthz").status_code == 200
        files = assert_envelope(neighbour.upload(make_photo()), 200, 0)["data"]["files"]
        assert files[0]["ok"]
        statuses = [_answer(sock)[0] for sock in stalled]
        assert statuses.count(429) == 196 and statuses.count(408) == 4, sorted(set(statuses))
        assert http.get("/healthz").status_code == 200
    for sock in stalled:
        sock.close()
    wait_until(lambda: _tmp_is_empty(server), 10, "every half-received file to go")
