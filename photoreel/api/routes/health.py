from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from photoreel import __version__
from photoreel.api.deps import Context
from photoreel.api.responses import Envelope, Health, ok

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(ctx: Context) -> Envelope[Health]:
    """The service is up and its database answers."""
    with ctx.sessions() as db:
        db.execute(text("SELECT 1"))
    return ok(Health(status="ok", version=__version__))
