"""Time to video for a 3-minute 1080p30 album: one `photoreel serve` rendering alone, versus the Celery fleet
with 1 and with 2 `photoreel worker`s rendering it in chunks. Needs Redis (and uses PostgreSQL when one answers).

    python -m benchmarks.fleet [--workers 1,2] [--chunk-s 20] [--write]

Each worker is a separate process, as on separate machines; on one 2-core box they share the cores, so this
measures the overhead of chunking and joining more than the speed-up that more machines would bring.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from benchmarks.workloads import Photo, make_music, make_photo

ALBUM_PHOTOS = 36
ALBUM_SECONDS = 180.0
POSTGRES = os.environ.get("PHOTOREEL_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("PHOTOREEL_BENCH_REDIS", "redis://127.0.0.1:6379/14")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database(work: Path) -> str:
    import sqlalchemy as sa

    try:
        admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        name = f"photoreel_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        return POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    except Exception:
        return f"sqlite:///{work / 'fleet.db'}"


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "photoreel", *args],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def _wait_for(text: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{log.name}: no {text!r} in time")
        time.sleep(0.2)


def time_to_video(inputs: list[Path], work: Path, workers: int, chunk_s: float) -> tuple[float, int]:
    """Seconds from export to a completed render (uploads done beforehand), and how many chunks it took."""
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    data = work / f"data-{workers}"
    port = _port()
    env = {
        **os.environ,
        "PHOTOREEL_DATA_DIR": str(data),
        "PHOTOREEL_DATABASE_URL": _database(work),
        "PHOTOREEL_BROKER_URL": REDIS,
        "PHOTOREEL_QUEUE": "celery" if workers else "local",
        "PHOTOREEL_CHUNK_S": str(chunk_s if workers else 1e9),
        "PHOTOREEL_SECRET_KEY": "bench",
    }
    processes = [_start(["serve", "--port", str(port)], env, work / f"api-{workers}.log")]
    try:
        for i in range(workers):
            log = work / f"worker-{workers}-{i}.log"
            processes.append(_start(["worker", "--name", f"bench{i}@%h"], env, log))
            _wait_for(" ready.", log)
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=url, timeout=300) as http:
            for _ in range(300):
                try:
                    if http.get("/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            token = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
            auth = {"Authorization": f"Bearer {token.json()['data']['token']}"}
            sid = http.post("/api/tasks/me/with-session/nemo_agent", json={}, headers=auth).json()["data"]["session_id"]
            files = [("files", (p.name, p.read_bytes())) for p in inputs]
            assert http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=files, headers=auth).json()["code"] == 0
            text = f"make it {ALBUM_SECONDS:g} seconds, crossfade, add background music"
            http.post("/run", json={"session_id": sid, "new_message": {"parts": [{"text": text}]}}, headers=auth)
            started = time.monotonic()
            body = {"id": "render_fleet", "sessionId": sid}
            assert http.post("/api/render/proxy/lambda", json=body, headers=auth).json()["code"] == 0
            while True:
                status = http.get("/api/render/proxy/lambda/render_fleet", headers=auth).json()["data"]
                if status["status"] in ("completed", "failed"):
                    break
                time.sleep(0.1)
            elapsed = time.monotonic() - started
            assert status["status"] == "completed", status
            assert abs(status["output"]["duration"] - ALBUM_SECONDS) < 0.1, status
        chunks = max(1, round(ALBUM_SECONDS / chunk_s)) if workers else 1
        return elapsed, chunks
    finally:
        for process in reversed(processes):
            _stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", default="0,1,2", help="fleet sizes to time; 0 = one `photoreel serve` alone")
    parser.add_argument("--chunk-s", type=float, default=20.0)
    parser.add_argument("--write", action="store_true", help="append the table to benchmarks/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="photoreel-fleet-") as tmp:
        work = Path(tmp)
        photos = [
            make_photo(Photo((4000, 3000), "JPEG"), work / f"album-{i:02d}.jpg", seed=300 + i)
            for i in range(ALBUM_PHOTOS)
        ]
        inputs = [*photos, make_music(work / "album.wav", 60.0)]
        rows = []
        for workers in (int(w) for w in args.workers.split(",")):
            seconds, chunks = time_to_video(inputs, work, workers, args.chunk_s)
            label = "photoreel serve alone (no chunks)" if workers == 0 else f"Celery fleet, {workers} worker(s)"
            rows.append((label, chunks, seconds))
            print(f"{label}: {seconds:.1f} s ({chunks} chunk(s))", flush=True)
    base = rows[0][2]
    table = [
        f"### Fleet: 3-minute 1080p30 album, time from export to completed ({time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()})",
        "",
        f"| setup | chunks | seconds | vs {rows[0][0]} |",
        "|---|---:|---:|---:|",
        *(f"| {label} | {chunks} | {seconds:.1f} | {base / seconds:.2f}x |" for label, chunks, seconds in rows),
    ]
    print("\n".join(table))
    if args.write:
        results = Path(__file__).parent / "RESULTS.md"
        results.write_text(results.read_text().rstrip() + "\n\n" + "\n".join(table) + "\n")


if __name__ == "__main__":
    main()
