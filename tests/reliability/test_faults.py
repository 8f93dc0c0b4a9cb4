"""Faults injected on purpose: a render process killed or hung, the server killed mid-upload and mid-spend, the
disk full, and retention. After each: nothing half-done is visible, the books balance, service goes on."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from photoreel.service.janitor import sweep
from photoreel.store.models import Account, RenderChunk, RenderJob, Token, VideoSession, utcnow
from tests.api_fixtures import Api, assert_envelope
from tests.live import Server, wait_until


def _job(api: Api) -> RenderJob:
    with api.client.app.state.context.database() as db:
        return db.query(RenderJob).one()


def _chunk_in_progress(api: Api) -> RenderChunk | None:
    with api.client.app.state.context.database() as db:
        return db.query(RenderChunk).filter(RenderChunk.status == "rendering", RenderChunk.frames_done >= 5).first()


def test_a_killed_render_process_is_retried_and_completes_once(make_client, make_photo):
    api = Api(make_client()).login()
    api.new_session()
    photos = [make_photo(size=(1600, 1200), colour=(40 * i, 90, 200 - 30 * i)) for i in range(5)]
    assert_envelope(api.upload(*photos), 200, 0)
    assert_envelope(api.export("render_kill", resolution=720), 200, 0)

    # The worker name ends with the render process's pid; kill the process rendering a chunk once it has made
    # progress.
    chunk = wait_until(lambda: _chunk_in_progress(api), 60, "a chunk to get going")
    pid = int(chunk.worker.rsplit("/", 1)[1])
    os.kill(pid, signal.SIGKILL)

    done = api.poll("render_kill", timeout=120)
    assert done["status"] == "completed", done
    with api.client.app.state.context.database() as db:
        again = db.get(RenderChunk, chunk.id)
    assert again.attempts == 2 and int(again.worker.rsplit("/", 1)[1]) != pid, "the chunk was rendered again"
    data_dir: Path = api.client.app.state.context.settings.data_dir
    assert [p.name for p in (data_dir / "renders").iterdir()] == [f"{_job(api).id}.mp4"], "one output"
    wait_until(lambda: not list((data_dir / "tmp").rglob("*")), 10, "the render processes' work folders to go")


def test_a_render_past_its_time_limit_is_stopped_and_fails_saying_why(make_client, make_photo):
    api = Api(make_client(render_time_limit_s=2)).login()
    api.new_session()
    photos = [make_photo(size=(1600, 1200), colour=(30 * i, 90, 220 - 25 * i)) for i in range(8)]
    assert_envelope(api.upload(*photos), 200, 0)
    before = api.client.get("/api/credits/balance/simple", headers=api.auth).json()["data"]
    started = time.monotonic()
    assert_envelope(api.export("render_slow", resolution=1080, quality="high"), 200, 0)
    done = api.poll("render_slow", timeout=60)
    assert done["status"] == "failed" and "longer than the 2 s limit" in done["error"], done
    assert time.monotonic() - started < 15
    after = api.client.get("/api/credits/balance/simple", headers=api.auth).json()["data"]
    assert after == before and after["frozen"] == 0, "exports are free: nothing held, nothing lost"
    data_dir: Path = api.client.app.state.context.settings.data_dir
    assert not list((data_dir / "renders").iterdir())
    wait_until(lambda: not list((data_dir / "tmp").rglob("*")), 10, "the stopped render's work files to go")
    # and the pool carries on with the next export
    assert_envelope(api.upload(make_photo()), 200, 0)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "data", free_credits="40").start()
    yield s
    s.stop()


def test_killing_the_server_mid_upload_leaves_no_half_file(server: Server, make_photo):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        user = Api.started(http)
        auth, session_id = user.auth, user.session_id
        good = make_photo().read_bytes()

        def slow_body() -> Iterator[bytes]:
            yield b'--xx\r\nContent-Disposition: form-data; name="files"; filename="ok.jpg"\r\n\r\n' + good + b"\r\n"
            yield b'--xx\r\nContent-Disposition: form-data; name="files"; filename="big.jpg"\r\n\r\n\xff\xd8\xff'
            for _ in range(200):
                yield os.urandom(64 * 1024)
                time.sleep(0.01)

        def upload() -> None:
            with contextlib.suppress(httpx.HTTPError):
                http.post(
                    f"/api/upload-video/nemo_agent/me/{session_id}",
                    content=slow_body(),
                    headers={**auth, "Content-Type": "multipart/form-data; boundary=xx"},
                )

        sender = threading.Thread(target=upload)
        sender.start()
        wait_until(lambda: any((server.data_dir / "tmp").rglob("*")), 10, "the upload to reach the disk")
        time.sleep(0.3)
        server.kill()
        sender.join(30)

    server.start()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        state = http.get(f"/api/state/nemo_agent/me/{session_id}", headers=auth).json()["data"]["state"]
    assert state["video_infos"] == [], "a request cut off by the crash added nothing"
    assert not list((server.data_dir / "tmp").rglob("*")), "and its half-received files were swept at start-up"
    media = server.data_dir / "media" / session_id
    assert not media.exists() or not list(media.iterdir())


def test_killing_the_server_mid_spend_keeps_the_ledger_balanced(server: Server, make_photo):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        user = Api.started(http)
        auth, session_id = user.auth, user.session_id
        photo = make_photo().read_bytes()
        http.post(f"/api/upload-video/nemo_agent/me/{session_id}", files=[("files", ("a.jpg", photo))], headers=auth)

    def spend(k: int) -> None:
        body = {"session_id": session_id, "new_message": {"parts": [{"text": f"add the title 'take {k}'"}]}}
        try:
            with httpx.Client(base_url=server.url, timeout=30) as http:
                http.post("/run", json=body, headers=auth)
        except httpx.HTTPError:
            pass

    threads = [threading.Thread(target=spend, args=(k,)) for k in range(30)]
    for thread in threads:
        thread.start()
    time.sleep(0.4)
    server.kill()
    for thread in threads:
        thread.join(30)

    with sqlite3.connect(server.data_dir / "photoreel.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for account_id, available, frozen in db.execute("SELECT id, available, frozen FROM accounts"):
            total, held = db.execute(
                "SELECT coalesce(sum(available), 0), coalesce(sum(frozen), 0) FROM ledger WHERE account_id = ?",
                (account_id,),
            ).fetchone()
            assert (total, held) == (available, frozen), "every balance equals the sum of its ledger entries"
            charges = db.execute(
                "SELECT count(*) FROM ledger WHERE account_id = ? AND kind = 'charge'", (account_id,)
            ).fetchone()[0]
            assert available == 40 - charges


def _mount_tmpfs(path: Path, size_mb: int) -> None:
    path.mkdir(parents=True)
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(path)], check=True, capture_output=True
        )
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a small tmpfs here ({exc}); run as root to test a full disk")


def test_a_full_disk_gives_a_clear_507_and_service_resumes_when_space_is_freed(tmp_path: Path, make_photo):
    small = tmp_path / "small-disk"
    _mount_tmpfs(small, 24)
    server = Server(small / "data", log_path=tmp_path / "server.log").start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            user = Api.started(http)
            auth, session_id = user.auth, user.session_id
            upload_url = f"/api/upload-video/nemo_agent/me/{session_id}"
            first = http.post(upload_url, files=[("files", ("first.jpg", make_photo().read_bytes()))], headers=auth)
            assert first.json()["code"] == 0

            ballast = small / "ballast"
            with ballast.open("wb") as f:  # fill the disk, leaving a little
                while True:
                    try:
                        f.write(b"\0" * (1024 * 1024))
                        f.flush()
                    except OSError:
                        break
            big = os.urandom(3 * 1024 * 1024)
            full = http.post(upload_url, files=[("files", ("big.jpg", b"\xff\xd8\xff" + big))], headers=auth)
            assert full.status_code == 507, full.text
            body = full.json()
            assert body["code"] == 507 and "storage space" in body["message"]

            ballast.unlink()
            again = http.post(upload_url, files=[("files", ("again.jpg", make_photo().read_bytes()))], headers=auth)
            assert again.json()["code"] == 0, again.text
            state = http.get(f"/api/state/nemo_agent/me/{session_id}", headers=auth).json()["data"]["state"]
            assert [m["name"] for m in state["video_infos"]] == ["first.jpg", "again.jpg"]
        with sqlite3.connect(small / "data" / "photoreel.db") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        server.stop()
        subprocess.run(["umount", "-l", str(small)], check=False)


def test_retention_removes_expired_sessions_but_never_work_in_flight(make_client, make_photo):
    client = make_client(retention_days=7)
    old, busy, fresh = Api(client).login(), Api(client).login(), Api(client).login()
    for api in (old, busy, fresh):
        api.new_session()
        assert_envelope(api.upload(make_photo()), 200, 0)
    assert_envelope(old.export("render_old", resolution=360), 200, 0)
    old.poll("render_old")
    thumb = old.state().json()["data"]["state"]["video_infos"][0]["thumbnail"]
    assert client.get(thumb).status_code == 200
    ctx = client.app.state.context
    data_dir: Path = ctx.settings.data_dir

    fresh_id, busy_id = _account_id(ctx, fresh), _account_id(ctx, busy)
    with ctx.database.begin() as db:
        for account in db.query(Account).all():
            if account.id != fresh_id:
                account.expires_at = utcnow() - timedelta(days=8)
        # a render of the busy session is still queued: its session must stay
        db.add(
            RenderJob(
                id="job_inflight",
                client_ref="render_inflight",
                account_id=busy_id,
                session_id=busy.session_id,
                status="queued",
                draft={},
                format="mp4",
            )
        )
    report = sweep(ctx)
    assert (report.sessions_removed, report.sessions_busy) == (1, 1)
    assert report.files_removed >= 3  # the photo, its thumbnail, the video
    with ctx.database() as db:
        assert db.get(VideoSession, old.session_id) is None, "the expired token's session is gone"
    assert not (data_dir / "media" / old.session_id).exists()
    assert not list((data_dir / "renders").iterdir()) and not list((data_dir / "thumbs").iterdir())
    with ctx.database() as db:
        assert db.get(VideoSession, busy.session_id) is not None, "a session with a render in flight stays"
    assert list((data_dir / "media" / busy.session_id).iterdir()), "and so do its files"
    assert_envelope(fresh.state(), 200, 0)


def _account_id(ctx, api: Api) -> str:
    import hashlib

    with ctx.database() as db:
        token_hash = hashlib.sha256(api.token.encode()).hexdigest()
        return db.query(Token).filter_by(hash=token_hash).one().account_id
