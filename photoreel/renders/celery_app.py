"""The render fleet: Celery workers on Redis (`PHOTOREEL_QUEUE=celery`, started by `photoreel worker`).

Delivery is at least once: a task is acknowledged only after it finished (`acks_late`), and one whose worker
died goes back to the queue (`task_reject_on_worker_lost`, and Redis's visibility timeout for a worker that
vanished with the message). Tasks are therefore safe to run twice: each one begins with a guarded state change
in the database and writes its file under a temporary name before moving it into place (renders/worker.py).
A task's `rerun` flag is Celery's `redelivered`, so only a redelivery may take work back from another worker.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Celery, Task, signals
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded

from photoreel.config import Settings
from photoreel.renders import worker as render_work
from photoreel.renders.context import WorkContext, open_context
from photoreel.renders.isolated import limit_memory
from photoreel.renders.states import WorkKind

log = logging.getLogger("photoreel.renders")

QUEUE_NAME = "photoreel-renders"


def make_celery(settings: Settings) -> Celery:
    app = Celery("photoreel", broker=settings.broker_url, set_as_current=False)
    visibility = settings.visibility_timeout_s
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,  # a failure is recorded on the job; retrying would fail again
        worker_prefetch_multiplier=1,  # a render is long: don't reserve a second one while rendering the first
        task_ignore_result=True,  # the database holds every outcome; there is no result backend
        task_soft_time_limit=settings.render_time_limit_s,
        task_time_limit=settings.render_time_limit_s + 30,
        task_default_queue=QUEUE_NAME,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": visibility,
            # Look for messages of vanished workers often enough that a short timeout means quick recovery.
            "unacked_restore_interval": max(1, min(10, visibility // 4)),
            "unacked_restore_throttle": 1,
        },
        worker_hijack_root_logger=False,
    )
    for kind in WorkKind:
        app.task(name=f"photoreel.{kind}", bind=True, base=RenderTask)(_task_body(kind))
    return app


class RenderTask(Task):
    """Records a task that failed outside the render's own error handling (the hard time limit killed its
    process, say) on the job, so it never stays `rendering` with nobody working on it."""

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        kind = str(self.name).removeprefix("photoreel.")
        if not args or kind not in set(WorkKind):
            return
        context = worker_context()
        if isinstance(exc, TimeLimitExceeded):
            message = render_work.time_limit_message(context)
        else:
            message = render_work.unexpected_failure_message(exc)
        render_work.stopped(context, (WorkKind(kind), str(args[0])), message)


def _task_body(kind: WorkKind) -> Any:
    def body(task: Task, item_id: str) -> None:
        redelivered = bool((task.request.delivery_info or {}).get("redelivered"))
        worker = task.request.hostname or render_work.local_worker_name()
        render_work.run(worker_context(), (kind, item_id), worker, rerun=redelivered)

    body.__name__ = f"render_{kind}"
    return body


class CeleryQueue:
    """The API side: hand work to the fleet."""

    def __init__(self, settings: Settings) -> None:
        self.app = make_celery(settings)

    def submit(self, kind: WorkKind, item_id: str) -> None:
        self.app.send_task(f"photoreel.{kind}", args=[item_id])


# --- the worker process side ----------------------------------------------------------------------------

_context: WorkContext | None = None
_context_lock = threading.Lock()


def worker_context() -> WorkContext:
    """One context per worker process, made on first use (after the pool forks, so no connection is shared)."""
    global _context
    with _context_lock:
        if _context is None:
            settings = Settings()
            _context = open_context(settings, CeleryQueue(settings))
            _context.time_limit_errors = (SoftTimeLimitExceeded,)
        return _context


@signals.worker_process_init.connect
def _on_process_start(**_: Any) -> None:
    """Each render process of the pool runs under the same memory cap as the embedded pool's children."""
    limit_memory(Settings())


@signals.worker_ready.connect
def _on_worker_ready(**_: Any) -> None:
    """A worker that starts re-submits joins whose joiner died before handing them on."""
    try:
        render_work.recover(worker_context(), requeue=False)
    except Exception:  # the database may not be migrated yet: the API server does that
        log.warning("start-up recovery skipped", exc_info=True)


def run_worker(settings: Settings, name: str | None, concurrency: int) -> None:
    """Start a Celery worker in this process (what `photoreel worker` runs)."""
    app = make_celery(settings)
    argv = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "--pool=prefork", "-Q", QUEUE_NAME]
    if name:
        argv += ["-n", name]
    app.worker_main(argv)
