"""What every use case needs: settings, a database session factory and the file store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from photoreel.agent import Interpreter, RuleBasedInterpreter
from photoreel.config import Settings
from photoreel.store.blobs import LocalBlobs


@dataclass
class AppContext:
    settings: Settings
    sessions: sessionmaker[Session]
    blobs: LocalBlobs
    interpreter: Interpreter = field(default_factory=RuleBasedInterpreter)
    # Called after a render job is queued, so idle workers start at once instead of at their next poll.
    job_queued: Callable[[], None] = field(default=lambda: None)
