"""What a long chunked video from the fleet must show: slides at their frames, no gaps; its job and chunk rows.
(The HTTP steps are `tests.api_fixtures.Api`, the one way tests drive the API.)"""

from __future__ import annotations

import colorsys
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import sqlalchemy as sa
from PIL import Image

from photoreel.store.models import RenderChunk, RenderJob


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
