"""The service's chunk cache: rendered chunks kept in the blob store under their scene's identity
(render/scene.py) and listed in `cached_chunks`, shared by every export, by every worker of the fleet, and by
any session showing the same pictures; so the next export re-renders only what changed.

A cached chunk is evicted when unused for the retention period, and oldest-used first once the cache holds
more than its cap; never while an unfinished export counts on it. (`photoreel make` keeps its own in a
folder: store/chunk_folder.py.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from photoreel.renders.states import JobStatus
from photoreel.store import blobs
from photoreel.store.blobs import BlobStore
from photoreel.store.db import changed_rows
from photoreel.store.models import CachedChunk, RenderChunk, RenderJob, utcnow


def cache_key(identity: str) -> str:
    """The blob of a cached chunk: under `chunks/`, where the work-file sweeps already look."""
    return f"chunks/cache/{identity[:2]}/{identity}.mp4"


def chunk_file(job_id: str, chunk: RenderChunk) -> str:
    """Where a chunk's blob is: in the cache under its identity, or under its job (planned with no cache)."""
    return blobs.chunk_key(job_id, chunk.index) if chunk.identity is None else cache_key(chunk.identity)


def cached(db: Session, blobs: BlobStore, identities: Iterable[str]) -> set[str]:
    """Those of `identities` whose chunk is kept (listed and its file present), marked as used now."""
    wanted = set(identities)
    if not wanted:
        return set()
    listed = set(db.scalars(select(CachedChunk.identity).where(CachedChunk.identity.in_(wanted))))
    present = set()
    now = utcnow()
    for identity in sorted(listed):  # one order for every transaction: concurrent markers never deadlock
        if not blobs.exists(cache_key(identity)):
            continue
        # One row at a time, counted: a chunk the janitor evicted meanwhile is no longer there to mark, and one
        # marked first is no longer the one the janitor chose (its delete is guarded by the time it saw).
        marked = changed_rows(
            db,
            update(CachedChunk)
            .where(CachedChunk.identity == identity)
            .values(last_used_at=now)
            .execution_options(synchronize_session=False),
        )
        if marked == 1:
            present.add(identity)
    gone = {identity for identity in listed if identity not in present}
    if gone:  # removed behind our back: forget them, so they render again
        db.execute(delete(CachedChunk).where(CachedChunk.identity.in_(gone)))
    return present


def record(db: Session, identity: str, size_bytes: int, frames: int) -> None:
    """List a chunk just stored under `cache_key(identity)` (a second worker that rendered it too updates it)."""
    if db.get(CachedChunk, identity) is None:
        try:
            with db.begin_nested():  # another worker may list the same chunk at the same moment
                db.add(CachedChunk(identity=identity, size_bytes=size_bytes, frames=frames))
            return
        except IntegrityError:
            pass
    db.execute(
        update(CachedChunk)
        .where(CachedChunk.identity == identity)
        .values(size_bytes=size_bytes, last_used_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def evictable(db: Session, max_bytes: int, unused_since: datetime) -> list[tuple[str, datetime]]:
    """The cached chunks to remove: those unused since `unused_since`, then the least recently used until the
    rest fit in `max_bytes`; none that an unfinished export has planned on."""
    unfinished = [s for s in JobStatus if not s.finished]
    needed = set(
        db.scalars(
            select(RenderChunk.identity)
            .join(RenderJob, RenderChunk.job_id == RenderJob.id)
            .where(RenderJob.status.in_(unfinished), RenderChunk.identity.is_not(None))
        )
    )
    rows = db.execute(
        select(CachedChunk.identity, CachedChunk.size_bytes, CachedChunk.last_used_at).order_by(
            CachedChunk.last_used_at.desc()
        )
    ).all()
    kept_bytes = 0
    full = False  # once one does not fit, every older one goes too: least recently used first, strictly
    chosen: list[tuple[str, datetime]] = []
    for identity, size, last_used in rows:  # newest first: keep while they fit
        if identity in needed:
            kept_bytes += size
        elif full or last_used < unused_since or kept_bytes + size > max_bytes:
            full = full or kept_bytes + size > max_bytes
            chosen.append((identity, last_used))
        else:
            kept_bytes += size
    return chosen


def forget(db: Session, chosen: Iterable[tuple[str, datetime]]) -> list[str]:
    """Unlist the chosen chunks that were not used again since they were chosen; those unlisted, whose files
    may now be deleted."""
    forgotten = []
    for identity, last_used in sorted(chosen):  # the order `cached` takes its row locks in
        deleted = changed_rows(
            db,
            delete(CachedChunk)
            .where(CachedChunk.identity == identity, CachedChunk.last_used_at <= last_used)
            .execution_options(synchronize_session=False),
        )
        if deleted == 1:
            forgotten.append(identity)
    return forgotten


def unused_since(retention_days: float) -> datetime:
    return utcnow() - timedelta(days=retention_days)
