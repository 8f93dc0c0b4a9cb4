from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.envelope import ok
from photoreel.service import credits

router = APIRouter(prefix="/api/credits", tags=["credits"])


@router.get("/balance/simple")
def balance(account: CurrentAccount, ctx: Context) -> dict[str, Any]:
    """Credits: `available` to spend, `frozen` by work in flight, and their `total`."""
    with ctx.sessions() as db:
        current = credits.balance(db, account)
    return ok({"available": current.available, "frozen": current.frozen, "total": current.total})
