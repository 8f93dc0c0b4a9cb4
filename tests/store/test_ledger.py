"""Credits are a ledger; spending is atomic on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

from photoreel.store import ledger
from photoreel.store.db import make_engine, session_factory
from photoreel.store.models import Account, utcnow


def _account(sessions, credits: int) -> str:
    account_id = uuid.uuid4().hex
    with sessions.begin() as db:
        db.add(
            Account(
                id=account_id,
                client_id_hash=uuid.uuid4().hex,
                expires_at=utcnow() + timedelta(days=1),
                available=0,
                frozen=0,
            )
        )
        db.flush()
        ledger.grant(db, account_id, credits, "grant:test")
    return account_id


def test_twenty_parallel_spends_against_ten_leave_zero(database_url):
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    account_id = _account(sessions, 10)
    outcomes: list[bool] = []
    start = threading.Barrier(20)

    def spend(i: int) -> None:
        start.wait()
        with sessions.begin() as db:
            outcomes.append(ledger.charge(db, account_id, 1, f"charge:{i}"))

    threads = [threading.Thread(target=spend, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [False] * 10 + [True] * 10
    with sessions() as db:
        account = db.get(Account, account_id)
        assert (account.available, account.frozen) == (0, 0)
        assert ledger.totals(db, account_id) == (0, 0), "the ledger sums to the balance"
    engine.dispose()


def test_hold_then_release_or_capture(database_url):
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    account_id = _account(sessions, 10)
    with sessions.begin() as db:
        assert ledger.hold(db, account_id, 4, "turn-1")
        assert ledger.hold(db, account_id, 3, "turn-2")
        assert not ledger.hold(db, account_id, 4, "turn-3"), "only 3 left to hold"
    with sessions.begin() as db:
        account = db.get(Account, account_id)
        assert (account.available, account.frozen) == (3, 7)
        ledger.release(db, account_id, "turn-1")
        ledger.release(db, account_id, "turn-1")  # settling twice does nothing
        ledger.capture(db, account_id, "turn-2")
        ledger.release(db, account_id, "turn-2")  # already captured
    with sessions() as db:
        account = db.get(Account, account_id)
        assert (account.available, account.frozen) == (7, 0)
        assert ledger.totals(db, account_id) == (7, 0)
    with sessions.begin() as db:
        assert ledger.charge(db, account_id, 2, "charge:same")
        assert ledger.charge(db, account_id, 2, "charge:same"), "a retried charge is charged once"
    with sessions() as db:
        assert db.get(Account, account_id).available == 5
    engine.dispose()
