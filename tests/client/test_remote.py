"""The client library and `photoreel remote` against a real `photoreel serve` on a loopback port."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from photoreel.client import PhotoreelClient, TokenCache
from photoreel.errors import RateLimited
from tests.helpers import close_to, facts, frame_at, mean_colour
from tests.live import Server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "server", token_ttl_s="3").start()
    yield s
    s.stop()


@pytest.fixture
def cache(tmp_path: Path) -> TokenCache:
    return TokenCache(tmp_path / "config" / "client.json")


def cli(server: Server, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "PHOTOREEL_SERVER": server.url}
    env.pop("PHOTOREEL_TOKEN", None)
    env.pop("NEMO_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "photoreel", "remote", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_remote_make_does_the_whole_flow(server: Server, tmp_path, make_photo, tone):
    photos = [str(make_photo(size=(480, 640), colour=c)) for c in ((200, 40, 40), (40, 40, 200))]
    out = tmp_path / "reel.mp4"
    said = "9:16, 2 seconds per photo, no transitions, crop to fill, music at 30%"
    run = cli(server, tmp_path, "make", *photos, "--music", str(tone(2.0)), "--say", said, "-o", str(out))
    assert run.returncode == 0, run.stderr + run.stdout
    assert "Aspect ratio set to 9:16" in run.stdout and str(out) in run.stdout
    f = facts(out)
    assert (f.width, f.height, f.codec, f.audio_codec) == (1080, 1920, "h264", "aac")
    assert abs(f.duration_s - 4.0) < 0.04
    assert close_to(mean_colour(frame_at(out, 1.0)), (200, 40, 40), 20)
    assert close_to(mean_colour(frame_at(out, 3.0)), (40, 40, 200), 20)


def test_remote_make_takes_the_instruction_as_its_last_argument(server: Server, tmp_path, make_photo, tone):
    """The client issue's own form: the words come last, and "vertical with music" sets both."""
    photos = [str(make_photo(size=(480, 640), colour=c)) for c in ((200, 40, 40), (40, 40, 200))]
    out = tmp_path / "vertical.mp4"
    run = cli(server, tmp_path, "make", *photos, str(tone(2.0)), "make it vertical with music", "-o", str(out))
    assert run.returncode == 0, run.stderr + run.stdout
    f = facts(out)
    assert (f.width, f.height, f.audio_codec) == (1080, 1920, "aac")
    missing = cli(server, tmp_path, "make", *photos, "vertical", "-o", str(out))
    assert missing.returncode != 0 and "--say" in missing.stderr + missing.stdout


def test_no_command_prints_the_token_and_the_cache_is_private(server: Server, tmp_path, make_photo):
    outputs = [cli(server, tmp_path, "login"), cli(server, tmp_path, "--json", "login")]
    outputs.append(cli(server, tmp_path, "upload", str(make_photo())))
    outputs += [cli(server, tmp_path, "status"), cli(server, tmp_path, "--json", "credits")]
    outputs.append(cli(server, tmp_path, "-v", "say", "square"))
    cache_file = tmp_path / "xdg" / "photoreel" / "client.json"
    token = json.loads(cache_file.read_text())[server.url]["token"]
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    for run in outputs:
        assert run.returncode == 0, run.stderr
        assert token not in run.stdout and token not in run.stderr
        assert "prt_" not in run.stdout + run.stderr, "no token, current or renewed, is ever printed"
    assert "1. Video: 1 photo (0-3s)" in outputs[3].stdout
    assert json.loads(outputs[4].stdout)["available"] == 100
    assert "SetOutput" in outputs[5].stderr, "--verbose shows tool calls"


def test_an_expired_token_is_renewed_transparently(server: Server, cache, make_photo):
    notices: list[str] = []
    client = PhotoreelClient(server.url, cache=cache, notice=notices.append)
    client.login()
    client.upload([make_photo()])
    time.sleep(3.5)  # the server was told tokens last 3 s
    assert client.state().summary == "1. Video: 1 photo (0-3s)", "renewed before use: same session, same uploads"
    # Now a token the client believes valid but the server has expired (clock skew): 1001, renew, retry.
    time.sleep(3.5)
    client.credentials.expires_at = "2999-01-01T00:00:00Z"
    replies = list(client.say("square"))
    assert any("1:1" in getattr(e, "text", "") for e in replies)
    assert any("expired" in n for n in notices)
    client.credentials.expires_at = "2999-01-01T00:00:00Z"
    time.sleep(3.5)
    assert client.state().summary.startswith("1. Video: 1 photo"), "plain calls recover the same way"


