from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request

from photoreel.api.deps import Context
from photoreel.api.middleware import client_address
from photoreel.api.responses import Envelope, Token, ok
from photoreel.service import accounts

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/anonymous-token")
def anonymous_token(
    request: Request, ctx: Context, x_client_id: Annotated[str | None, Header()] = None
) -> Envelope[Token]:
    """A free token (credits included, valid for days) for the client named by `X-Client-Id`."""
    address = client_address(request.scope, ctx.settings.trusted_proxies)
    token, account = accounts.issue_token(ctx, x_client_id, address)
    return ok(Token.of(token, account))
