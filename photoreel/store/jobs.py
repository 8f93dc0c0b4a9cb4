"""Render job state changes, each guarded by the state it expects, so two workers never run one job."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from photoreel.store.models import RenderJob, utcnow


def claim_next(db: Session) -> str | None:
    """Move the oldest queued job to `rendering` and return its id; None when nothing waits."""
    candidates = db.scalars(
        select(RenderJob.id).where(RenderJob.status == "queued").order_by(RenderJob.created_at).limit(5)
    ).all()
    for job_id in candidates:
        claimed = db.execute(
            update(RenderJob)
            .where(RenderJob.id == job_id, RenderJob.status == "queued")
            .values(status="rendering", progress=0, started_at=utcnow(), attempts=RenderJob.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:
            return job_id
    return None


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
    """Jobs left `rendering` by a process that died go back to the queue."""
    result = db.execute(
        update(RenderJob)
        .where(RenderJob.status == "rendering")
        .values(status="queued", progress=0)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
