"""Run a producer a few items ahead of its consumer, in a thread of its own: frames composed while the encoder
codes the last ones, soundtrack blocks mixed while AAC encodes the last ones. On two cores that overlap is most of
what there is to win."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")


def ahead(items: Iterable[Item], depth: int, name: str) -> Iterator[Item]:
    """`items`, in order, produced by a worker thread at most `depth` ahead. An exception in the producer comes
    out of the consumer's `next`; a consumer that stops early stops the producer."""
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def work() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                ready.put(item)
            ready.put(done)
        except BaseException as exc:  # handed to the consumer, which re-raises it in its own thread
            ready.put(exc)

    worker = threading.Thread(target=work, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]  # what `items` produced, not an exception or the end marker
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue
            try:
                ready.get_nowait()
            except queue.Empty:
                worker.join(timeout=0.05)
