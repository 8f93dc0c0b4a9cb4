from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from photoreel.api.blob_response import blob_response
from photoreel.api.deps import Context, OptionalAccount
from photoreel.api.responses import CONTENT_TYPES
from photoreel.service import exports

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