def test_a_lost_session_is_replaced_and_the_person_is_told(server: Server, cache, make_photo):
    notices: list[str] = []
    client = PhotoreelClient(server.url, cache=cache, notice=notices.append)
    old = client.new_session()
    with sqlite3.connect(server.data_dir / "photoreel.db") as db:
        db.execute("DELETE FROM sessions WHERE id = ?", (old,))
    results = client.upload([make_photo()])
    assert results[0]["ok"]
    assert client.session_id() != old
    assert any("session was not found" in n for n in notices)


def test_429_waits_for_retry_after_then_gives_up_clearly(tmp_path, cache):
    server = Server(tmp_path / "limited", rate_limit_per_minute="3").start()
    try:
        waits: list[float] = []
        client = PhotoreelClient(server.url, cache=cache, sleep=waits.append)
        client.login()
        with pytest.raises(RateLimited):
            for _ in range(5):
                client.credits()
        assert len(waits) == 1 and 1 <= waits[0] <= 60, "Retry-After was honoured once"
    finally:
        server.stop()


def test_an_interrupted_download_resumes_byte_identical(server: Server, cache, tmp_path, make_photo, monkeypatch):
    monkeypatch.setattr("photoreel.client.api._CHUNK", 4096)  # small chunks, so there is a middle to break in
    client = PhotoreelClient(server.url, cache=cache)
    client.upload([make_photo(size=(800, 600)), make_photo(size=(800, 600), colour=(10, 200, 10))])
    job = client.wait(client.export(resolution=720)["id"])
    url = job["output"]["url"]
    straight = client.download(url, tmp_path / "straight.mp4")

    class Cut(Exception):
        pass

    def cut(done: int, total: int) -> None:
        if done > 1000:
            raise Cut

    target = tmp_path / "resumed.mp4"
    with pytest.raises(Cut):
        client.download(url, target, progress=cut)
    part = target.with_name(target.name + ".part")
    assert 0 < part.stat().st_size < straight.stat().st_size and not target.exists()
    client.download(url, target)
    assert target.read_bytes() == straight.read_bytes()
    assert not part.exists()


def test_errors_are_one_friendly_line_with_an_exit_code(server: Server, tmp_path):
    missing = cli(server, tmp_path, "upload", str(tmp_path / "nope.jpg"))
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
    bad = tmp_path / "notes.jpg"
    bad.write_text("<html>")
    refused = cli(server, tmp_path, "--json", "upload", str(bad))
    assert refused.returncode == 2 and json.loads(refused.stdout)["code"] == 4001


def test_gui_phrases_are_translated():
    from photoreel.client.translate import for_terminal

    assert "photoreel remote export" in for_terminal("When you're happy, click Export.")
    assert "in words" in for_terminal("Drag the photo to reorder it.")
    assert "photoreel remote status" in for_terminal("Open the timeline panel to check.")
    assert "photoreel remote export" in for_terminal("点击导出即可下载")


def test_the_token_goes_only_to_the_servers_own_origin(tmp_path, cache):
    """A download link on another host (a bucket's presigned URL) gets the file without the bearer token."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.send_header("Content-Length", "3")
            self.end_headers()
            self.wfile.write(b"mp4")

        def log_message(self, *args: object) -> None:
            pass

    bucket = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=bucket.serve_forever, daemon=True).start()
    try:
        client = PhotoreelClient(f"http://localhost:{bucket.server_address[1]}", token="prt_secret", cache=cache)
        elsewhere = f"http://127.0.0.1:{bucket.server_address[1]}/video.mp4?X-Amz-Signature=abc"  # another host
        assert client.download(elsewhere, tmp_path / "a.mp4").read_bytes() == b"mp4"
        assert client.download("/video.mp4", tmp_path / "b.mp4").read_bytes() == b"mp4"  # a path on the server
        assert seen == [None, "Bearer prt_secret"]
    finally:
        bucket.shutdown()
