"""Every JSON reply is {"code", "message", "data"}; code 0 is success. Successes are `responses.Envelope`s; this
is the failure side, for the error handlers and the routes that refuse a body part-way."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse


def failure(
    code: int, message: str, status: int, data: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "data": data}, status_code=status, headers=headers)
