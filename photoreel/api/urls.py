"""Every URL the API hands out, built from the routes themselves (`url_path_for`), so a link cannot drift from
the route it points at. Signed links carry an expiry and an HMAC (service/links.py)."""

from __future__ import annotations

import time
from urllib.parse import quote

from fastapi import FastAPI

from photoreel.service import links
from photoreel.service.context import AppContext
from photoreel.store.models import MediaItem, RenderJob

APP_NAME = "nemo_agent"  # the seed's agent name, part of its paths


class ApiPaths:
    """The paths the service mentions in its replies (service.context.Paths), read off this app's routes."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def upload(self, session_id: str) -> str:
        return self.app.url_path_for("upload", app_name=APP_NAME, session_id=session_id)

    def render_status(self, render_id: str) -> str:
        # A client's own render id may hold any character; a path parameter may not hold "/".
        return self.app.url_path_for("get_render", render_id=quote(render_id, safe=""))

    def frame(self, session_id: str) -> str:
        return frame_url(self.app.state.context, self.app, session_id)

    def new_session(self) -> str:
        return self.app.url_path_for("create_session", app_name=APP_NAME)

    def new_token(self) -> str:
        return self.app.url_path_for("anonymous_token")


def _public(ctx: AppContext, path: str) -> str:
    """An absolute URL where the server knows its public address, else a path on this server."""
    return f"{ctx.settings.public_url.rstrip('/')}{path}" if ctx.settings.public_url else path


def download_url(ctx: AppContext, app: FastAPI, job: RenderJob) -> str:
    expires = int(time.time()) + ctx.settings.link_hours * 3600
    path = app.url_path_for("download", job_id=job.id)
    return _public(ctx, f"{path}?expires={expires}&sig={links.signature(ctx, 'download', job.id, expires)}")


def preview_url(ctx: AppContext, app: FastAPI, job: RenderJob) -> str:
    return _public(ctx, app.url_path_for("get_preview", render_id=quote(job.client_ref, safe="")))


def preview_segment_url(ctx: AppContext, app: FastAPI, job: RenderJob, index: int) -> str:
    expires = int(time.time()) + ctx.settings.link_hours * 3600
    path = app.url_path_for("preview_segment", job_id=job.id, index=str(index))
    return _public(ctx, f"{path}?expires={expires}&sig={links.signature(ctx, 'preview', f'{job.id}.{index}', expires)}")


def thumbnail_url(ctx: AppContext, app: FastAPI, item: MediaItem) -> str | None:
    if item.kind not in ("image", "video"):
        return None
    # Links last a day, rounded so the URL (and the browser's cache of it) stays the same for a while.
    expires = (int(time.time()) // 3600 + 25) * 3600
    path = app.url_path_for("thumbnail", media_id=item.id)
    return f"{path}?expires={expires}&sig={links.signature(ctx, 'thumb', item.id, expires)}"


def frame_url(ctx: AppContext, app: FastAPI, session_id: str) -> str:
    """The signed link of the session's frame previews; add `&t=<ms>` (and `&size=`, `&rev=`) to it."""
    expires = (int(time.time()) // 3600 + 25) * 3600  # stable for an hour, as thumbnail links are
    path = app.url_path_for("session_frame", session_id=session_id)
    # A path, as thumbnail links are: the page's images come from its own origin (its CSP), wherever it is served.
    return f"{path}?expires={expires}&sig={links.signature(ctx, 'frame', session_id, expires)}"
