"""Signed, expiring links: anyone holding one may fetch that one thing until it expires, and nothing else."""

from __future__ import annotations

import hashlib
import hmac
import time

from photoreel.service.context import AppContext


def signature(ctx: AppContext, purpose: str, ident: str, expires: int) -> str:
    message = f"{purpose}:{ident}:{expires}".encode()
    return hmac.new(ctx.settings.signing_key(), message, hashlib.sha256).hexdigest()


def valid(ctx: AppContext, purpose: str, ident: str, expires: int | None, sig: str | None) -> bool:
    if expires is None or not sig or not sig.isascii() or expires < time.time():
        return False
    return hmac.compare_digest(signature(ctx, purpose, ident, expires), sig)
