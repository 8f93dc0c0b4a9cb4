"""Every JSON reply is {"code", "message", "data"}; code 0 is success."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse


def ok(data: Any = None, message: str = "success") -> dict[str, Any]:
    return {"code": 0, "message": message, "data": data}


def failure(
    code: int, message: str, status: int, data: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "data": data}, status_code=status, headers=headers)
