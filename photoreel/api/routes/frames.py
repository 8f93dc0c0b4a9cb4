"""Frame previews (not in the seed; additive): the composed frame at a time, by the signed link in the state."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from photoreel.api.deps import Context
from photoreel.errors import RateLimited
from photoreel.service import frames

STILLS_AT_ONCE = 2  # stills drawn at once by one server: they share its cores with renders
WAIT_S = 5.0  # how long a still waits for its turn before the server says it is busy

router = APIRouter(prefix="/api/frames", tags=["frames"])


@router.get(
    "/{session_id}",
    name="session_frame",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "The frame, in the output's shape."}},
)
async def session_frame(
    session_id: str,
    request: Request,
    ctx: Context,
    t: int = Query(0, description="When, in ms from the start of the video (past the end: the last frame)."),
    size: int | None = Query(None, description="The short side in pixels: 180, 240, 360 (default) or 480."),
    rev: int | None = Query(None, description="The revision the page shows; a current one may be cached."),
    expires: int | None = None,
    sig: str | None = None,
) -> Response:
    """The frame shown at `t`, drawn from the session's current timeline as the export would draw it."""
    # Stills have threads of their own (not the pool every other route shares), a few at a time: a burst of
    # scrubbing waits its turn, and never holds up an upload or an instruction.
    state = request.app.state
    if getattr(state, "still_slots", None) is None:
        state.still_slots = anyio.CapacityLimiter(STILLS_AT_ONCE)
    try:
        with anyio.fail_after(WAIT_S):
            await state.still_slots.acquire()
    except TimeoutError:
        raise RateLimited("the server is busy drawing previews; try again in a moment", retry_after=1) from None
    try:
        found = await anyio.to_thread.run_sync(frames.frame, ctx, session_id, t, size, expires, sig)
    finally:
        state.still_slots.release()
    # The same link with the same revision shows the same picture; another revision is drawn anew.
    cache = "private, max-age=3600" if rev == found.revision else "no-store"
    return Response(found.jpeg, media_type="image/jpeg", headers={"Cache-Control": cache})
