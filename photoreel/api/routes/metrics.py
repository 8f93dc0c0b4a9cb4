from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import Response

from photoreel.api.deps import Context
from photoreel.api.envelope import failure
from photoreel.api.metrics import CONTENT_TYPE

router = APIRouter(tags=["operations"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus' text exposition format."}},
)
def metrics(request: Request, ctx: Context) -> Response:
    """Requests by route and status, their latency, the render queue, render seconds, chunk cache hits, credits
    spent (docs/deploy.md). With `PHOTOREEL_METRICS_TOKEN` set, only for `Authorization: Bearer <that token>`."""
    wanted = ctx.settings.metrics_token
    if wanted:
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {wanted}".encode()):
            # Not a client's token (a 1001 would send a client for a new one): the operator's own.
            message = "the metrics need the operator's token (PHOTOREEL_METRICS_TOKEN)"
            return failure(401, message, 401, headers={"WWW-Authenticate": "Bearer"})
    return Response(request.app.state.metrics.exposition(), media_type=CONTENT_TYPE)
