"""What every use case needs: settings, a database session factory and the file store."""

from __future__ import annotations

from dataclasses import dataclass, field

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
