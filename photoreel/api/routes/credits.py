from __future__ import annotations

from fastapi import APIRouter

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.responses import CreditBalance, Envelope, ok
from photoreel.service import credits

router = APIRouter(prefix="/api/credits", tags=["credits"])


@router.get("/balance/simple")
def balance(account: CurrentAccount, ctx: Context) -> Envelope[CreditBalance]:
    """Credits: `available` to spend, `frozen` by work in flight, and their `total`."""
    return ok(CreditBalance.of(credits.current_balance(ctx, account)))
