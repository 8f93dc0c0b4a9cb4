from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from photoreel.api import multipart
from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.envelope import failure
from photoreel.api.responses import Envelope, Uploaded, UploadedFile, ok
from photoreel.errors import BadRequest, MediaTooLarge, PhotoreelError
from photoreel.service import sessions, uploads

router = APIRouter(prefix="/api/upload-video", tags=["uploads"])
MAX_JSON_BYTES = 1024 * 1024


def _reply(results: list[uploads.FileResult]) -> Envelope[Uploaded] | JSONResponse:
    """Each file's outcome; when none was accepted, the envelope carries the first refusal's code."""
    data = Uploaded(files=[UploadedFile.of(r) for r in results])
    accepted = sum(r.error is None for r in results)
    if results and accepted == 0:
        first = results[0].error
        assert first is not None
        return failure(first.code, first.message, first.http_status, data=data.model_dump())
    return ok(data, message=f"{accepted} of {len(results)} files added")


def _refuse_body(error: PhotoreelError) -> JSONResponse:
    """Refuse a body we stopped reading, and close the connection: otherwise the server would have to read
    (and throw away) the rest of it, however long, to keep the connection usable."""
    return failure(error.code, error.message, error.http_status, headers={"Connection": "close"})


@router.post(
    "/{app_name}/me/{session_id}",
    response_model=Envelope[Uploaded],
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                    }
                },
                "application/json": {
                    "schema": {"type": "object", "properties": {"urls": {"type": "array", "items": {"type": "string"}}}}
                },
            }
        }
    },
)
async def upload(
    app_name: str,
    session_id: str,
    request: Request,
    account: CurrentAccount,
    ctx: Context,
    batch: str | None = Query(None, description="Files chosen together share a batch id (not in the seed)."),
    seq: int | None = Query(None, description="This request's first file's place in its batch, from 0."),
) -> Any:
    """Add photos or music: multipart `files=@...` (several), or JSON `{"urls": [...]}` fetched by the server.
    With `batch` and `seq`, the files take their place in the order they were chosen in, whenever they arrive."""
    settings = ctx.settings
    chosen = uploads.Chosen.checked(batch, seq)

    await run_in_threadpool(sessions.check_access, ctx, account, session_id)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_request_bytes:
        return _refuse_body(MediaTooLarge(f"the upload is over {settings.max_request_bytes // 2**20} MB in all"))
    content_type = request.headers.get("content-type", "")

    if content_type.startswith("application/json"):
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_JSON_BYTES:
                return _refuse_body(BadRequest("the JSON body is too large"))
        try:
            urls = json.loads(body or b"{}").get("urls")
        except (ValueError, AttributeError) as exc:
            raise BadRequest('send JSON like {"urls": ["https://..."]}') from exc
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
            raise BadRequest('send JSON like {"urls": ["https://..."]}')
        if len(urls) > settings.max_files_per_request:
            raise BadRequest(f"at most {settings.max_files_per_request} URLs per request")
        results = await run_in_threadpool(uploads.import_urls, ctx, account, session_id, urls)
        return _reply(results)

    try:
        received = await multipart.receive(
            request.stream(),
            content_type,
            lambda: ctx.blobs.temp_file(),
            max_file_bytes=settings.max_upload_bytes,
            max_request_bytes=settings.max_request_bytes,
            max_parts=settings.max_files_per_request + 10,
        )
    except PhotoreelError as exc:
        return _refuse_body(exc)
    if not received:
        raise BadRequest("no files in the upload; send them as files=@photo.jpg")
    results: list[uploads.FileResult] = []
    try:
        for item in received:
            if item.error is not None or item.path is None:
                results.append(uploads.FileResult(uploads.clean_name(item.name), error=item.error))
                continue
            place = chosen.nth(len(results)) if chosen else None
            results.append(
                await run_in_threadpool(uploads.accept, ctx, account, session_id, item.path, item.name, None, place)
            )
    finally:
        # A request that fails part-way (a full disk, a lost session) leaves none of its other files behind.
        for item in received:
            if item.path is not None:
                item.path.unlink(missing_ok=True)
    return _reply(results)
