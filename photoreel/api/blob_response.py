"""Serve a stored blob over HTTP with Range support, from wherever the blob store keeps it."""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from photoreel.errors import NotFound
from photoreel.store.blobs import BlobStore

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def blob_response(
    request: Request, store: BlobStore, key: str, media_type: str, filename: str | None, cache_control: str
) -> Response:
    """The blob as a response: a file from local disk, a redirect to a presigned URL, or a stream from a bucket."""
    headers = {"Cache-Control": cache_control}
    try:
        path = store.stored_file(key)
    except FileNotFoundError as exc:
        raise NotFound("file not found") from exc
    if path is not None:
        return FileResponse(path, media_type=media_type, filename=filename, headers=headers)
    if filename is not None:
        url = store.presigned_url(key, filename, media_type, expires_s=3600)
        if url is not None:
            return RedirectResponse(url, status_code=307)
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    size = store.size(key)
    if size is None:
        raise NotFound("file not found")
    headers["Accept-Ranges"] = "bytes"
    wanted = _byte_range(request.headers.get("range"), size)
    if wanted is None:
        headers["Content-Length"] = str(size)
        return StreamingResponse(store.read(key), media_type=media_type, headers=headers)
    if wanted == "unsatisfiable":
        return Response(status_code=416, headers={"Content-Range": f"bytes */{size}"})
    start, end = wanted
    headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1)
    return StreamingResponse(store.read(key, start, end), status_code=206, media_type=media_type, headers=headers)


def _byte_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """One `bytes=` range as (start, end) inclusive; None to send everything (no or unusable header)."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None:
        return None  # several ranges or another unit: RFC 9110 lets us answer with the whole body
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        start, end = max(0, size - int(last)), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return "unsatisfiable"
    return start, end
