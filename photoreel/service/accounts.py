"""Anonymous tokens: issued against a client id, stored only as a hash, valid for a few days."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoreel.config import Settings
from photoreel.errors import BadRequest, TokenInvalid
from photoreel.service.context import AppContext
from photoreel.store import ledger
from photoreel.store.models import Account, utcnow

TOKEN_PREFIX = "prt_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_anonymous(db: Session, settings: Settings, client_id: str | None) -> tuple[str, Account]:
    """A token for the client named by `client_id`: a new account with the free credits, or a renewed token for
    the client's existing account. The token itself is returned once and never stored."""
    client_id = (client_id or "").strip()
    if not client_id:
        raise BadRequest("X-Client-Id header is required: send a random UUID that identifies this client")
    if len(client_id) > 200:
        raise BadRequest("X-Client-Id is too long (200 characters at most)")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(seconds=settings.token_ttl_s)
    account = db.scalar(select(Account).where(Account.client_id == client_id).with_for_update())
    if account is not None:
        # The same client asking again (its token expired): a fresh token for the same account, so its
        # sessions and balance carry on; the old token stops working, and no second welcome grant is made.
        account.token_hash = hash_token(token)
        account.expires_at = expires
        db.flush()
        return token, account
    account = Account(
        id=uuid.uuid4().hex,
        token_hash=hash_token(token),
        client_id=client_id,
        expires_at=expires,
        available=0,
        frozen=0,
    )
    db.add(account)
    db.flush()
    if settings.free_credits:
        ledger.grant(db, account.id, settings.free_credits, f"grant:welcome:{account.id}")
    db.refresh(account)
    return token, account


def authenticate(db: Session, authorization: str | None) -> Account:
    """The account behind an `Authorization: Bearer ...` header, or TokenInvalid (1001)."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise TokenInvalid("missing token: send Authorization: Bearer <token>")
    account = db.scalar(select(Account).where(Account.token_hash == hash_token(token)))
    if account is None:
        raise TokenInvalid("the token is invalid")
    if account.expires_at <= utcnow():
        raise TokenInvalid("the token has expired")
    return account


def record_attribution(account: Account, source: str | None, version: str | None, platform: str | None) -> bool:
    """Remember which skill/client last spoke for this token (never required); True if anything changed."""
    changed = False
    for name, value, limit in (
        ("skill_source", source, 200),
        ("skill_version", version, 100),
        ("skill_platform", platform, 100),
    ):
        if value and getattr(account, name) != value[:limit]:
            setattr(account, name, value[:limit])
            changed = True
    return changed


# --- use cases (each owns its transaction) ----------------------------------------------------------------


def issue_token(ctx: AppContext, client_id: str | None) -> tuple[str, Account]:
    with ctx.database.begin() as db:
        return issue_anonymous(db, ctx.settings, client_id)


def current(
    ctx: AppContext,
    authorization: str | None,
    source: str | None = None,
    version: str | None = None,
    platform: str | None = None,
) -> Account:
    """The caller's account, recording the skill attribution headers when they changed. A write only then: most
    requests repeat them, and a write per request would queue every request behind the database's write lock."""
    with ctx.database() as db:
        account = authenticate(db, authorization)
    if record_attribution(account, source, version, platform):
        with ctx.database.begin() as db:
            db.merge(account)
    return account


def optional(ctx: AppContext, authorization: str | None) -> Account | None:
    """The caller's account if a token was sent (a signed link may stand in for one)."""
    if not authorization:
        return None
    with ctx.database() as db:
        return authenticate(db, authorization)
