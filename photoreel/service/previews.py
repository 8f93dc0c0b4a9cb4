"""Watching an export while it renders: its leading finished chunks, as fragmented MP4 a browser appends to a
Media Source in order, each placed at its start time. The final file is made as before; this only reads the
chunks (in the cache, or under their job) before and after the join."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from photoreel.errors import NotFound
from photoreel.render.fragments import fragmented_mp4, mime_type
from photoreel.renders import chunk_cache, transitions
from photoreel.renders.states import ChunkStatus, JobStatus, Phase
from photoreel.service import links
from photoreel.service.context import AppContext
from photoreel.store.models import Account, RenderChunk, RenderJob
from photoreel.timeline import from_draft

_WATCHABLE = (Phase.CHUNKS, Phase.JOINING)


@dataclass(frozen=True)
class ReadySegment:
    index: int
    start_s: float
    duration_s: float


@dataclass(frozen=True)
class Preview:
    job: RenderJob
    segments: list[ReadySegment]  # the leading chunks that are done, in order, with no gap
    duration_s: float  # of the whole video
    mime: str | None  # what to ask `MediaSource.isTypeSupported`; None until the first chunk is ready

    @property
    def complete(self) -> bool:
        """Every second of the video is in `segments`."""
        return bool(self.segments) and abs(sum(s.duration_s for s in self.segments) - self.duration_s) < 1e-6


def watchable(job: RenderJob) -> bool:
    """Whether the job renders as chunks that can be watched: planned (or joined) in chunks and not failed."""
    return job.phase in _WATCHABLE and job.status in (JobStatus.RENDERING, JobStatus.COMPLETED)


def preview(ctx: AppContext, account: Account, client_ref: str) -> Preview:
    """The export's leading finished chunks; NotFound for an export that is not rendered in chunks."""
    with ctx.read() as db:
        job = db.scalar(select(RenderJob).where(RenderJob.account_id == account.id, RenderJob.client_ref == client_ref))
        if job is None:
            raise NotFound("render job not found")
        if not watchable(job):
            raise NotFound("this export has no preview (it is queued, failed, or renders as one piece)")
        chunks = transitions.chunks_of(db, job.id)
    rate = from_draft(job.draft, trusted=True).output.rate
    ready: list[ReadySegment] = []
    for chunk in chunks:
        if chunk.status != ChunkStatus.DONE:
            break
        ready.append(ReadySegment(chunk.index, chunk.first_frame / rate, chunk.frame_count / rate))
    total = sum(c.frame_count for c in chunks) / rate
    try:
        mime = mime_type(ctx.blobs.local_path(chunk_cache.chunk_file(job.id, chunks[0]))) if ready else None
    except FileNotFoundError:
        raise NotFound("this export's preview is gone (it has finished: download it)") from None
    return Preview(job=job, segments=ready, duration_s=total, mime=mime)


def segment_file(ctx: AppContext, job_id: str, index: int, expires: int | None, sig: str | None) -> Path:
    """Chunk `index` of the job as a fragmented MP4 in a work file (the caller deletes it), authorised by the
    signed link the preview gave out."""
    if not links.valid(ctx, "preview", f"{job_id}.{index}", expires, sig):
        raise NotFound("preview segment not found (or the link has expired)")
    with ctx.read() as db:
        chunk = db.scalar(select(RenderChunk).where(RenderChunk.job_id == job_id, RenderChunk.index == index))
        job = db.get(RenderJob, job_id)
    if chunk is None or job is None or chunk.status != ChunkStatus.DONE or not watchable(job):
        raise NotFound("preview segment not found (or not rendered yet)")
    try:
        source = ctx.blobs.local_path(chunk_cache.chunk_file(job_id, chunk))
    except FileNotFoundError:
        raise NotFound("preview segment not found (the export has finished: download it)") from None
    made = ctx.blobs.temp_file(".mp4")
    try:
        return fragmented_mp4(source, made)
    except BaseException:
        made.unlink(missing_ok=True)
        raise
