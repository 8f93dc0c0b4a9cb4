"""Render job and chunk state changes, each an UPDATE guarded by the state it expects, so concurrent workers
(threads, processes or machines) agree on who does what without locks held in Python."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, func, select, update
from sqlalchemy.orm import Session

from photoreel.store.models import RenderChunk, RenderJob, utcnow


def _unplanned_or_whole() -> ColumnElement[bool]:
    """Jobs not split into chunks: not planned yet, or rendering whole."""
    return RenderJob.phase.is_(None) | (RenderJob.phase == "whole")


def claim(db: Session, job_id: str, rerun: bool) -> bool:
    """Take one job for rendering. `rerun` also takes it back from a worker that died (a redelivered task):
    a job already planned into chunks keeps its plan."""
    states = ("queued", "rendering") if rerun else ("queued",)
    claimed = db.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status.in_(states))
        .values(status="rendering", started_at=utcnow(), attempts=RenderJob.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def render_whole(db: Session, job_id: str, worker: str) -> bool:
    done = db.execute(
        update(RenderJob)
        .where(
            RenderJob.id == job_id,
            RenderJob.status == "rendering",
            _unplanned_or_whole(),
        )
        .values(phase="whole", worker=worker, progress=0)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def plan_chunks(db: Session, job_id: str, ranges: list[range]) -> list[str]:
    """Split a rendering job into chunk rows (once); the ids of its chunks not yet done."""
    planned = db.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status == "rendering", RenderJob.phase.is_(None))
        .values(phase="chunks", chunk_count=len(ranges))
        .execution_options(synchronize_session=False)
    )
    if planned.rowcount == 1:
        for i, frames in enumerate(ranges):
            db.add(
                RenderChunk(
                    id=f"{job_id}.{i}",
                    job_id=job_id,
                    index=i,
                    first_frame=frames.start,
                    frame_count=len(frames),
                    status="queued",
                    frames_done=0,
                    attempts=0,
                )
            )
        db.flush()
    return list(
        db.scalars(
            select(RenderChunk.id)
            .where(RenderChunk.job_id == job_id, RenderChunk.status != "done")
            .order_by(RenderChunk.index)
        )
    )


def claim_chunk(db: Session, chunk_id: str, worker: str, rerun: bool) -> RenderChunk | None:
    """Take one chunk of a job that is still rendering; `rerun` takes it back from a worker that died."""
    states = ("queued", "rendering") if rerun else ("queued",)
    live_job = select(RenderJob.id).where(RenderJob.id == RenderChunk.job_id, RenderJob.status == "rendering")
    claimed = db.execute(
        update(RenderChunk)
        .where(RenderChunk.id == chunk_id, RenderChunk.status.in_(states), exists(live_job))
        .values(
            status="rendering", worker=worker, frames_done=0, started_at=utcnow(), attempts=RenderChunk.attempts + 1
        )
        .execution_options(synchronize_session=False)
    )
    return db.get(RenderChunk, chunk_id) if claimed.rowcount == 1 else None


def next_queued_chunk(db: Session) -> str | None:
    live_job = select(RenderJob.id).where(RenderJob.id == RenderChunk.job_id, RenderJob.status == "rendering")
    return db.scalar(
        select(RenderChunk.id)
        .where(RenderChunk.status == "queued", exists(live_job))
        .order_by(RenderChunk.created_at, RenderChunk.index)
        .limit(1)
    )


def chunk_progress(db: Session, chunk_id: str, job_id: str, frames_done: int, total_frames: int) -> None:
    """Record a chunk's frames; the job's progress is the sum of its chunks' (up to 98: the join is the rest)."""
    db.execute(
        update(RenderChunk)
        .where(RenderChunk.id == chunk_id, RenderChunk.status == "rendering")
        .values(frames_done=frames_done)
        .execution_options(synchronize_session=False)
    )
    done = db.scalar(select(func.coalesce(func.sum(RenderChunk.frames_done), 0)).where(RenderChunk.job_id == job_id))
    set_progress(db, job_id, min(98, int(done) * 100 // max(1, total_frames)))


def finish_chunk(db: Session, chunk_id: str) -> bool:
    done = db.execute(
        update(RenderChunk)
        .where(RenderChunk.id == chunk_id, RenderChunk.status != "done")
        .values(status="done", frames_done=RenderChunk.frame_count, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def claim_join(db: Session, job_id: str, worker: str) -> bool:
    """Move a job whose chunks are all done to `joining`; exactly one caller wins."""
    unfinished = select(RenderChunk.id).where(RenderChunk.job_id == job_id, RenderChunk.status != "done")
    claimed = db.execute(
        update(RenderJob)
        .where(
            RenderJob.id == job_id,
            RenderJob.status == "rendering",
            RenderJob.phase == "chunks",
            ~exists(unfinished),
        )
        .values(phase="joining", worker=worker)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def joinable_jobs(db: Session, include_claimed: bool = False) -> list[str]:
    """Jobs whose chunks are all done but which nobody has claimed to join; with `include_claimed`, also those
    claimed for joining (whose joiner may have died before handing the join on)."""
    unfinished = select(RenderChunk.id).where(RenderChunk.job_id == RenderJob.id, RenderChunk.status != "done")
    phases = ("chunks", "joining") if include_claimed else ("chunks",)
    return list(
        db.scalars(
            select(RenderJob.id).where(
                RenderJob.status == "rendering", RenderJob.phase.in_(phases), ~exists(unfinished)
            )
        )
    )


def chunks_of(db: Session, job_id: str) -> list[RenderChunk]:
    return list(db.scalars(select(RenderChunk).where(RenderChunk.job_id == job_id).order_by(RenderChunk.index)))


def set_progress(db: Session, job_id: str, percent: int) -> None:
    db.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status == "rendering", RenderJob.progress < percent)
        .values(progress=percent)
        .execution_options(synchronize_session=False)
    )


def complete(db: Session, job_id: str, output_name: str, size: int, duration_ms: int) -> bool:
    done = db.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status == "rendering")
        .values(
            status="completed",
            progress=100,
            output_name=output_name,
            output_size=size,
            output_duration_ms=duration_ms,
            finished_at=utcnow(),
            error=None,
        )
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def fail(db: Session, job_id: str, error: str) -> None:
    db.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status.in_(("queued", "rendering")))
        .values(status="failed", error=error, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def requeue_interrupted(db: Session) -> int:
    """Work left half done by a process that died goes back to the queue (for the in-process pool, whose
    process is the only one working): whole renders re-queue, chunks re-queue, joins are joinable again."""
    whole = db.execute(
        update(RenderJob)
        .where(RenderJob.status == "rendering", _unplanned_or_whole())
        .values(status="queued", progress=0, phase=None)
        .execution_options(synchronize_session=False)
    )
    db.execute(
        update(RenderChunk)
        .where(RenderChunk.status == "rendering")
        .values(status="queued", frames_done=0)
        .execution_options(synchronize_session=False)
    )
    db.execute(
        update(RenderJob)
        .where(RenderJob.status == "rendering", RenderJob.phase == "joining")
        .values(phase="chunks")
        .execution_options(synchronize_session=False)
    )
    return whole.rowcount


def retry(db: Session, kind: str, item_id: str, max_attempts: int) -> bool:
    """Put work whose worker died back in the queue, unless it has died `max_attempts` times already."""
    if kind == "chunk":
        result = db.execute(
            update(RenderChunk)
            .where(RenderChunk.id == item_id, RenderChunk.status == "rendering", RenderChunk.attempts < max_attempts)
            .values(status="queued", frames_done=0)
            .execution_options(synchronize_session=False)
        )
    elif kind == "join":
        result = db.execute(
            update(RenderJob)
            .where(
                RenderJob.id == item_id,
                RenderJob.status == "rendering",
                RenderJob.phase == "joining",
                RenderJob.attempts < max_attempts,
            )
            .values(phase="chunks", attempts=RenderJob.attempts + 1)
            .execution_options(synchronize_session=False)
        )
    else:
        result = db.execute(
            update(RenderJob)
            .where(
                RenderJob.id == item_id,
                RenderJob.status == "rendering",
                _unplanned_or_whole(),
                RenderJob.attempts < max_attempts,
            )
            .values(status="queued", phase=None, progress=0)
            .execution_options(synchronize_session=False)
        )
    return result.rowcount == 1


def job_of(db: Session, kind: str, item_id: str) -> str | None:
    if kind == "chunk":
        return db.scalar(select(RenderChunk.job_id).where(RenderChunk.id == item_id))
    return item_id
