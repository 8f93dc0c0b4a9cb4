"""The scale-out deployment for real: PostgreSQL, Redis, API servers and Celery workers as separate processes,
all on loopback, sharing one data folder (the "shared mount")."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from photoreel.render import render
from photoreel.store.models import Account, LedgerEntry, MediaItem, RenderJob
from photoreel.timeline import from_draft
from tests.api_fixtures import Api, assert_envelope
from tests.conftest import write_wav
from tests.helpers import psnr
from tests.live import Server, Worker
from tests.scale import long_video


@pytest.fixture
def processes() -> Iterator[list[Server | Worker]]:
    """Every process a test starts; all are stopped at the end, whatever happened."""
    started: list[Server | Worker] = []
    yield started
    for process in started:
        process.stop()


def _start(processes: list, process: Server | Worker) -> Server | Worker:
    processes.append(process)
    return process.start()


def _project(http: httpx.Client, tmp_path: Path, slides: int) -> tuple[Api, list]:
    """A session with `slides` coloured photos, 2 s each, hard cuts, and background music."""
    user = Api.started(http)
    colours = long_video.slide_colours(slides)
    photos = long_video.write_photos(tmp_path, colours)
    music = write_wav(tmp_path / "music.wav", 20.0, amplitude=0.4)
    uploaded = assert_envelope(user.upload(*photos, music), 200, 0)["data"]["files"]
    assert all(f["ok"] for f in uploaded), uploaded
    user.say("each photo for 2 seconds, no transitions, add background music")
    return user, colours


def test_a_long_video_renders_in_chunks_on_both_workers_and_joins_seamlessly(
    tmp_path: Path, fleet_settings: dict[str, str], processes: list
):
    data = tmp_path / "data"
    settings = {**fleet_settings, "chunk_s": "10"}
    api = _start(processes, Server(data, **settings))
    workers = [_start(processes, Worker(name, data, **settings)) for name in ("w1", "w2")]

    with httpx.Client(base_url=api.url, timeout=60) as http:
        user, colours = _project(http, tmp_path, slides=30)  # 60 s
        assert_envelope(user.export("render_long", resolution=360), 200, 0)
        done = user.wait_completed("render_long", timeout=240)
        video = user.download(done, tmp_path / "long.mp4")

    job, chunks = long_video.job_and_chunks(settings["database_url"], "render_long")
    assert job.phase == "joining" and len(chunks) >= 4 and all(c.status == "done" for c in chunks)
    assert {c.worker for c in chunks} == {w.name for w in workers}, "both workers rendered chunks"
    assert long_video.assert_slides_at_their_frames(video, colours, frames_per_slide=60) == 1800
    long_video.assert_continuous(video, 60.0)
    cached = {p.stem for p in (data / "chunks" / "cache").rglob("*.mp4")}
    assert cached == {c.identity for c in chunks}, "the chunks stay in the cache, each once, under its identity"
    assert not [p for p in (data / "chunks").rglob("*.mp4") if "cache" not in p.parts], "nothing else is left"

    # The same timeline rendered whole in one process: frame for frame the same picture.
    engine = sa.create_engine(settings["database_url"])
    with sa.orm.Session(engine) as db:
        items = db.scalars(sa.select(MediaItem).where(MediaItem.session_id == job.session_id)).all()
        sources = {m.id: data / "media" / m.session_id / m.stored_name for m in items}
    engine.dispose()
    whole = render(from_draft(job.draft), sources, tmp_path / "whole.mp4").path
    worst = min(
        (psnr(a, b), n)
        for n, (a, b) in enumerate(zip(long_video.decoded(whole), long_video.decoded(video), strict=True))
    )
    assert worst[0] > 45, f"frame {worst[1]} differs from the single-process render: {worst[0]:.1f} dB"


def test_a_killed_worker_and_a_stopped_api_server_lose_nothing(
    tmp_path: Path, fleet_settings: dict[str, str], processes: list
):
    data = tmp_path / "data"
    # A short visibility timeout so the killed worker's chunk comes back within seconds, not an hour.
    settings = {**fleet_settings, "chunk_s": "5", "broker_visibility_timeout_s": "6", "render_time_limit_s": "60"}
    api = _start(processes, Server(data, **settings))
    victim = _start(processes, Worker("victim", data, **settings))
    survivor = _start(processes, Worker("survivor", data, **settings))

    with httpx.Client(base_url=api.url, timeout=60) as http:
        user, colours = _project(http, tmp_path, slides=15)  # 30 s in 6 chunks
        assert_envelope(user.export("render_faults", resolution=720), 200, 0)
        api.stop()  # the API server goes away while the fleet renders

    deadline = time.monotonic() + 60
    killed_chunk = None
    while killed_chunk is None:
        assert time.monotonic() < deadline, "the victim never started a chunk"
        _, chunks = long_video.job_and_chunks(settings["database_url"], "render_faults")
        busy = [c for c in chunks if c.status == "rendering" and c.worker == victim.name and c.frames_done > 0]
        if busy:
            victim.kill()
            killed_chunk = busy[0].index
        time.sleep(0.02)

    deadline = time.monotonic() + 180
    while (job := long_video.job_and_chunks(settings["database_url"], "render_faults")[0]).status != "completed":
        assert job.status != "failed", job.error
        assert time.monotonic() < deadline, f"the job did not complete after the faults: {job.status} {job.phase}"
        time.sleep(0.5)

    api.start()  # back again: it reports what the fleet finished meanwhile
    with httpx.Client(base_url=api.url, timeout=60) as http:
        done = user.on(http).status("render_faults")
        assert done["status"] == "completed"
        video = user.on(http).download(done, tmp_path / "faults.mp4")

    _, chunks = long_video.job_and_chunks(settings["database_url"], "render_faults")
    redone = chunks[killed_chunk]
    assert redone.status == "done" and redone.worker == survivor.name and redone.attempts >= 2
    assert [p.name for p in (data / "renders").iterdir()] == [f"{job.id}.mp4"], "exactly one output"
    assert long_video.assert_slides_at_their_frames(video, colours, frames_per_slide=60) == 900
    long_video.assert_continuous(video, 30.0)


def test_two_api_servers_never_overspend_one_account(tmp_path: Path, postgres_url: str, processes: list, make_photo):
    settings = {"database_url": postgres_url, "free_credits": "30", "secret_key": "shared"}
    servers = [_start(processes, Server(tmp_path / "data", **settings)) for _ in range(2)]
    with httpx.Client(base_url=servers[0].url, timeout=60) as http:
        user = Api(http).login()
        sessions = [user.new_session() for _ in range(5)]
        for session_id in sessions:
            assert_envelope(user.upload(make_photo(), session_id=session_id), 200, 0)

    outcomes: list[str] = []
    lock = threading.Lock()

    def spend(k: int) -> None:
        with httpx.Client(base_url=servers[k % 2].url, timeout=120) as http:
            events = user.on(http, sessions[k % 5]).say(f"add the title 'take {k}'")
        outcome = "2001" if any(e.get("errorCode") == "2001" for e in events) else "ok"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=spend, args=(k,)) for k in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["2001"] * 20 + ["ok"] * 30
    engine = sa.create_engine(postgres_url)
    with sa.orm.Session(engine) as db:
        account = db.scalars(sa.select(Account)).one()
        entries = db.scalars(sa.select(LedgerEntry).where(LedgerEntry.account_id == account.id)).all()
    engine.dispose()
    assert account.available == 0
    assert sum(e.available for e in entries) == account.available, "the ledger adds up to the balance"
    assert sum(1 for e in entries if e.kind == "charge") == 30


def test_api_servers_of_a_fleet_share_one_rate_limit(make_client, fleet_settings: dict[str, str]):
    settings = {**fleet_settings, "rate_limit_per_minute": 6}
    first, second = make_client(**settings), make_client(**settings)
    token = first.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}).json()["data"]["token"]
    auth = {"Authorization": f"Bearer {token}"}
    codes = [
        (first if k % 2 else second).get("/api/credits/balance/simple", headers=auth).status_code for k in range(8)
    ]
    assert codes == [200] * 6 + [429] * 2, f"the two servers count one limit together: {codes}"


def test_the_fleet_starts_another_accounts_export_before_a_burst_of_one_account(
    tmp_path: Path, fleet_settings: dict[str, str], processes: list
):
    data = tmp_path / "data"
    settings = {**fleet_settings, "exports_in_flight": "3", "worker_concurrency": "1"}
    api = _start(processes, Server(data, **settings))
    with httpx.Client(base_url=api.url, timeout=60) as http:
        (tmp_path / "busy").mkdir()
        (tmp_path / "other").mkdir()
        busy, _ = _project(http, tmp_path / "busy", slides=2)
        other, _ = _project(http, tmp_path / "other", slides=2)
        for k in range(3):
            assert_envelope(busy.export(f"r_busy_{k}", resolution=360), 200, 0)
        assert_envelope(other.export("r_other", resolution=360), 200, 0)
        # The broker holds the four tasks in the order they came; one worker takes them one at a time.
        _start(processes, Worker("solo", data, **settings))
        for user, render in [(busy, "r_busy_0"), (busy, "r_busy_1"), (busy, "r_busy_2"), (other, "r_other")]:
            user.wait_completed(render, timeout=180)
    engine = sa.create_engine(settings["database_url"])
    with sa.orm.Session(engine) as db:
        order = [ref for (ref,) in db.execute(sa.select(RenderJob.client_ref).order_by(RenderJob.started_at))]
    engine.dispose()
    assert order.index("r_other") == 1, f"started second, not fourth: {order}"
