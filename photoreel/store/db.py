"""Engine, sessions and migrations. SQLite by default; any SQLAlchemy URL (PostgreSQL) works the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, CursorResult, Delete, Engine, Update, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
READ_ONLY = "photoreel_read_only"  # an execution option: this connection's transactions only read


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:  # DBAPI objects: untyped by the driver
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # A writer takes the write lock up front: two deferred transactions that both try to write would
            # otherwise fail with "database is locked" instead of waiting their turn. A reader (see
            # `read_session_factory`) begins deferred and, in WAL mode, never waits for a writer.
            reading = conn.get_execution_options().get(READ_ONLY, False)
            conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def changed_rows(db: Session, statement: Update | Delete) -> int:
    """Run a guarded UPDATE or DELETE; how many rows it changed (0: its WHERE found the row in another state)."""
    result: CursorResult[Any] = db.execute(statement)  # type: ignore[assignment]  # a DML result is a cursor's
    return int(result.rowcount)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading only: on SQLite they take no write lock, so state polls do not queue behind
    uploads and instruction turns (a write through one would fail, not wait)."""
    return sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


def migrate(url: str, revision: str = "head") -> None:
    """Bring the schema up to date (Alembic `upgrade head`), or to `revision`."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)
