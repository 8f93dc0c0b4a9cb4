"""What the service has done and holds, read from the database, so every API server of a fleet reports the
same figures (renders run in workers, not in the server that is scraped): the figures behind `/metrics`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from photoreel.renders.states import ChunkStatus, JobStatus
from photoreel.service.context import AppContext
from photoreel.store.models import CachedChunk, LedgerEntry, RenderChunk, RenderJob


@dataclass(frozen=True)
class Usage:
    jobs: dict[str, int] = field(default_factory=dict)  # export jobs by status
    chunks_waiting: int = 0  # chunks of started exports queued for a worker
    render_seconds: float = 0.0  # wall time of the completed exports, from start to finish, summed
    renders_completed: int = 0
    chunks_rendered: int = 0  # chunks a worker rendered
    chunks_from_cache: int = 0  # chunks an export found in the chunk cache
    cache_chunks: int = 0
    cache_bytes: int = 0
    credits_spent: int = 0


def usage(ctx: AppContext) -> Usage:
    with ctx.read() as db:
        by_status = db.execute(select(RenderJob.status, func.count()).group_by(RenderJob.status))
        jobs = {str(status): int(count) for status, count in by_status}
        waiting = db.scalar(select(func.count()).where(RenderChunk.status == ChunkStatus.QUEUED)) or 0
        completed = db.execute(
            select(RenderJob.started_at, RenderJob.finished_at).where(
                RenderJob.status == JobStatus.COMPLETED,
                RenderJob.started_at.is_not(None),
                RenderJob.finished_at.is_not(None),
            )
        ).all()
        done = select(func.count()).where(RenderChunk.status == ChunkStatus.DONE)
        rendered = db.scalar(done.where(RenderChunk.worker.is_not(None))) or 0
        from_cache = db.scalar(done.where(RenderChunk.worker.is_(None))) or 0
        cache_chunks, cache_bytes = db.execute(
            select(func.count(), func.coalesce(func.sum(CachedChunk.size_bytes), 0))
        ).one()
        # Charges carry what was taken as a negative `available`; holds that were captured moved it to `frozen`.
        spent = db.scalar(select(func.coalesce(func.sum(LedgerEntry.available), 0)).where(LedgerEntry.kind == "charge"))
        captured = db.scalar(
            select(func.coalesce(func.sum(LedgerEntry.frozen), 0)).where(LedgerEntry.kind == "capture")
        )
    return Usage(
        jobs=jobs,
        chunks_waiting=int(waiting),
        render_seconds=sum((f - s).total_seconds() for s, f in completed),
        renders_completed=len(completed),
        chunks_rendered=int(rendered),
        chunks_from_cache=int(from_cache),
        cache_chunks=int(cache_chunks),
        cache_bytes=int(cache_bytes),
        credits_spent=-int(spent or 0) - int(captured or 0),
    )
