"""One piece of render work in a child process: a render that hangs can be killed at its time limit, and one
that crashes (or is killed) takes only itself down, never the API server that runs the pool.

Children come from a fork server that has already imported the render engine, so starting one costs
milliseconds, not the seconds a fresh interpreter would take to import PyAV, NumPy and OpenCV.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import shutil
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from photoreel.config import Settings
from photoreel.renders import transitions
from photoreel.renders import worker as render_work
from photoreel.renders.context import WorkContext, open_context
from photoreel.renders.local import LocalWorkerPool
from photoreel.renders.queue import RenderQueue, WorkItem
from photoreel.renders.states import WorkKind

_processes = multiprocessing.get_context("forkserver")
_processes.set_forkserver_preload(["photoreel.renders.worker"])


@dataclass
class Outcome:
    """How the child ended, and the work it asked to have done next (chunks, a join)."""

    finished: bool
    timed_out: bool = False
    exitcode: int | None = None
    submitted: list[WorkItem] = field(default_factory=list)


def run_in_child(settings: Settings, item: WorkItem, worker: str, time_limit_s: float) -> Outcome:
    receive, send = _processes.Pipe(duplex=False)
    # Held open by this process only: when it dies, however it dies, the child reads end-of-file and exits.
    lifeline, keep_alive = _processes.Pipe(duplex=False)
    child = _processes.Process(target=_child_main, args=(settings, item, worker, send, lifeline), daemon=True)
    try:
        child.start()
        send.close()
        lifeline.close()
        child.join(time_limit_s)
        if child.is_alive():
            child.kill()
            child.join()
            return Outcome(finished=False, timed_out=True)
        submitted: list[WorkItem] = []
        if child.exitcode == 0 and receive.poll():
            with contextlib.suppress(EOFError):
                submitted = receive.recv()
        return Outcome(finished=child.exitcode == 0, exitcode=child.exitcode, submitted=submitted)
    finally:
        receive.close()
        keep_alive.close()
        if child.pid is not None:  # whatever the child was writing is of no use now
            shutil.rmtree(work_folder(settings, child.pid), ignore_errors=True)


def work_folder(settings: Settings, pid: int) -> Path:
    return settings.data_dir / "tmp" / f"render-{pid}"


class _Collected:
    """The child's render queue: it remembers what to submit, and the parent submits it to the pool."""

    def __init__(self) -> None:
        self.items: list[WorkItem] = []

    def submit(self, kind: WorkKind, item_id: str) -> None:
        self.items.append((kind, item_id))


def _die_with_parent(lifeline: Connection) -> None:
    """Exit the moment the process that started this one is gone, so a render never outlives the server that
    owns its job (and races the re-run that the server's restart begins)."""

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv()
        os._exit(1)

    threading.Thread(target=watch, name="photoreel-lifeline", daemon=True).start()


def limit_memory(settings: Settings) -> None:
    """Cap this process's address space, so one render of a hostile file (an 8K 10-bit clip, a photo that
    decodes huge) fails with MemoryError instead of taking the machine's memory."""
    if settings.render_memory_mb > 0:
        limit = settings.render_memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child_main(settings: Settings, item: WorkItem, worker: str, send: Connection, lifeline: Connection) -> None:
    _die_with_parent(lifeline)
    limit_memory(settings)
    collected = _Collected()
    context = open_context(settings, collected, work_subdir=work_folder(settings, os.getpid()).name)
    try:
        render_work.run(context, item, f"{worker}/{os.getpid()}")
    finally:
        context.close()
    send.send(collected.items)
    send.close()


def run_supervised(ctx: WorkContext, queue: RenderQueue, item: WorkItem) -> None:
    """Run one piece of render work in a child process and deal with how it ended: hand on the work it asked
    for, fail its job at the time limit, or queue it again (up to a limit) when the child died."""
    outcome = run_in_child(ctx.settings, item, render_work.local_worker_name(), ctx.settings.render_time_limit_s)
    for kind, item_id in outcome.submitted:
        queue.submit(kind, item_id)
    if outcome.timed_out:
        render_work.stopped(ctx, item, render_work.time_limit_message(ctx))
    elif not outcome.finished:
        render_work.lost(ctx, item, f"its process ended with code {outcome.exitcode}")


def isolated_pool(ctx: WorkContext, size: int) -> LocalWorkerPool:
    """The embedded render queue: `size` threads in this process, each running one piece at a time in a child."""
    pool = LocalWorkerPool(
        poll=lambda: render_work.next_work(ctx),
        run=lambda item: run_supervised(ctx, pool, _fairest(ctx, item)),  # `pool` is bound by the time work runs
        size=size,
    )
    return pool


def _fairest(ctx: WorkContext, item: WorkItem) -> WorkItem:
    """A submitted job is a wake-up: start whichever queued job is fairest now (another account's, maybe). The
    one submitted stays queued, and the pool's poll finds it when its turn comes."""
    if item[0] != WorkKind.JOB:
        return item
    with ctx.read() as db:
        fairest = transitions.next_queued_job(db)
    return (WorkKind.JOB, fairest) if fairest is not None else item
