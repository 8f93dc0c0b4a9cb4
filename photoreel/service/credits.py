"""Credits: balance, and the charge / hold / release / capture calls paid work uses."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from photoreel.config import Settings
from photoreel.errors import OutOfCredits
from photoreel.service.context import AppContext
from photoreel.store import ledger
from photoreel.store.models import Account


@dataclass(frozen=True)
class Balance:
    available: int
    frozen: int

    @property
    def total(self) -> int:
        return self.available + self.frozen


def balance(db: Session, account: Account) -> Balance:
    current = db.get(Account, account.id, populate_existing=True)
    assert current is not None
    return Balance(current.available, current.frozen)


def current_balance(ctx: AppContext, account: Account) -> Balance:
    """The use case: the account's balance now."""
    with ctx.read() as db:
        return balance(db, account)


def _out_of_credits(db: Session, settings: Settings, account: Account, needed: int) -> OutOfCredits:
    available = balance(db, account).available
    return OutOfCredits(
        f"not enough credits: this needs {needed} and {available} are available; "
        f"get more at {settings.topup_url}?bind={account.id}"
    )


def charge(db: Session, settings: Settings, account: Account, amount: int, ref: str) -> None:
    """Spend `amount` now, atomically; raises OutOfCredits (2001) when the balance cannot cover it."""
    if amount <= 0:
        return
    if not ledger.charge(db, account.id, amount, f"charge:{ref}"):
        raise _out_of_credits(db, settings, account, amount)


def hold(db: Session, settings: Settings, account: Account, amount: int, ref: str) -> None:
    """Freeze `amount` for work in flight; later `capture` spends it or `release` gives it back."""
    if amount <= 0:
        return
    if not ledger.hold(db, account.id, amount, ref):
        raise _out_of_credits(db, settings, account, amount)


def release(db: Session, account: Account, ref: str) -> None:
    ledger.release(db, account.id, ref)


def capture(db: Session, account: Account, ref: str) -> None:
    ledger.capture(db, account.id, ref)
