"""Retention: once a token has been expired for `retention_days`, its sessions go, with their media, thumbnails,
chunks and rendered videos. A session with a render queued or running is left for the next sweep."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from photoreel.renders import chunk_cache
from photoreel.service import sessions
from photoreel.service.context import AppContext
from photoreel.store.models import Account, VideoSession, utcnow

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
        removed = sessions.remove_session(ctx, session_id)
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
