"""Dependencies as `Annotated` aliases, so routes read like their signatures."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from photoreel.service import accounts
from photoreel.service.context import AppContext
from photoreel.store.models import Account


def get_context(request: Request) -> AppContext:
    return request.app.state.context


Context = Annotated[AppContext, Depends(get_context)]


def current_account(
    request: Request,
    ctx: Context,
    authorization: Annotated[str | None, Header()] = None,
    x_skill_source: Annotated[str | None, Header()] = None,
    x_skill_version: Annotated[str | None, Header()] = None,
    x_skill_platform: Annotated[str | None, Header()] = None,
) -> Account:
    """The token's account (1001 otherwise); the X-Skill-* attribution headers are recorded, never required."""
    account = accounts.current(ctx, authorization, x_skill_source, x_skill_version, x_skill_platform)
    request.app.state.callers.vouch(authorization)  # its requests now count against its own limit
    return account


CurrentAccount = Annotated[Account, Depends(current_account)]


def optional_account(ctx: Context, authorization: Annotated[str | None, Header()] = None) -> Account | None:
    return accounts.optional(ctx, authorization)


OptionalAccount = Annotated[Account | None, Depends(optional_account)]
