from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from photoreel.api.blob_response import blob_response
from photoreel.api.deps import Context, OptionalAccount
from photoreel.api.responses import CONTENT_TYPES
from photoreel.service import exports, previews

router = APIRouter(prefix="/api/renders", tags=["downloads"])


@router.get(
    "/{job_id}/download",
    response_class=Response,
    responses={200: {"content": {t: {} for t in CONTENT_TYPES.values()}, "description": "The video file."}},
)
def download(
    job_id: str,
    request: Request,
    account: OptionalAccount,
    ctx: Context,
    expires: int | None = None,
    sig: str | None = None,
) -> Response:
    """The finished video, with Range support so players can seek. Authorised by the owner's token or the
    signed link in `output.url`, so a browser or `curl -O` can fetch it. With media in a bucket and presigned
    downloads on, this redirects to the bucket."""
    job = exports.downloadable(ctx, job_id, account, expires, sig)
    # The render id is the client's own string: only safe characters go into a header.
    filename = f"photoreel-{re.sub(r'[^A-Za-z0-9._-]+', '_', job.client_ref)[:100]}.{job.format}"
    key = exports.output_key(job)
    return blob_response(request, ctx.blobs, key, CONTENT_TYPES[job.format], filename, "private, max-age=3600")


@router.get(
    "/{job_id}/preview/{index}",
    response_class=Response,
    responses={200: {"content": {"video/mp4": {}}, "description": "One finished chunk as a fragmented MP4."}},
)
def preview_segment(
    job_id: str, index: int, ctx: Context, expires: int | None = None, sig: str | None = None
) -> Response:
    """A chunk of an export being watched while it renders (see `GET /api/render/proxy/lambda/{id}/preview`),
    by the signed link the preview gives out."""
    made = previews.segment_file(ctx, job_id, index, expires, sig)
    return FileResponse(
        made, media_type="video/mp4", headers={"Cache-Control": "private, max-age=3600"}, background=_removed(made)
    )


def _removed(path: Path) -> BackgroundTask:
    """Delete the work file once the response is sent."""
    return BackgroundTask(path.unlink, missing_ok=True)
