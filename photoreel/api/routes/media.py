from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from photoreel.api.deps import Context
from photoreel.service import thumbnails

router = APIRouter(prefix="/api/media", tags=["media"])


@router.get("/{media_id}/thumbnail")
async def thumbnail(media_id: str, ctx: Context, expires: int | None = None, sig: str | None = None) -> FileResponse:
    """A small JPEG of an uploaded photo (HEIC included), by the signed link in the session state."""
    path = await run_in_threadpool(thumbnails.thumbnail, ctx, media_id, expires, sig)
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=86400"})
