"""The one place that turns errors into envelopes: PhotoreelError keeps its code; nothing leaks a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from photoreel.api.envelope import failure
from photoreel.api.urls import ApiPaths
from photoreel.errors import PhotoreelError, RateLimited, SessionNotFound, StorageFull, TokenInvalid, is_disk_full

log = logging.getLogger("photoreel.api")

_HTTP_CODES = {401: 1001, 404: 404, 405: 405, 413: 4002, 415: 4001}


def _where_next(app: FastAPI, exc: PhotoreelError) -> str:
    """The message, with where to go next for the errors a client recovers from by calling another route."""
    paths = ApiPaths(app)
    if isinstance(exc, TokenInvalid):
        return f"{exc.message}; get a new one at POST {paths.new_token()}"
    if isinstance(exc, SessionNotFound):
        return f"{exc.message}; create a new one at POST {paths.new_session()}"
    return exc.message


def install(app: FastAPI) -> None:
    @app.exception_handler(PhotoreelError)
    async def _photoreel(_: Request, exc: PhotoreelError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return failure(exc.code, _where_next(app, exc), exc.http_status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg')}"
            for e in exc.errors()[:5]
        )
        return failure(400, f"bad request: {problems}", 400)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        return failure(_HTTP_CODES.get(exc.status_code, exc.status_code), str(exc.detail), exc.status_code)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, _: ClientDisconnect) -> JSONResponse:
        # The client left (or its body was cut off for stalling, api/slow_bodies.py): nobody reads this answer.
        log.info("client gone during %s %s", request.method, request.url.path)
        return failure(499, "the client closed the request", 400)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if is_disk_full(exc):
            log.error("out of storage space on %s %s: %s", request.method, request.url.path, exc)
            full = StorageFull()
            return failure(full.code, full.message, full.http_status)
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return failure(500, "internal error; it has been logged", 500)
