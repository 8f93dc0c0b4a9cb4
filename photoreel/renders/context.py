"""What render work needs: settings, a database session factory, the file store and the queue to hand the next
pieces of work to. The API's use cases add the instruction interpreter (service/context.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from photoreel.config import Settings
from photoreel.renders.queue import NoQueue, RenderQueue
from photoreel.store.blobs import BlobStore


@dataclass
class WorkContext:
    settings: Settings
    database: sessionmaker[Session]  # `with ctx.database.begin() as db:` one transaction
    blobs: BlobStore
    # Where render work goes: the in-process pool or Celery (renders/local.py, renders/celery_app.py).
    queue: RenderQueue = field(default_factory=NoQueue)
    engine: Engine | None = None
    # The queue's own exceptions that mean "out of time" (Celery's soft time limit), raised inside a render.
    time_limit_errors: tuple[type[BaseException], ...] = ()
    reads: sessionmaker[Session] | None = None  # read-only sessions (store.db.read_session_factory)

    def read(self) -> Session:
        """A session for reading only: `with ctx.read() as db:` (it takes no write lock on SQLite)."""
        return (self.reads or self.database)()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def open_context(settings: Settings, queue: RenderQueue | None = None, work_subdir: str | None = None) -> WorkContext:
    """A context on the settings' database and blob store (the database must be migrated already);
    `work_subdir` gives this process's work files a folder of their own."""
    from photoreel.store.db import make_engine, read_session_factory, session_factory
    from photoreel.store.storage import open_blobs

    engine = make_engine(settings.database)
    return WorkContext(
        settings=settings,
        database=session_factory(engine),
        reads=read_session_factory(engine),
        blobs=open_blobs(settings, work_subdir),
        queue=queue or NoQueue(),
        engine=engine,
    )
