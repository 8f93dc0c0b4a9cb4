from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.envelope import ok
from photoreel.service import exports

router = APIRouter(prefix="/api/render/proxy", tags=["renders"])


class OutputRequest(BaseModel):
    aspect: str | None = None
    resolution: int | None = None
    fps: int | None = None
    format: str | None = None
    quality: str | None = None


class RenderRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")

    id: str | None = Field(None, max_length=200, description="Your id for this export; posting it again is a no-op.")
    session_id: str = Field(alias="sessionId", max_length=64)
    output: OutputRequest | None = None
    # The seed's clients may also send these at the top level.
    aspect: str | None = None
    resolution: int | None = None
    fps: int | None = None
    format: str | None = None
    quality: str | None = None


@router.post("/lambda")
def create_render(body: RenderRequest, account: CurrentAccount, ctx: Context) -> dict[str, Any]:
    """Export the session as it is now; returns at once. Poll `GET /lambda/{id}` until `completed`."""
    output = {**body.model_dump(include={"aspect", "resolution", "fps", "format", "quality"}, exclude_none=True)}
    if body.output is not None:
        output.update(body.output.model_dump(exclude_none=True))
    job = exports.start(ctx, account, body.session_id, body.id, output)
    return ok(exports.describe(ctx, job))


@router.get("/lambda/{render_id}")
def get_render(render_id: str, account: CurrentAccount, ctx: Context) -> dict[str, Any]:
    """`queued` → `rendering` (with `progress` 0-100) → `completed` (with `output.url`) or `failed` (`error`)."""
    return ok(exports.describe(ctx, exports.get(ctx, account, render_id)))
