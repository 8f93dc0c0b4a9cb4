"""The web page: plain HTML/CSS/ES modules from photoreel/web, served with cache headers."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

WEB = Path(__file__).resolve().parent.parent / "web"


class CachedStatic(StaticFiles):
    """Static assets may be cached for an hour; the page itself is revalidated each time."""

    async def get_response(self, path: str, scope: Scope):  # noqa: ANN201 - Starlette's signature
        response = await super().get_response(path, scope)
        response.headers.setdefault("Cache-Control", "public, max-age=3600")
        return response


def mount_web(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html", media_type="text/html", headers={"Cache-Control": "no-cache"})

    app.mount("/static", CachedStatic(directory=WEB), name="static")
