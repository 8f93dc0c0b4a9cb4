"""What every use case needs: settings, a database session factory and the file store."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from photoreel.agent import Interpreter, RuleBasedInterpreter
from photoreel.config import Settings
from photoreel.jobs.queue import NoQueue, RenderQueue
from photoreel.store.blobs import BlobStore


@dataclass
class AppContext:
    settings: Settings
    sessions: sessionmaker[Session]
    blobs: BlobStore
    interpreter: Interpreter = field(default_factory=RuleBasedInterpreter)
    # Where render work goes: the in-process pool or Celery (jobs/).
    queue: RenderQueue = field(default_factory=NoQueue)
    engine: Engine | None = None

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def open_context(settings: Settings, queue: RenderQueue | None = None, work_subdir: str | None = None) -> AppContext:
    """A context on the settings' database and blob store (the database must be migrated already);
    `work_subdir` gives this process's work files a folder of their own."""
    from photoreel.store.db import make_engine, session_factory
    from photoreel.store.storage import open_blobs

    engine = make_engine(settings.database)
    return AppContext(
        settings=settings,
        sessions=session_factory(engine),
        blobs=open_blobs(settings, work_subdir),
        queue=queue or NoQueue(),
        engine=engine,
    )
