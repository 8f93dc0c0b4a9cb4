"""Render job and chunk state changes, each an UPDATE guarded by the states it may move from (`states.py`), so
concurrent workers (threads, processes or machines) agree on who does what without locks held in Python."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import timedelta

from sqlalchemy import ColumnElement, Update, exists, false, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from photoreel.renders.states import (
    ChunkStatus,
    JobStatus,
    Phase,
    WorkKind,
    checked_phase_sources,
    chunk_sources,
    job_sources,
    phase_sources,
)
from photoreel.store.db import changed_rows
from photoreel.store.models import RenderChunk, RenderJob, utcnow


def _phase_in(phases: Iterable[Phase | None]) -> ColumnElement[bool]:
    """`phase IN (...)` where no phase (NULL) may be one of them."""
    wanted = list(phases)
    named = [p for p in wanted if p is not None]
    clauses: list[ColumnElement[bool]] = [RenderJob.phase.in_(named)] if named else []
    if None in wanted:
        clauses.append(RenderJob.phase.is_(None))
    return or_(*clauses) if clauses else false()


def _rendering_job() -> ColumnElement[bool]:
    """The chunk's job is still rendering: chunks of a failed job are never taken."""
    return exists(
        select(RenderJob.id).where(RenderJob.id == RenderChunk.job_id, RenderJob.status == JobStatus.RENDERING)
    )


def claim(db: Session, job_id: str, rerun: bool) -> bool:
    """Take one job for rendering. `rerun` also takes it back from a worker that died (a redelivered task):
    a job already planned into chunks keeps its plan."""
    claimed = changed_rows(
        db,
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status.in_(job_sources(JobStatus.RENDERING, takeover=rerun)))
        .values(status=JobStatus.RENDERING, started_at=utcnow(), attempts=RenderJob.attempts + 1)
        .execution_options(synchronize_session=False),
    )
    return claimed == 1


def render_whole(db: Session, job_id: str, worker: str) -> bool:
    done = changed_rows(
        db,
        update(RenderJob)
        .where(
            RenderJob.id == job_id,
            RenderJob.status == JobStatus.RENDERING,
            _phase_in(phase_sources(Phase.WHOLE)),
        )
        .values(phase=Phase.WHOLE, worker=worker, progress=0)
        .execution_options(synchronize_session=False),
    )
    return done == 1


def plan_chunks(
    db: Session,
    job_id: str,
    ranges: list[range],
    identities: Sequence[str | None] | None = None,
    cached: Collection[str] = frozenset(),
) -> list[str]:
    """Split a rendering job into chunk rows (once), each with its scene's identity; those in `cached` are done
    from the start (their file is in the cache). The ids of its chunks not yet done."""
    identities = identities if identities is not None else [None] * len(ranges)
    planned = changed_rows(
        db,
        update(RenderJob)
        .where(
            RenderJob.id == job_id,
            RenderJob.status == JobStatus.RENDERING,
            _phase_in(checked_phase_sources((None,), Phase.CHUNKS)),  # planned once: a reopened join keeps its plan
        )
        .values(phase=Phase.CHUNKS, chunk_count=len(ranges))
        .execution_options(synchronize_session=False),
    )
    if planned == 1:
        for i, (frames, identity) in enumerate(zip(ranges, identities, strict=True)):
            hit = identity is not None and identity in cached
            db.add(
                RenderChunk(
                    id=f"{job_id}.{i}",
                    job_id=job_id,
                    index=i,
                    first_frame=frames.start,
                    frame_count=len(frames),
                    identity=identity,
                    status=ChunkStatus.DONE if hit else ChunkStatus.QUEUED,
                    frames_done=len(frames) if hit else 0,
                    attempts=0,
                    finished_at=utcnow() if hit else None,
                )
            )
        db.flush()
    return list(
        db.scalars(
            select(RenderChunk.id)
            .where(RenderChunk.job_id == job_id, RenderChunk.status != ChunkStatus.DONE)
            .order_by(RenderChunk.index)
        )
    )


def claim_chunk(db: Session, chunk_id: str, worker: str, rerun: bool) -> RenderChunk | None:
    """Take one chunk of a job that is still rendering; `rerun` takes it back from a worker that died."""
    sources = chunk_sources(ChunkStatus.RENDERING, takeover=rerun)
    claimed = changed_rows(
        db,
        update(RenderChunk)
        .where(RenderChunk.id == chunk_id, RenderChunk.status.in_(sources), _rendering_job())
        .values(
            status=ChunkStatus.RENDERING,
            worker=worker,
            frames_done=0,
            started_at=utcnow(),
            attempts=RenderChunk.attempts + 1,
        )
        .execution_options(synchronize_session=False),
    )
    return db.get(RenderChunk, chunk_id) if claimed == 1 else None


