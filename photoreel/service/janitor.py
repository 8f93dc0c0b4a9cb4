"""Retention: once a token has been expired for `retention_days`, its sessions go, with their media, thumbnails,
chunks and rendered videos. A session with a render queued or running is left for the next sweep."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select

from photoreel.renders import chunk_cache
from photoreel.renders.states import JobStatus
from photoreel.service.context import AppContext
from photoreel.store import blobs
from photoreel.store.models import Account, MediaItem, RenderJob, VideoSession, utcnow

log = logging.getLogger("photoreel.janitor")


@dataclass
class SweepReport:
    sessions_removed: int = 0
    files_removed: int = 0
    sessions_busy: int = 0
    chunks_evicted: int = 0


def sweep(ctx: AppContext, now: datetime | None = None) -> SweepReport:
    cutoff = (now or utcnow()) - timedelta(days=ctx.settings.retention_days)
    report = SweepReport()
    with ctx.read() as db:
        expired = list(
            db.scalars(
                select(VideoSession.id)
                .join(Account, VideoSession.account_id == Account.id)
                .where(Account.expires_at < cutoff)
            )
        )
    for session_id in expired:
        removed = _remove_session(ctx, session_id)
        if removed is None:
            report.sessions_busy += 1
        else:
            report.sessions_removed += 1
            report.files_removed += removed
    report.chunks_evicted = trim_chunk_cache(ctx)
    if report.chunks_evicted:
        log.info("chunk cache: evicted %d chunk(s)", report.chunks_evicted)
    if report.sessions_removed or report.sessions_busy:
        log.info(
            "retention: removed %d session(s) and %d file(s); %d busy, left for later",
            report.sessions_removed,
            report.files_removed,
            report.sessions_busy,
        )
    return report


def _remove_session(ctx: AppContext, session_id: str) -> int | None:
    """Delete one session's rows, then its files; None when a render of it is in flight."""
    in_flight = select(RenderJob.id).where(
        RenderJob.session_id == session_id, RenderJob.status.not_in([s for s in JobStatus if s.finished])
    )
    with ctx.database.begin() as db:
        # The row lock makes a new export of this session wait for us (it locks the same row), so nothing
        # can start on a session while it is being removed.
        if db.scalar(select(VideoSession.id).where(VideoSession.id == session_id).with_for_update()) is None:
            return 0
        if db.scalar(select(exists(in_flight))):
            return None
        keys = [
            blobs.media_key(m.session_id, m.stored_name)
            for m in db.scalars(select(MediaItem).where(MediaItem.session_id == session_id))
        ]
        keys += [
            blobs.thumb_key(m_id) for m_id in db.scalars(select(MediaItem.id).where(MediaItem.session_id == session_id))
        ]
        renders = list(db.scalars(select(RenderJob).where(RenderJob.session_id == session_id)))
        keys += [blobs.render_key(job.output_name) for job in renders if job.output_name]
        db.execute(delete(VideoSession).where(VideoSession.id == session_id))  # media, renders and chunks cascade
    removed = 0
    for key in keys:
        if ctx.blobs.exists(key):
            ctx.blobs.delete(key)
            removed += 1
    for job in renders:
        ctx.blobs.delete_prefix(f"chunks/{job.id}/")
    ctx.blobs.delete_prefix(f"media/{session_id}/")
    return removed


def trim_chunk_cache(ctx: AppContext) -> int:
    """Evict cached chunks unused for the retention period, then the least recently used over the cap."""
    with ctx.database.begin() as db:
        chosen = chunk_cache.evictable(
            db, ctx.settings.chunk_cache_mb * 1024 * 1024, chunk_cache.unused_since(ctx.settings.retention_days)
        )
        forgotten = chunk_cache.forget(db, chosen)
    for identity in forgotten:  # unlisted first: no export plans on a chunk whose file is going
        ctx.blobs.delete(chunk_cache.cache_key(identity))
    return len(forgotten)


class Janitor:
    """Sweeps now and then in a background thread of the API server (every server may run one: sweeps are
    idempotent)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="photoreel-janitor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _loop(self) -> None:
        while not self._stop.wait(self.ctx.settings.janitor_interval_s):
            try:
                sweep(self.ctx)
            except Exception:
                log.exception("the retention sweep failed; it runs again later")
