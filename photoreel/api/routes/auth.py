from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header

from photoreel.api.deps import Context
from photoreel.api.envelope import ok
from photoreel.service import accounts

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/anonymous-token")
def anonymous_token(ctx: Context, x_client_id: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    """A free token (credits included, valid for days) for the client named by `X-Client-Id`."""
    with ctx.sessions.begin() as db:
        token, account = accounts.issue_anonymous(db, ctx.settings, x_client_id)
        return ok(
            {
                "token": token,
                "token_type": "Bearer",
                "expires_at": account.expires_at.isoformat() + "Z",
                "credits": account.available,
            }
        )
