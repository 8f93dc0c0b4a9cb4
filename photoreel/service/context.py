"""What every use case needs: settings, a database session factory and the file store."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from photoreel.config import Settings
from photoreel.store.blobs import LocalBlobs


@dataclass
class AppContext:
    settings: Settings
    sessions: sessionmaker[Session]
    blobs: LocalBlobs
