"""What the service and the workers ask of a render queue: take this piece of work and have some worker do it.

Work is named, not carried: `(WorkKind, id)`. The database says what the piece is and whether it still needs
doing, so a queue may deliver a piece twice (Celery's at-least-once) or lose it across a restart (the local pool
re-reads the database) without harm.
"""

from __future__ import annotations

from typing import Protocol

from photoreel.renders.states import WorkKind

WorkItem = tuple[WorkKind, str]


class RenderQueue(Protocol):
    def submit(self, kind: WorkKind, item_id: str) -> None:
        """Have a worker do `kind` for `item_id` soon."""
        ...


class NoQueue:
    """A queue that does nothing: for tools that change the database without running renders."""

    def submit(self, kind: WorkKind, item_id: str) -> None:
        return None
