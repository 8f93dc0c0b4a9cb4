"""In-process render workers. The jobs table is the queue: workers claim rows, so a restart loses nothing."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("photoreel.jobs")

Claim = Callable[[], str | None]
Run = Callable[[str], None]


class LocalWorkerPool:
    """`size` threads that claim queued jobs and run them; `wake()` when a job is queued."""

    def __init__(self, claim: Claim, run: Run, size: int = 1, idle_poll_s: float = 2.0) -> None:
        self._claim = claim
        self._run = run
        self._size = size
        self._idle_poll_s = idle_poll_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for i in range(self._size):
            thread = threading.Thread(target=self._loop, name=f"photoreel-render-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                job_id = self._claim()
            except Exception:
                log.exception("claiming a render job failed")
                job_id = None
            if job_id is None:
                # Sleep until woken, or poll now and then in case another process queued work.
                self._wake.wait(self._idle_poll_s)
                self._wake.clear()
                continue
            try:
                self._run(job_id)
            except Exception:  # the runner records failures itself; this keeps the worker alive regardless
                log.exception("render job %s crashed its worker", job_id)
