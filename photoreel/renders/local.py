"""In-process render workers. Work submitted here runs at once; work found in the database (left by a restart
or queued by another process) is picked up by polling, so the jobs table stays the source of truth."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable

from photoreel.renders.queue import WorkItem
from photoreel.renders.states import WorkKind

log = logging.getLogger("photoreel.renders")

Poll = Callable[[], WorkItem | None]
Run = Callable[[WorkItem], None]


class LocalWorkerPool:
    """`size` threads that run submitted work, or poll the database for some when idle."""

    def __init__(self, poll: Poll, run: Run, size: int = 1, idle_poll_s: float = 2.0) -> None:
        self._poll = poll
        self._run = run
        self._size = size
        self._idle_poll_s = idle_poll_s
        self._submitted: deque[WorkItem] = deque()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for i in range(self._size):
            thread = threading.Thread(target=self._loop, name=f"photoreel-render-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, kind: WorkKind, item_id: str) -> None:
        self._submitted.append((kind, item_id))
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def _next(self) -> WorkItem | None:
        try:
            return self._submitted.popleft()
        except IndexError:
            pass
        try:
            return self._poll()
        except Exception:
            log.exception("looking for render work failed")
            return None

    def _loop(self) -> None:
        while not self._stop.is_set():
            item = self._next()
            if item is None:
                # Sleep until woken, or poll now and then in case another process queued work.
                self._wake.wait(self._idle_poll_s)
                self._wake.clear()
                continue
            if self._submitted:
                self._wake.set()  # more waiting: let an idle sibling take it
            try:
                self._run(item)
            except Exception:  # the runner records failures itself; this keeps the worker alive regardless
                log.exception("render work %s crashed its worker", item)
