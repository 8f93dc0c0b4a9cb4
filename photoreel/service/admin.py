"""What an operator does (`photoreel admin`): long-lived API keys for apps, each with its own account, credit
balance and limits; credits granted or taken back with a reason in the ledger; usage per account; and binding an
anonymous account to an app's (the seed's `?bind=` registration link names the anonymous account).

An API key is a token of kind `key`: stored hashed like any token, shown once when made, listed by its label (its
first characters), revoked by deleting it. Its account is of kind `app` and never expires, so retention leaves
its sessions alone.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from photoreel.errors import BadRequest, NotFound
from photoreel.service import quota
from photoreel.service.accounts import hash_client_id, hash_token
from photoreel.service.context import AppContext
from photoreel.store import ledger
from photoreel.store.models import Account, LedgerEntry, RenderJob, Token, VideoSession, utcnow

KEY_PREFIX = "prk_"
NEVER = datetime(9999, 12, 31)
_LABEL_CHARS = 12  # "prk_" and 8 characters: enough to tell keys apart in a list, nothing to guess with


@dataclass(frozen=True)
class Limits:
    """An app account's own limits; None keeps the server's setting."""

    exports_per_day: int | None = None
    max_export_resolution: int | None = None
    storage_quota_mb: int | None = None


@dataclass(frozen=True)
class NewKey:
    key: str  # shown once; only its hash is kept
    label: str
    account_id: str


@dataclass(frozen=True)
class Usage:
    account_id: str
    kind: str
    name: str | None
    keys: list[str]  # labels of its live API keys
    live_tokens: int
    available: int
    spent: int
    exports: int
    exports_completed: int
    stored_bytes: int
    bound_to: str | None


def create_key(ctx: AppContext, name: str, credits: int = 0, limits: Limits | None = None) -> NewKey:
    """A new app account with `credits` and `limits`, and its first API key."""
    name = name.strip()
    if not name or len(name) > 200:
        raise BadRequest("an app needs a name (200 characters at most)")
    limits = limits or Limits()
    with ctx.database.begin() as db:
        account = Account(
            id=uuid.uuid4().hex,
            client_id_hash=hash_client_id(f"app:{uuid.uuid4().hex}"),  # an app renews nothing: no client id
            expires_at=NEVER,
            available=0,
            frozen=0,
            kind="app",
            name=name,
            exports_per_day=limits.exports_per_day,
            max_export_resolution=limits.max_export_resolution,
            storage_quota_mb=limits.storage_quota_mb,
        )
        db.add(account)
        db.flush()
        if credits:
            ledger.grant(db, account.id, credits, f"grant:key-created:{account.id}")
        key = _add_key(db, account.id)
    return NewKey(key=key, label=key[:_LABEL_CHARS], account_id=account.id)


def add_key(ctx: AppContext, account_id: str) -> NewKey:
    """Another key for an app account (to rotate one: add, move the app over, revoke the old)."""
    with ctx.database.begin() as db:
        _app(db, account_id)
        key = _add_key(db, account_id)
    return NewKey(key=key, label=key[:_LABEL_CHARS], account_id=account_id)


def _add_key(db: Session, account_id: str) -> str:
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    label = key[:_LABEL_CHARS]
    db.add(Token(hash=hash_token(key), account_id=account_id, expires_at=NEVER, kind="key", label=label))
    return key


def revoke_key(ctx: AppContext, label: str) -> str:
    """Delete the key with this label: it stops working at once. Its account, sessions and credits stay."""
    with ctx.database.begin() as db:
        token = db.scalar(select(Token).where(Token.kind == "key", Token.label == label))
        if token is None:
            raise NotFound(f"no API key {label!r}")
        account_id = token.account_id
        db.execute(delete(Token).where(Token.hash == token.hash))
    return account_id


def grant(ctx: AppContext, account_id: str, amount: int, reason: str) -> int:
    """Give (or, with a negative amount, take back) credits, recorded in the ledger with `reason`; the balance
    after. Taking back more than is available is refused: the balance never goes below zero."""
    reason = reason.strip()
    if not reason:
        raise BadRequest("say why: the reason is kept in the ledger")
    if amount == 0:
        raise BadRequest("the amount must not be zero")
    ref = f"admin:{uuid.uuid4().hex}:{reason[:150]}"
    with ctx.database.begin() as db:
        account = db.get(Account, account_id)
        if account is None:
            raise NotFound(f"no account {account_id!r}")
        if amount > 0:
            ledger.grant(db, account_id, amount, ref)
        elif not ledger.charge(db, account_id, -amount, ref):
            raise BadRequest(f"the account has only {account.available} credits available; cannot take {-amount}")
        db.refresh(account)
        return account.available


def usage(ctx: AppContext) -> list[Usage]:
    """Every account that is an app, or has spent or stored anything, with what it holds and has used."""
    now = utcnow()
    with ctx.read() as db:
        accounts = list(db.scalars(select(Account).order_by(Account.created_at)))
        keys: dict[str, list[str]] = {}
        for account_id, label in db.execute(select(Token.account_id, Token.label).where(Token.kind == "key")):
            keys.setdefault(account_id, []).append(label or "")
        live = dict(
            db.execute(
                select(Token.account_id, func.count())
                .where(Token.kind != "key", Token.expires_at > now)
                .group_by(Token.account_id)
            ).all()
        )
        spent = dict(
            db.execute(
                select(LedgerEntry.account_id, func.sum(LedgerEntry.available))
                .where(LedgerEntry.kind == "charge", ~LedgerEntry.ref.startswith("admin:"))
                .group_by(LedgerEntry.account_id)
            ).all()
        )
        exports = dict(db.execute(select(RenderJob.account_id, func.count()).group_by(RenderJob.account_id)).all())
        completed = dict(
            db.execute(
                select(RenderJob.account_id, func.count())
                .where(RenderJob.status == "completed")
                .group_by(RenderJob.account_id)
            ).all()
        )
        rows = []
        for a in accounts:
            row = Usage(
                account_id=a.id,
                kind=a.kind,
                name=a.name,
                keys=sorted(keys.get(a.id, [])),
                live_tokens=int(live.get(a.id, 0)),
                available=a.available,
                spent=-int(spent.get(a.id) or 0),
                exports=int(exports.get(a.id, 0)),
                exports_completed=int(completed.get(a.id, 0)),
                stored_bytes=quota.stored_bytes(db, a.id),
                bound_to=a.bound_to,
            )
            if a.kind == "app" or row.spent or row.exports or row.stored_bytes or row.bound_to:
                rows.append(row)
    return rows


def bind(ctx: AppContext, anonymous_id: str, app_account_id: str) -> int:
    """Join an anonymous account (the id in its `?bind=` link) to an app account: its tokens, sessions and
    exports become the app's, and renewing with its client id gives tokens for the app account from now on.
    Its own remaining credits stay in its ledger. How many sessions moved."""
    with ctx.database.begin() as db:
        anonymous = db.get(Account, anonymous_id, with_for_update=True)
        if anonymous is None or anonymous.kind != "anonymous":
            raise NotFound(f"no anonymous account {anonymous_id!r} (the id after ?bind=)")
        if anonymous.bound_to is not None:
            raise BadRequest(f"account {anonymous_id} is bound to {anonymous.bound_to} already")
        _app(db, app_account_id)
        theirs = set(db.scalars(select(RenderJob.client_ref).where(RenderJob.account_id == anonymous_id)))
        clashes = theirs & set(db.scalars(select(RenderJob.client_ref).where(RenderJob.account_id == app_account_id)))
        if clashes:
            raise BadRequest(f"both accounts have exports named {sorted(clashes)[:3]}; they cannot be joined")
        moved = db.execute(
            update(VideoSession).where(VideoSession.account_id == anonymous_id).values(account_id=app_account_id)
        ).rowcount
        db.execute(update(RenderJob).where(RenderJob.account_id == anonymous_id).values(account_id=app_account_id))
        db.execute(update(Token).where(Token.account_id == anonymous_id).values(account_id=app_account_id))
        anonymous.bound_to = app_account_id
    return int(moved or 0)


def _app(db: Session, account_id: str) -> Account:
    account = db.get(Account, account_id)
    if account is None or account.kind != "app":
        raise NotFound(f"no app account {account_id!r}")
    return account