FAIR_SHARE_WINDOW = timedelta(hours=1)


def next_queued_job(db: Session) -> str | None:
    """The queued job to start next, shared fairly between accounts: that of the account that has started the
    fewest renders in the last hour, the oldest first among equals. One account's burst therefore delays another
    account's export by at most the renders already running."""
    started = aliased(RenderJob)
    recent = (
        select(func.count())
        .select_from(started)
        .where(started.account_id == RenderJob.account_id, started.started_at >= utcnow() - FAIR_SHARE_WINDOW)
        .correlate(RenderJob)
        .scalar_subquery()
    )
    return db.scalar(
        select(RenderJob.id).where(RenderJob.status == JobStatus.QUEUED).order_by(recent, RenderJob.created_at).limit(1)
    )


def next_queued_chunk(db: Session) -> str | None:
    return db.scalar(
        select(RenderChunk.id)
        .where(RenderChunk.status == ChunkStatus.QUEUED, _rendering_job())
        .order_by(RenderChunk.created_at, RenderChunk.index)
        .limit(1)
    )


def chunk_progress(db: Session, chunk_id: str, job_id: str, frames_done: int, total_frames: int) -> None:
    """Record a chunk's frames; the job's progress is the sum of its chunks' (up to 98: the join is the rest)."""
    db.execute(
        update(RenderChunk)
        .where(RenderChunk.id == chunk_id, RenderChunk.status == ChunkStatus.RENDERING)
        .values(frames_done=frames_done)
        .execution_options(synchronize_session=False)
    )
    done = db.scalar(select(func.coalesce(func.sum(RenderChunk.frames_done), 0)).where(RenderChunk.job_id == job_id))
    set_progress(db, job_id, min(98, int(done or 0) * 100 // max(1, total_frames)))


def finish_chunk(db: Session, chunk_id: str) -> bool:
    done = changed_rows(
        db,
        update(RenderChunk)
        .where(RenderChunk.id == chunk_id, RenderChunk.status.in_(chunk_sources(ChunkStatus.DONE)))
        .values(status=ChunkStatus.DONE, frames_done=RenderChunk.frame_count, finished_at=utcnow())
        .execution_options(synchronize_session=False),
    )
    return done == 1


def claim_join(db: Session, job_id: str, worker: str) -> bool:
    """Move a job whose chunks are all done to `joining`; exactly one caller wins."""
    unfinished = select(RenderChunk.id).where(RenderChunk.job_id == job_id, RenderChunk.status != ChunkStatus.DONE)
    claimed = changed_rows(
        db,
        update(RenderJob)
        .where(
            RenderJob.id == job_id,
            RenderJob.status == JobStatus.RENDERING,
            _phase_in(phase_sources(Phase.JOINING)),
            ~exists(unfinished),
        )
        .values(phase=Phase.JOINING, worker=worker)
        .execution_options(synchronize_session=False),
    )
    return claimed == 1


def joinable_jobs(db: Session, include_claimed: bool = False) -> list[str]:
    """Jobs whose chunks are all done but which nobody has claimed to join; with `include_claimed`, also those
    claimed for joining (whose joiner may have died before handing the join on)."""
    unfinished = select(RenderChunk.id).where(
        RenderChunk.job_id == RenderJob.id, RenderChunk.status != ChunkStatus.DONE
    )
    phases = (Phase.CHUNKS, Phase.JOINING) if include_claimed else (Phase.CHUNKS,)
    return list(
        db.scalars(
            select(RenderJob.id).where(
                RenderJob.status == JobStatus.RENDERING, RenderJob.phase.in_(phases), ~exists(unfinished)
            )
        )
    )


def chunks_of(db: Session, job_id: str) -> list[RenderChunk]:
    return list(db.scalars(select(RenderChunk).where(RenderChunk.job_id == job_id).order_by(RenderChunk.index)))


def is_rendering(db: Session, job_id: str) -> bool:
    """Still wanted: a job cancelled (or failed) meanwhile is not, and its worker stops at its next check."""
    return db.scalar(select(RenderJob.status).where(RenderJob.id == job_id)) == JobStatus.RENDERING


def in_flight(db: Session, account_id: str) -> int:
    """The account's exports queued or rendering."""
    unfinished = [s for s in JobStatus if not s.finished]
    return int(
        db.scalar(
            select(func.count())
            .select_from(RenderJob)
            .where(RenderJob.account_id == account_id, RenderJob.status.in_(unfinished))
        )
        or 0
    )


def set_progress(db: Session, job_id: str, percent: int) -> None:
    db.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status == JobStatus.RENDERING, RenderJob.progress < percent)
        .values(progress=percent)
        .execution_options(synchronize_session=False)
    )


