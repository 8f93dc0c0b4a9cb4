from __future__ import annotations

from fastapi import APIRouter

from photoreel import __version__
from photoreel.api.deps import Context
from photoreel.api.responses import Envelope, Health, ok
from photoreel.service import health

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(ctx: Context) -> Envelope[Health]:
    """The service is up and its database answers."""
    health.check(ctx)
    return ok(Health(status="ok", version=__version__))
