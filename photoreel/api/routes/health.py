from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import text

from photoreel import __version__
from photoreel.api.deps import Context
from photoreel.api.envelope import ok

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(ctx: Context) -> dict[str, Any]:
    """The service is up and its database answers."""
    with ctx.sessions() as db:
        db.execute(text("SELECT 1"))
    return ok({"status": "ok", "version": __version__})