def complete(db: Session, job_id: str, output_name: str, size: int, duration_ms: int) -> bool:
    done = changed_rows(
        db,
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status.in_(job_sources(JobStatus.COMPLETED)))
        .values(
            status=JobStatus.COMPLETED,
            progress=100,
            output_name=output_name,
            output_size=size,
            output_duration_ms=duration_ms,
            finished_at=utcnow(),
            error=None,
        )
        .execution_options(synchronize_session=False),
    )
    return done == 1


def fail(db: Session, job_id: str, error: str) -> None:
    db.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status.in_(job_sources(JobStatus.FAILED)))
        .values(status=JobStatus.FAILED, error=error, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def requeue_interrupted(db: Session) -> int:
    """Work left half done by a process that died goes back to the queue (for the in-process pool, whose
    process is the only one working): whole renders re-queue, chunks re-queue, joins are joinable again."""
    whole = changed_rows(db, _requeue_whole())
    db.execute(_requeue_chunk())
    db.execute(_reopen_join())
    return whole


def _requeue_whole() -> Update:
    """Jobs rendering whole (or not planned yet) go back to waiting, to be planned again."""
    return (
        update(RenderJob)
        .where(
            RenderJob.status == JobStatus.RENDERING,  # only a job being rendered was interrupted
            _phase_in(phase_sources(None)),
        )
        .values(status=JobStatus.QUEUED, progress=0, phase=None)
        .execution_options(synchronize_session=False)
    )


def _requeue_chunk() -> Update:
    return (
        update(RenderChunk)
        .where(RenderChunk.status.in_(chunk_sources(ChunkStatus.QUEUED)))
        .values(status=ChunkStatus.QUEUED, frames_done=0)
        .execution_options(synchronize_session=False)
    )


def _reopen_join() -> Update:
    """A join whose joiner died may be claimed again."""
    return (
        update(RenderJob)
        .where(
            RenderJob.status == JobStatus.RENDERING, _phase_in(checked_phase_sources((Phase.JOINING,), Phase.CHUNKS))
        )
        .values(phase=Phase.CHUNKS)
        .execution_options(synchronize_session=False)
    )


def retry(db: Session, kind: WorkKind, item_id: str, max_attempts: int) -> bool:
    """Put work whose worker died back in the queue, unless it has died `max_attempts` times already."""
    if kind == WorkKind.CHUNK:
        statement = _requeue_chunk().where(RenderChunk.id == item_id, RenderChunk.attempts < max_attempts)
    elif kind == WorkKind.JOIN:
        statement = _reopen_join().where(RenderJob.id == item_id, RenderJob.attempts < max_attempts)
        statement = statement.values(attempts=RenderJob.attempts + 1)
    else:
        phase = db.scalar(select(RenderJob.phase).where(RenderJob.id == item_id))
        if phase in (Phase.CHUNKS, Phase.JOINING):
            return _retry_inline(db, item_id, max_attempts)
        statement = _requeue_whole().where(RenderJob.id == item_id, RenderJob.attempts < max_attempts)
    return changed_rows(db, statement) == 1


def _retry_inline(db: Session, job_id: str, max_attempts: int) -> bool:
    """A job whose one worker rendered its chunks itself died: the chunk it was rendering waits again (unless it
    has died `max_attempts` times), and a join it had claimed may be claimed again; the job stays rendering, for
    its task, redelivered, to take back."""
    changed_rows(
        db,
        _requeue_chunk().where(
            RenderChunk.job_id == job_id,
            RenderChunk.status == ChunkStatus.RENDERING,
            RenderChunk.attempts < max_attempts,
        ),
    )
    too_often = select(RenderChunk.id).where(RenderChunk.job_id == job_id, RenderChunk.status == ChunkStatus.RENDERING)
    if db.scalar(select(exists(too_often))):
        return False
    reopened = _reopen_join().where(RenderJob.id == job_id, RenderJob.attempts < max_attempts)
    changed_rows(db, reopened)
    attempts = db.scalar(select(RenderJob.attempts).where(RenderJob.id == job_id)) or 0
    return attempts < max_attempts


def job_of(db: Session, kind: WorkKind, item_id: str) -> str | None:
    if kind == WorkKind.CHUNK:
        return db.scalar(select(RenderChunk.job_id).where(RenderChunk.id == item_id))
    return item_id
