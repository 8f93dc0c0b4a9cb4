"""Exports: snapshot a session's timeline into a render job, report on it, serve the result.
(The worker side is renders/worker.py.)"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from photoreel.config import Settings
from photoreel.errors import BadRequest, NotFound, PlanLimit, TimelineError
from photoreel.renders.states import JobStatus, WorkKind
from photoreel.service import links, sessions
from photoreel.service.context import AppContext
from photoreel.store import blobs
from photoreel.store.models import Account, RenderJob, utcnow
from photoreel.timeline import apply, ops, to_draft
from photoreel.timeline.output import OutputSpec


def start(
    ctx: AppContext, account: Account, session_id: str, client_ref: str | None, output: ops.SetOutput | None = None
) -> RenderJob:
    """Queue an export of the session as it is now, with `output`'s changes (checked where they came in). The
    same `client_ref` twice gives the same job."""
    client_ref = (client_ref or "").strip() or f"render_{uuid.uuid4().hex}"
    if len(client_ref) > 200:
        raise BadRequest("the render id is too long (200 characters at most)")
    with ctx.database.begin() as db:
        existing = db.scalar(
            select(RenderJob).where(RenderJob.account_id == account.id, RenderJob.client_ref == client_ref)
        )
        if existing is not None:
            return existing
        session = sessions.get(db, account, session_id, for_update=True)  # see service/janitor.py
        timeline = sessions.timeline(session)
        if output is not None:
            timeline = apply(timeline, output)
        if not timeline.segments:
            raise TimelineError("the session has no photos or clips yet; upload some before exporting")
        _check_plan(ctx.settings, db, account, timeline.output)
        job = RenderJob(
            id=f"job_{uuid.uuid4().hex}",
            client_ref=client_ref,
            account_id=account.id,
            session_id=session.id,
            status=JobStatus.QUEUED,
            draft=to_draft(timeline),
            format=timeline.output.format,
        )
        db.add(job)
        db.flush()
    ctx.queue.submit(WorkKind.JOB, job.id)
    return job


def _check_plan(settings: Settings, db: Session, account: Account, output: OutputSpec) -> None:
    if min(output.size) > settings.max_export_resolution:
        raise PlanLimit(
            f"exports above {settings.max_export_resolution}p are not part of this plan; choose a lower resolution"
        )
    since = utcnow() - timedelta(days=1)
    today = db.scalar(
        select(func.count())
        .select_from(RenderJob)
        .where(RenderJob.account_id == account.id, RenderJob.created_at >= since)
    )
    if today >= settings.exports_per_day:
        raise PlanLimit(f"this plan allows {settings.exports_per_day} exports a day; try again tomorrow")


def get(ctx: AppContext, account: Account, client_ref: str) -> RenderJob:
    with ctx.read() as db:
        job = db.scalar(select(RenderJob).where(RenderJob.account_id == account.id, RenderJob.client_ref == client_ref))
    if job is None:
        raise NotFound("render job not found")
    return job


def output_key(job: RenderJob) -> str:
    return blobs.render_key(job.output_name or f"{job.id}.{job.format}")


def downloadable(
    ctx: AppContext, job_id: str, account: Account | None, expires: int | None, sig: str | None
) -> RenderJob:
    """The completed job behind a download request, authorised by its owner's token or a valid signed link."""
    with ctx.read() as db:
        job = db.get(RenderJob, job_id)
    allowed = job is not None and (
        (account is not None and job.account_id == account.id) or links.valid(ctx, "download", job_id, expires, sig)
    )
    if not allowed or job is None or job.status != JobStatus.COMPLETED or not ctx.blobs.exists(output_key(job)):
        raise NotFound("render output not found (or the link has expired)")
    return job
