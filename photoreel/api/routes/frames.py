"""Frame previews (not in the seed; additive): the composed frame at a time, by the signed link in the state."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from photoreel.api.deps import Context
from photoreel.service import frames

router = APIRouter(prefix="/api/frames", tags=["frames"])


@router.get(
    "/{session_id}",
    name="session_frame",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "The frame, in the output's shape."}},
)
async def session_frame(
    session_id: str,
    ctx: Context,
    t: int = Query(0, description="When, in ms from the start of the video (past the end: the last frame)."),
    size: int | None = Query(None, description="The short side in pixels: 180, 240, 360 (default) or 480."),
    rev: int | None = Query(None, description="The revision the page shows; a current one may be cached."),
    expires: int | None = None,
    sig: str | None = None,
) -> Response:
    """The frame shown at `t`, drawn from the session's current timeline as the export would draw it."""
    found = await run_in_threadpool(frames.frame, ctx, session_id, t, size, expires, sig)
    # The same link with the same revision shows the same picture; another revision is drawn anew.
    cache = "private, max-age=3600" if rev == found.revision else "no-store"
    return Response(found.jpeg, media_type="image/jpeg", headers={"Cache-Control": cache})
