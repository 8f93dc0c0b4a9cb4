"""The seed's workflow over real HTTP, and the checks a long chunked video must pass."""

from __future__ import annotations

import colorsys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import httpx
import numpy as np
import sqlalchemy as sa
from PIL import Image

from photoreel.store.models import RenderChunk, RenderJob
from tests.live import login, new_session  # noqa: F401 - the workflow's first steps, re-exported


def slide_colours(count: int) -> list[tuple[int, int, int]]:
    """`count` colours far enough apart to tell every slide from every other after encoding."""
    colours = []
    for i in range(count):
        r, g, b = colorsys.hsv_to_rgb(i / count, 0.85 if i % 2 else 0.6, 0.9 if i % 2 else 0.65)
        colours.append((round(r * 255), round(g * 255), round(b * 255)))
    return colours


def write_photos(folder: Path, colours: list[tuple[int, int, int]]) -> list[Path]:
    paths = []
    for i, colour in enumerate(colours):
        path = folder / f"slide-{i:02d}.jpg"
        Image.new("RGB", (160, 90), colour).save(path, quality=95)
        paths.append(path)
    return paths


def upload(http: httpx.Client, auth: dict[str, str], session_id: str, paths: list[Path]) -> None:
    files = [("files", (p.name, p.read_bytes())) for p in paths]
    r = http.post(f"/api/upload-video/nemo_agent/me/{session_id}", files=files, headers=auth)
    assert r.status_code == 200 and all(f["ok"] for f in r.json()["data"]["files"]), r.text


def say(http: httpx.Client, auth: dict[str, str], session_id: str, text: str) -> list[dict[str, Any]]:
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": session_id,
        "new_message": {"role": "user", "parts": [{"text": text}]},
    }
    r = http.post("/run", json=body, headers=auth)
    assert r.status_code == 200, r.text
    return list(r.json())


def export(http: httpx.Client, auth: dict[str, str], session_id: str, render_id: str, **output: Any) -> None:
    body = {"id": render_id, "sessionId": session_id, "output": output or None}
    r = http.post("/api/render/proxy/lambda", json=body, headers=auth)
    assert r.status_code == 200 and r.json()["code"] == 0, r.text


def status(http: httpx.Client, auth: dict[str, str], render_id: str) -> dict[str, Any]:
    r = http.get(f"/api/render/proxy/lambda/{render_id}", headers=auth)
    assert r.status_code == 200, r.text
    return dict(r.json()["data"])


def wait_completed(http: httpx.Client, auth: dict[str, str], render_id: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = status(http, auth, render_id)
        assert data["status"] != "failed", data
        if data["status"] == "completed":
            return data
        time.sleep(0.25)
    raise AssertionError(f"render {render_id} did not complete in {timeout} s: {data}")


def download(http: httpx.Client, data: dict[str, Any], target: Path) -> Path:
    r = http.get(data["output"]["url"], follow_redirects=True)
    assert r.status_code == 200, r.text
    target.write_bytes(r.content)
    return target


def job_and_chunks(database_url: str, render_id: str) -> tuple[RenderJob, list[RenderChunk]]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn, sa.orm.Session(bind=conn) as db:
            job = db.scalars(sa.select(RenderJob).where(RenderJob.client_ref == render_id)).one()
            chunks = list(db.scalars(sa.select(RenderChunk).where(RenderChunk.job_id == job.id).order_by("index")))
            db.expunge_all()
            return job, chunks
    finally:
        engine.dispose()


def decoded(path: Path) -> Iterator[np.ndarray]:
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            yield frame.to_ndarray(format="rgb24")


def assert_slides_at_their_frames(path: Path, colours: list[tuple[int, int, int]], frames_per_slide: int) -> int:
    """Every frame shows the colour of the slide it belongs to (the nearest of all slide colours); returns
    the number of frames. A duplicated or dropped frame at a seam shifts every later slide and fails here."""
    palette = np.array(colours, dtype=float)
    count = 0
    for n, frame in enumerate(decoded(path)):
        mean = frame[60:120, 100:220].reshape(-1, 3).mean(axis=0)
        nearest = int(np.argmin(np.abs(palette - mean).sum(axis=1)))
        assert nearest == n // frames_per_slide, f"frame {n} shows slide {nearest}, not {n // frames_per_slide}"
        count += 1
    return count


def assert_continuous(path: Path, seconds: float) -> None:
    """Video timestamps step evenly; the sound covers the whole video with no silent gap."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        pts = sorted(p.pts for p in container.demux(video) if p.size)
    assert np.all(np.diff(pts) == pts[1] - pts[0]), "a jump or repeat in the video timestamps"
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        samples = np.concatenate([f.to_ndarray() for f in container.decode(stream)], axis=1)
    assert abs(samples.shape[1] / rate - seconds) < 0.1, "the sound lasts as long as the video"
    window = rate // 10
    body = samples[:, : int((seconds - 1.5) * rate)]  # before the closing fade
    levels = [np.sqrt(np.mean(body[:, i : i + window] ** 2)) for i in range(0, body.shape[1] - window, window)]
    assert min(levels) > 0.05, f"silence at {np.argmin(levels) / 10:.1f} s"
