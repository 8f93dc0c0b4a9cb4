"""Credit movements. Each is one conditional UPDATE plus one ledger row in the caller's transaction, so
concurrent spends can never take a balance below zero, on SQLite or PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from photoreel.store.db import changed_rows
from photoreel.store.models import Account, LedgerEntry


def _move(db: Session, account_id: str, kind: str, available: int, frozen: int, ref: str) -> bool:
    """Apply the deltas if the result stays >= 0 and `ref` is new; False (and no change) otherwise."""
    condition = [Account.id == account_id]
    if available < 0:
        condition.append(Account.available >= -available)
    if frozen < 0:
        condition.append(Account.frozen >= -frozen)
    with db.begin_nested():
        changed = changed_rows(
            db,
            update(Account)
            .where(*condition)
            .values(available=Account.available + available, frozen=Account.frozen + frozen)
            .execution_options(synchronize_session=False),
        )
        if changed != 1:
            return False
        try:
            db.add(LedgerEntry(account_id=account_id, kind=kind, available=available, frozen=frozen, ref=ref))
            db.flush()
        except IntegrityError:
            raise _Duplicate() from None
    return True


class _Duplicate(Exception):
    pass


def grant(db: Session, account_id: str, amount: int, ref: str) -> None:
    _move(db, account_id, "grant", amount, 0, ref)


def charge(db: Session, account_id: str, amount: int, ref: str) -> bool:
    """Spend `amount` now. False when the balance cannot cover it. A repeated `ref` is charged once."""
    try:
        return _move(db, account_id, "charge", -amount, 0, ref)
    except _Duplicate:
        return True


def hold(db: Session, account_id: str, amount: int, ref: str) -> bool:
    """Set `amount` aside for work in flight (it shows as frozen). False when it cannot be covered."""
    try:
        return _move(db, account_id, "hold", -amount, amount, f"hold:{ref}")
    except _Duplicate:
        return True


def held_amount(db: Session, account_id: str, ref: str) -> int | None:
    entry = db.scalar(select(LedgerEntry).where(LedgerEntry.account_id == account_id, LedgerEntry.ref == f"hold:{ref}"))
    return entry.frozen if entry else None


def release(db: Session, account_id: str, ref: str) -> None:
    """Give a hold back (the work did not happen). Settling a hold twice does nothing."""
    _settle(db, account_id, ref, "release")


def capture(db: Session, account_id: str, ref: str) -> None:
    """Spend a hold (the work happened). Settling a hold twice does nothing."""
    _settle(db, account_id, ref, "capture")


def _settle(db: Session, account_id: str, ref: str, kind: str) -> None:
    amount = held_amount(db, account_id, ref)
    if amount is None:
        return
    back = amount if kind == "release" else 0
    try:
        _move(db, account_id, kind, back, -amount, f"settle:{ref}")
    except _Duplicate:
        return


def totals(db: Session, account_id: str) -> tuple[int, int]:
    """(available, frozen) summed from the ledger itself; equals the account row's counters."""
    row = db.execute(
        select(func.coalesce(func.sum(LedgerEntry.available), 0), func.coalesce(func.sum(LedgerEntry.frozen), 0)).where(
            LedgerEntry.account_id == account_id
        )
    ).one()
    return int(row[0]), int(row[1])
