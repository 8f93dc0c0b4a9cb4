"""On SQLite, reads take no write lock: a state poll does not wait for an upload's or a turn's transaction."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import func, select, text

from photoreel.store.db import make_engine, migrate, read_session_factory, session_factory
from photoreel.store.models import Account


def test_a_read_does_not_wait_for_a_writer_but_a_second_writer_does(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    writes, reads = session_factory(engine), read_session_factory(engine)
    took: dict[str, float] = {}

    def timed(name: str, work) -> threading.Thread:  # type: ignore[no-untyped-def]
        def run() -> None:
            started = time.monotonic()
            work()
            took[name] = time.monotonic() - started

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def read() -> None:
        with reads() as db:
            db.scalar(select(func.count()).select_from(Account))

    def write() -> None:
        with writes.begin() as db:
            db.execute(text("SELECT 1"))

    with writes.begin() as db:  # a long write transaction, holding the lock
        db.execute(text("UPDATE accounts SET available = available"))
        reader, writer = timed("read", read), timed("write", write)
        reader.join(5)
        time.sleep(0.5)
    writer.join(10)
    engine.dispose()
    assert took["read"] < 0.3, took
    assert took["write"] >= 0.4, "a writer still waits its turn"
