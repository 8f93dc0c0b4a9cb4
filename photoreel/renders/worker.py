"""The worker side of exports: render a job whole, or plan it into chunks, render each, and join them.

Every step starts with a guarded state change in the database and ends by writing its file under a
temporary name and moving it into place, so a step delivered twice, or re-run after a worker died,
leaves exactly one output. The same functions run in the local pool's threads and in Celery tasks.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select

from photoreel.errors import PhotoreelError, StorageFull, is_disk_full
from photoreel.media import library
from photoreel.media.digest import file_digest
from photoreel.render import render
from photoreel.render.chunks import CHUNKABLE_FORMATS, as_chunk, join_chunks, plan_chunks
from photoreel.render.engine import total_frames
from photoreel.render.scene import scene_of
from photoreel.renders import chunk_cache, transitions
from photoreel.renders.context import WorkContext
from photoreel.renders.queue import WorkItem
from photoreel.renders.states import ChunkStatus, JobStatus, Phase, WorkKind
from photoreel.store import blobs
from photoreel.store.models import MediaItem, RenderJob
from photoreel.timeline import from_draft
from photoreel.timeline.model import Timeline

Made = TypeVar("Made")

log = logging.getLogger("photoreel.renders")

MAX_ATTEMPTS = 3  # a piece of work whose worker dies this often fails its job instead of being tried again


def local_worker_name() -> str:
    return f"{socket.gethostname()}/{os.getpid()}/{threading.current_thread().name}"


# --- finding work (the local pool's poll) ------------------------------------------------------------


def next_work(ctx: WorkContext) -> WorkItem | None:
    """Something in the database that needs a worker: chunks of started jobs first, then joins, then new jobs."""
    with ctx.read() as db:
        chunk = transitions.next_queued_chunk(db)
        if chunk is not None:
            return (WorkKind.CHUNK, chunk)
        joinable = transitions.joinable_jobs(db)
        if joinable:
            return (WorkKind.JOIN, joinable[0])
        job = transitions.next_queued_job(db)
        return (WorkKind.JOB, job) if job is not None else None


def run(ctx: WorkContext, item: WorkItem, worker: str, rerun: bool = False) -> None:
    """Do one piece of work. `rerun` means the queue may be redelivering it after a worker died."""
    kind, item_id = item
    match kind:
        case WorkKind.JOB:
            if not rerun and _fans_out(ctx):
                _run_fairest(ctx, item_id, worker)
            else:
                run_job(ctx, item_id, worker, rerun)
        case WorkKind.CHUNK:
            run_chunk(ctx, item_id, worker, rerun)
        case WorkKind.JOIN:
            run_join(ctx, item_id, worker)


def recover(ctx: WorkContext, requeue: bool) -> int:
    """At start-up: old work files go; with `requeue` (the local pool, the only worker of its data) interrupted
    work goes back to the queue; joins that may have lost their joiner are submitted again (a duplicate join
    is harmless: it writes the same file and completes nothing twice)."""
    # The local pool is the only writer of its data folder, so anything half-written is dead; in a fleet a
    # work file is dead only once it is older than any render may run.
    ctx.blobs.sweep_partials(older_than_s=0 if requeue else ctx.settings.render_time_limit_s)
    requeued = 0
    with ctx.database.begin() as db:
        if requeue:
            requeued = transitions.requeue_interrupted(db)
        joinable = transitions.joinable_jobs(db, include_claimed=not requeue)
    for job_id in joinable:
        ctx.queue.submit(WorkKind.JOIN, job_id)
    return requeued


def lost(ctx: WorkContext, item: WorkItem, why: str) -> None:
    """The worker running `item` died: queue it again, or after MAX_ATTEMPTS fail its job saying so."""
    kind, item_id = item
    with ctx.database.begin() as db:
        if transitions.retry(db, kind, item_id, MAX_ATTEMPTS):
            log.warning("render work %s lost (%s); queued again", item, why)
            retried = True
        else:
            job_id = transitions.job_of(db, kind, item_id)
            retried = False
    if retried:
        ctx.queue.submit(kind, item_id)
    elif job_id is not None:
        _fail(ctx, job_id, f"the render crashed {MAX_ATTEMPTS} times ({why}); please try again later")


def stopped(ctx: WorkContext, item: WorkItem, message: str) -> None:
    """`item` was stopped on purpose (its time limit): its job fails with `message`. Exports cost no credits,
    so there is nothing held to give back."""
    with ctx.read() as db:
        job_id = transitions.job_of(db, item[0], item[1])
    if job_id is not None:
        log.warning("render work %s stopped: %s", item, message)
        _fail(ctx, job_id, message)


def time_limit_message(ctx: WorkContext) -> str:
    return f"the render took longer than the {ctx.settings.render_time_limit_s} s limit and was stopped"


def unexpected_failure_message(exc: BaseException) -> str:
    return f"the render failed unexpectedly ({type(exc).__name__}); please try again"


# --- whole jobs -----------------------------------------------------------------------------------------


_FAIREST_TRIES = 20


def _run_fairest(ctx: WorkContext, job_id: str, worker: str) -> None:
    """A broker hands out jobs in the order they came; the fleet starts them fairly instead: a job's task starts
    the queued job of the account that has started the fewest renders lately (renders/transitions.py), which
    may be another. Every queued job has a task of its own, and a task gives up only when it has started one or
    none is queued: two tasks that pick the same job at once both start a job (the loser picks again), so the one
    passed over is never left without a task."""
    for _ in range(_FAIREST_TRIES):
        with ctx.read() as db:
            fairest = transitions.next_queued_job(db)
        if fairest is None or run_job(ctx, fairest, worker):
            return
    run_job(ctx, job_id, worker)  # contended that long: take the named one, as a broker would


def run_job(ctx: WorkContext, job_id: str, worker: str, rerun: bool = False) -> bool:
    """Claim a queued job; render it whole, or plan its chunks and submit them. False when it could not be
    claimed (another worker has it, or it is finished)."""
    with ctx.database.begin() as db:
        if not transitions.claim(db, job_id, rerun):
            return False
        job = db.get(RenderJob, job_id)
        assert job is not None
        phase = Phase(job.phase) if job.phase is not None else None
        draft = job.draft
    timeline = from_draft(draft, trusted=True)
    if phase is None:
        with _failures_recorded(ctx, job_id):
            phase = _plan(ctx, job_id, timeline)
        if phase is None:
            return True
    if phase in (Phase.CHUNKS, Phase.JOINING):
        # A re-run of a planned job (its first worker died): submit what is left, which is harmless if queued.
        with ctx.read() as db:
            pending = [c.id for c in transitions.chunks_of(db, job_id) if c.status != ChunkStatus.DONE]
        if not _fans_out(ctx):
            # The only worker: render the chunks here, one after another, and join them, instead of a task
            # (and a process) for each; the rows move through the same states, so the preview sees them.
            for chunk_id in pending:
                run_chunk(ctx, chunk_id, worker, rerun, hand_join_on=False)
            run_join(ctx, job_id, worker)
            return True
        for chunk_id in pending:
            ctx.queue.submit(WorkKind.CHUNK, chunk_id)
        if not pending:
            ctx.queue.submit(WorkKind.JOIN, job_id)
        return True
    with ctx.database.begin() as db:
        if not transitions.render_whole(db, job_id, worker):
            return True
    _render_whole(ctx, job_id, timeline)
    return True


def _plan(ctx: WorkContext, job_id: str, timeline: Timeline) -> Phase:
    """Render whole, or plan the chunks, each named by its scene; those already in the cache are done at once."""
    caching = ctx.settings.chunk_cache_mb > 0
    digests = _digests(ctx, job_id) if caching else {}
    ranges = plan_chunks(timeline, ctx.settings.chunk_s, digests)
    if not (len(ranges) > 1 or (caching and timeline.output.format in CHUNKABLE_FORMATS)):
        return Phase.WHOLE
    chunk_timeline = as_chunk(timeline)
    identities = [scene_of(chunk_timeline, frames).identity(digests) if caching else None for frames in ranges]
    with ctx.database.begin() as db:
        hits = chunk_cache.cached(db, ctx.blobs, [i for i in identities if i is not None])
        transitions.plan_chunks(db, job_id, ranges, identities, hits)
    log.info(
        "render %s: %d frames in %d chunks, %d of them cached",
        job_id,
        total_frames(timeline),
        len(ranges),
        sum(i in hits for i in identities if i is not None),
    )
    return Phase.CHUNKS


def _render_whole(ctx: WorkContext, job_id: str, timeline: Timeline) -> None:
    job_format = timeline.output.format
    last = [0]

    def progress(fraction: float) -> None:
        percent = min(99, int(fraction * 100))
        if percent >= last[0] + 2:
            last[0] = percent
            with ctx.database.begin() as db:
                transitions.set_progress(db, job_id, percent)
                if not transitions.is_rendering(db, job_id):
                    raise _Cancelled

    started = time.monotonic()
    name = f"{job_id}.{job_format}"
    with _failures_recorded(ctx, job_id):
        sources = _sources(ctx, job_id)
        result = _stored(ctx, blobs.render_key(name), lambda temp: render(timeline, sources, temp, progress=progress))
        with ctx.database.begin() as db:
            transitions.complete(db, job_id, name, result.size_bytes, round(result.duration_s * 1000))
        log.info("render %s completed in %.1f s (%d frames)", job_id, time.monotonic() - started, result.frames)


# --- chunks and the join --------------------------------------------------------------------------------


def _fans_out(ctx: WorkContext) -> bool:
    """Whether a job's chunks go out as tasks of their own: to a fleet, or to a pool of several workers."""
    return ctx.settings.queue == "celery" or ctx.settings.render_workers > 1


