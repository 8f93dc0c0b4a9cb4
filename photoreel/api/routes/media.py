from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from photoreel.api.blob_response import blob_response
from photoreel.api.deps import Context
from photoreel.service import thumbnails

router = APIRouter(prefix="/api/media", tags=["media"])


@router.get(
    "/{media_id}/thumbnail",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "A JPEG at most 320 px on its long side."}},
)
async def thumbnail(
    media_id: str, request: Request, ctx: Context, expires: int | None = None, sig: str | None = None
) -> Response:
    """A small JPEG of an uploaded photo (HEIC included), by the signed link in the session state."""
    key = await run_in_threadpool(thumbnails.thumbnail, ctx, media_id, expires, sig)
    return blob_response(request, ctx.blobs, key, "image/jpeg", None, "private, max-age=86400")
