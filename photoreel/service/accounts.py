"""Anonymous tokens: issued against a client id, stored only as hashes, valid for a few days.

The client id is the secret that makes a client the same client again (how it recovers from an expired token),
so it must be unguessable: a random UUID (version 4) or at least 32 random letters and digits, about 122 bits
or more. It is stored hashed. Asking again with it gives another token for the same account and leaves the
account's other live tokens alone, so a copied id cannot lock the owner out. New accounts are limited per client
address (`tokens_per_address_per_hour`), so free credits cannot be farmed; a known id is never limited.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from photoreel.config import Settings
from photoreel.errors import BadRequest, RateLimited, TokenInvalid
from photoreel.service.context import AppContext
from photoreel.store import ledger
from photoreel.store.models import Account, Token, utcnow

TOKEN_PREFIX = "prt_"
_RANDOM_ENOUGH = re.compile(r"[A-Za-z0-9_-]{32,200}")
_UUID_SHAPED = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_client_id(client_id: str) -> str:
    return hashlib.sha256(b"client-id:" + client_id.encode()).hexdigest()


def _checked_client_id(client_id: str | None) -> str:
    client_id = (client_id or "").strip()
    if not client_id:
        raise BadRequest("X-Client-Id header is required: send a random UUID that identifies this client")
    if _UUID_SHAPED.fullmatch(client_id):
        if uuid.UUID(client_id).version == 4 and len(set(client_id.replace("-", ""))) >= 8:
            return client_id.lower()
    elif _RANDOM_ENOUGH.fullmatch(client_id) and len(set(client_id)) >= 10:  # not "aaaa…" or "abab…"
        return client_id
    raise BadRequest(
        "X-Client-Id must be a random UUID (version 4) or at least 32 random letters and digits: it is the secret "
        "that proves this client is the same one asking again"
    )


def issue_anonymous(
    db: Session, settings: Settings, client_id: str | None, address: str | None = None
) -> tuple[str, Account]:
    """A token for the client named by `client_id`: a new account with the free credits, or one more token for
    the client's existing account. The token itself is returned once and never stored. `address` is who asked
    (the client's IP), for the limit on new accounts."""
    id_hash = hash_client_id(_checked_client_id(client_id))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    expires = now + timedelta(seconds=settings.token_ttl_s)
    account = db.scalar(select(Account).where(Account.client_id_hash == id_hash).with_for_update())
    if account is not None and account.bound_to is not None:
        # Joined to an app's account (`photoreel admin bind`): the client carries on as that account.
        account = db.get(Account, account.bound_to, with_for_update=True)
    if account is not None:
        # The same client asking again (its token expired, or another device): a fresh token for the same
        # account, so its sessions and balance carry on; its other tokens stay valid, and no second grant is made.
        db.execute(delete(Token).where(Token.account_id == account.id, Token.expires_at <= now))
        db.add(Token(hash=hash_token(token), account_id=account.id, expires_at=expires))
        account.expires_at = max(account.expires_at, expires)
        db.flush()
        return token, account
    if db.scalar(select(Account.id).where(Account.client_id_hash == id_hash)) is not None:
        raise TokenInvalid("this client's account was joined to one that no longer exists; use a new client id")
    created_from = hashlib.sha256(f"address:{address}".encode()).hexdigest() if address else None
    if created_from is not None:
        _check_issuance(db, settings, created_from)
    account = Account(
        id=uuid.uuid4().hex,
        client_id_hash=id_hash,
        created_from=created_from,
        expires_at=expires,
        available=0,
        frozen=0,
    )
    db.add(account)
    db.flush()
    db.add(Token(hash=hash_token(token), account_id=account.id, expires_at=expires))
    if settings.free_credits:
        ledger.grant(db, account.id, settings.free_credits, f"grant:welcome:{account.id}")
    db.flush()
    db.refresh(account)
    return token, account


def _check_issuance(db: Session, settings: Settings, created_from: str) -> None:
    """RateLimited (429 + Retry-After) once an address has opened `tokens_per_address_per_hour` accounts in the
    last hour; counted in the database, so every API server of a fleet shares the limit."""
    since = utcnow() - timedelta(hours=1)
    recent = list(
        db.scalars(
            select(Account.created_at)
            .where(Account.created_from == created_from, Account.created_at >= since)
            .order_by(Account.created_at)
        )
    )
    if len(recent) >= settings.tokens_per_address_per_hour:
        retry = max(1, int((recent[0] + timedelta(hours=1) - utcnow()).total_seconds()))
        raise RateLimited(
            f"too many new tokens from this address ({settings.tokens_per_address_per_hour} an hour); "
            "a client that already has an id can renew with it at any time",
            retry_after=retry,
        )


def authenticate(db: Session, authorization: str | None) -> Account:
    """The account behind an `Authorization: Bearer ...` header, or TokenInvalid (1001)."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise TokenInvalid("missing token: send Authorization: Bearer <token>")
    found = db.execute(
        select(Account, Token.expires_at)
        .join(Token, Token.account_id == Account.id)
        .where(Token.hash == hash_token(token))
    ).first()
    if found is None:
        raise TokenInvalid("the token is invalid")
    account, expires_at = found
    if expires_at <= utcnow():
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


def issue_token(ctx: AppContext, client_id: str | None, address: str | None = None) -> tuple[str, Account]:
    with ctx.database.begin() as db:
        return issue_anonymous(db, ctx.settings, client_id, address)


def current(
    ctx: AppContext,
    authorization: str | None,
    source: str | None = None,
    version: str | None = None,
    platform: str | None = None,
) -> Account:
    """The caller's account, recording the skill attribution headers when they changed. A write only then: most
    requests repeat them, and a write per request would queue every request behind the database's write lock."""
    with ctx.read() as db:
        account = authenticate(db, authorization)
    if record_attribution(account, source, version, platform):
        with ctx.database.begin() as db:
            db.merge(account)
    return account


def optional(ctx: AppContext, authorization: str | None) -> Account | None:
    """The caller's account if a token was sent (a signed link may stand in for one)."""
    if not authorization:
        return None
    with ctx.read() as db:
        return authenticate(db, authorization)