def run_chunk(ctx: WorkContext, chunk_id: str, worker: str, rerun: bool = False, hand_join_on: bool = True) -> None:
    """Render one chunk to its blob; the worker that finishes the last chunk submits the join (unless it joins
    them itself: `hand_join_on` False)."""
    with ctx.database.begin() as db:
        chunk = transitions.claim_chunk(db, chunk_id, worker, rerun)
        if chunk is None:
            return
        job = db.get(RenderJob, chunk.job_id)
        assert job is not None
        job_id, index, frames, draft, identity = job.id, chunk.index, chunk.frames, job.draft, chunk.identity
    timeline = as_chunk(from_draft(draft, trusted=True))
    whole_frames = total_frames(timeline)
    step = max(1, len(frames) // 20)  # about 20 database writes per chunk
    recorded = [0]

    def progress(fraction: float) -> None:
        done = round(fraction * len(frames))
        if done - recorded[0] >= step or done == len(frames):
            recorded[0] = done
            with ctx.database.begin() as db:
                transitions.chunk_progress(db, chunk_id, job_id, done, whole_frames)
                if not transitions.is_rendering(db, job_id):
                    raise _Cancelled

    started = time.monotonic()
    with _failures_recorded(ctx, job_id):
        sources = _sources(ctx, job_id)
        key = blobs.chunk_key(job_id, index) if identity is None else chunk_cache.cache_key(identity)
        result = _stored(ctx, key, lambda temp: render(timeline, sources, temp, progress=progress, frames=frames))
        with ctx.database.begin() as db:
            if identity is not None:
                chunk_cache.record(db, identity, result.size_bytes, result.frames)
            transitions.finish_chunk(db, chunk_id)
        log.info(
            "render %s chunk %d (%d frames) done in %.1f s", job_id, index, len(frames), time.monotonic() - started
        )
    if not hand_join_on:
        return
    # A separate transaction, after this chunk's is committed: whichever finisher commits last sees all done.
    with ctx.database.begin() as db:
        won = transitions.claim_join(db, job_id, worker)
    if won:
        ctx.queue.submit(WorkKind.JOIN, job_id)


def run_join(ctx: WorkContext, job_id: str, worker: str) -> None:
    """Join a job's finished chunks into its output, with the soundtrack, and complete the job."""
    with ctx.database.begin() as db:
        transitions.claim_join(db, job_id, worker)  # for joins found by polling; a submitted one is claimed
        job = db.get(RenderJob, job_id)
        if job is None or job.status != JobStatus.RENDERING or job.phase != Phase.JOINING:
            return
        chunks = transitions.chunks_of(db, job_id)
        draft, job_format = job.draft, job.format
    timeline = from_draft(draft, trusted=True)
    name = f"{job_id}.{job_format}"
    started = time.monotonic()
    with _failures_recorded(ctx, job_id):
        parts = [(c.frames, ctx.blobs.local_path(chunk_cache.chunk_file(job_id, c))) for c in chunks]
        sources = _sources(ctx, job_id)
        result = _stored(ctx, blobs.render_key(name), lambda temp: join_chunks(timeline, sources, parts, temp))
        with ctx.database.begin() as db:
            completed = transitions.complete(db, job_id, name, result.size_bytes, round(result.duration_s * 1000))
        if completed:
            ctx.blobs.delete_prefix(blobs.chunks_prefix(job_id))
        log.info("render %s joined %d chunks in %.1f s", job_id, len(chunks), time.monotonic() - started)


# --- shared ---------------------------------------------------------------------------------------------


def _stored(ctx: WorkContext, key: str, make: Callable[[Path], Made]) -> Made:
    """Have `make` write a temporary file, then store it under `key`; the temporary file goes either way."""
    temp = ctx.blobs.temp_file(Path(key).suffix)
    try:
        made = make(temp)
        ctx.blobs.put(key, temp)
        return made
    finally:
        temp.unlink(missing_ok=True)


def _digests(ctx: WorkContext, job_id: str) -> dict[str, str]:
    """The content digest of each of the job's media (taken at upload; hashed here for older uploads): what the
    chunks' identities know the pictures by."""
    with ctx.read() as db:
        session_id = db.scalar(select(RenderJob.session_id).where(RenderJob.id == job_id))
        items = db.scalars(select(MediaItem).where(MediaItem.session_id == session_id)).all()
    digests: dict[str, str] = {}
    for item in items:
        known = (item.facts or {}).get("sha256")
        if isinstance(known, str):
            digests[item.id] = known
            continue
        try:
            digests[item.id] = file_digest(blobs.media_file(ctx.blobs, item))
        except FileNotFoundError:
            continue  # the render names what is missing, if the timeline uses it
    return digests


def _sources(ctx: WorkContext, job_id: str) -> dict[str, Path]:
    """Local files for the job's media (fetched from the bucket into the cache where media live in one), and
    the music library's tracks (read where the package installed them)."""
    with ctx.read() as db:
        session_id = db.scalar(select(RenderJob.session_id).where(RenderJob.id == job_id))
        items = db.scalars(select(MediaItem).where(MediaItem.session_id == session_id)).all()
    sources = library.sources()  # built-in music, where the timeline uses it
    for item in items:
        try:
            sources[item.id] = blobs.media_file(ctx.blobs, item)
        except FileNotFoundError:
            continue  # the render names what is missing, if the timeline uses it
    return sources


@contextmanager
def _failures_recorded(ctx: WorkContext, job_id: str) -> Iterator[None]:
    """Turn any failure into the job's readable `error`; the worker itself carries on."""
    try:
        yield
    except _Cancelled:
        log.info("render %s stopped: it was cancelled", job_id)
    except PhotoreelError as exc:
        if is_disk_full(exc):
            log.error("render %s failed: out of storage space (%s)", job_id, exc.message)
            _fail(ctx, job_id, StorageFull().message)
            return
        log.warning("render %s failed: %s", job_id, exc.message)
        _fail(ctx, job_id, exc.message)
    except Exception as exc:
        if isinstance(exc, ctx.time_limit_errors):  # the queue's own "out of time" (Celery's soft limit)
            message = time_limit_message(ctx)
        elif ctx.settings.render_memory_mb and _out_of_memory(exc):
            log.warning("render %s failed: over its memory limit", job_id)
            message = (
                f"the render needed more than its {ctx.settings.render_memory_mb} MB memory limit; try a lower "
                "resolution, or fewer or smaller clips"
            )
        elif is_disk_full(exc):
            log.error("render %s failed: out of storage space (%s)", job_id, exc)
            message = StorageFull().message
        else:
            log.exception("render %s crashed", job_id)
            message = unexpected_failure_message(exc)
        _fail(ctx, job_id, message)


def _out_of_memory(exc: BaseException) -> bool:
    """The ways running out of address space shows: Python's MemoryError, a thread that cannot get its stack,
    FFmpeg's ENOMEM."""
    if isinstance(exc, MemoryError):
        return True
    if isinstance(exc, RuntimeError) and "can't start new thread" in str(exc):
        return True
    return getattr(exc, "errno", None) == errno.ENOMEM


class _Cancelled(Exception):
    """The job was cancelled (or failed) while this worker rendered it: stop, record nothing."""


def _fail(ctx: WorkContext, job_id: str, message: str) -> None:
    with ctx.database.begin() as db:
        transitions.fail(db, job_id, public_message(message))


_PATH = re.compile(r"(?:/[^/\s'\"():,]+)+/([^/\s'\"():,]+)")


def public_message(message: str) -> str:
    """The message with file paths cut to their last part: where the server keeps files is nobody's business."""
    return _PATH.sub(r"\1", message)
