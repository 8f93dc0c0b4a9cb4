"""Exports: snapshot a session's timeline into a render job, report on it, serve the result.
(The worker side is renders/worker.py.)"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from photoreel.config import Settings
from photoreel.errors import BadRequest, NotFound, PlanLimit, TimelineError
from photoreel.renders import transitions
from photoreel.renders.states import JobStatus, WorkKind
from photoreel.service import links, quota, sessions, webhooks
from photoreel.service.context import AppContext
from photoreel.store import blobs
from photoreel.store.models import Account, RenderJob, utcnow
from photoreel.timeline import Timeline, apply, ops, to_draft

CANCELLED = "the export was cancelled"


def start(
    ctx: AppContext,
    account: Account,
    session_id: str,
    client_ref: str | None,
    output: ops.SetOutput | None = None,
    callback: str | None = None,
    callback_stages: bool = False,
) -> RenderJob:
    """Queue an export of the session as it is now, with `output`'s changes (checked where they came in); its
    status is POSTed to `callback` when it finishes (service/webhooks.py). The same `client_ref` twice gives
    the same job."""
    client_ref = (client_ref or "").strip() or f"render_{uuid.uuid4().hex}"
    callback = webhooks.check_callback(ctx, callback) if callback else None
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
        _check_plan(ctx.settings, db, account, timeline)
        job = RenderJob(
            id=f"job_{uuid.uuid4().hex}",
            client_ref=client_ref,
            account_id=account.id,
            session_id=session.id,
            status=JobStatus.QUEUED,
            draft=to_draft(timeline),
            format=timeline.output.format,
            callback_url=callback,
            callback_stages=callback_stages and callback is not None,
        )
        db.add(job)
        db.flush()
    ctx.queue.submit(WorkKind.JOB, job.id)
    return job


def _check_plan(settings: Settings, db: Session, account: Account, timeline: Timeline) -> None:
    """PlanLimit (402) for an export this plan does not cover: too large a frame, too much work in one export,
    too many at once (so one account cannot fill the render queue), or too many today."""
    output = timeline.output
    largest = account.max_export_resolution or settings.max_export_resolution
    if min(output.size) > largest:
        raise PlanLimit(f"exports above {largest}p are not part of this plan; choose a lower resolution")
    width, height = output.size
    work = width * height * output.rate * timeline.duration_ms / 1000 / 1e6
    if work > settings.export_budget_megapixel_frames:
        most_s = settings.export_budget_megapixel_frames * 1e6 / (width * height * output.rate)
        raise PlanLimit(
            f"this export is too large for the plan: at {width}x{height} and {output.rate} fps it may last at most "
            f"{f'{most_s:.1f} s' if most_s < 120 else f'{most_s / 60:.1f} minutes'}; shorten it or lower the "
            "resolution or frame rate"
        )
    quota.check_room(settings, db, account, 0)  # over it already: the video would not fit
    if transitions.in_flight(db, account.id) >= settings.exports_in_flight:
        raise PlanLimit(
            f"{settings.exports_in_flight} of your exports are still rendering; wait for one to finish, or cancel one"
        )
    since = utcnow() - timedelta(days=1)
    today = db.scalar(
        select(func.count())
        .select_from(RenderJob)
        .where(RenderJob.account_id == account.id, RenderJob.created_at >= since)
    )
    per_day = account.exports_per_day if account.exports_per_day is not None else settings.exports_per_day
    if today >= per_day:
        raise PlanLimit(f"this plan allows {per_day} exports a day; try again tomorrow")


def cancel(ctx: AppContext, account: Account, client_ref: str) -> RenderJob:
    """Stop an export: a queued one never starts, a rendering one stops at its worker's next progress check;
    its slot frees at once. Cancelling a finished export changes nothing."""
    with ctx.database.begin() as db:
        job = db.scalar(select(RenderJob).where(RenderJob.account_id == account.id, RenderJob.client_ref == client_ref))
        if job is None:
            raise NotFound("render job not found")
        transitions.fail(db, job.id, CANCELLED)
    return get(ctx, account, client_ref)


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
