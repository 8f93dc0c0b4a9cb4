from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.responses import Envelope, Render, ok
from photoreel.service import exports
from photoreel.timeline.ops import SetOutput
from photoreel.timeline.output import OUTPUT_OPTIONS, OutputOption

router = APIRouter(prefix="/api/render/proxy", tags=["renders"])


def _field(option: OutputOption) -> Any:
    """The option as a request field: its allowed values as an enum (validated here, once, and listed in
    OpenAPI); left out, the session's value stands."""
    allowed = Literal.__getitem__(option.values)  # type: ignore[attr-defined]  # a Literal of runtime values
    description = f"{option.help} Left out: unchanged (a new session has {option.default})."
    # The option's own check ("30" is 30, as plain int fields took it; a value we do not make is refused naming
    # the ones we do); the enum is what OpenAPI shows.
    return (Annotated[allowed, BeforeValidator(option.check)] | None, Field(None, description=description))


# Made from the options' one declaration (timeline/output.py).
OutputRequest: type[BaseModel] = create_model(
    "OutputRequest", **{option.name: _field(option) for option in OUTPUT_OPTIONS}
)


# The output options may also come at the top level, as the seed's clients send them.
class RenderRequest(OutputRequest):  # type: ignore[misc,valid-type]  # a model made at run time
    model_config = ConfigDict(populate_by_name=True, extra="allow")

    id: str | None = Field(None, max_length=200, description="Your id for this export; posting it again is a no-op.")
    session_id: str = Field(alias="sessionId", max_length=64)
    output: OutputRequest | None = None  # type: ignore[valid-type]  # a model made at run time


@router.post("/lambda")
def create_render(body: RenderRequest, request: Request, account: CurrentAccount, ctx: Context) -> Envelope[Render]:
    """Export the session as it is now; returns at once. Poll `GET /lambda/{id}` until `completed`."""
    names = {option.name for option in OUTPUT_OPTIONS}
    changes = body.model_dump(include=names, exclude_none=True)
    if body.output is not None:
        changes.update(body.output.model_dump(exclude_none=True))
    job = exports.start(ctx, account, body.session_id, body.id, SetOutput(**changes))
    return ok(Render.of(ctx, request.app, job))


@router.get("/lambda/{render_id}")
def get_render(render_id: str, request: Request, account: CurrentAccount, ctx: Context) -> Envelope[Render]:
    """`queued` → `rendering` (with `progress` 0-100) → `completed` (with `output.url`) or `failed` (`error`)."""
    return ok(Render.of(ctx, request.app, exports.get(ctx, account, render_id)))


@router.delete("/lambda/{render_id}")
def cancel_render(render_id: str, request: Request, account: CurrentAccount, ctx: Context) -> Envelope[Render]:
    """Cancel an export: it stops (`failed`, "the export was cancelled") and its slot frees at once."""
    return ok(Render.of(ctx, request.app, exports.cancel(ctx, account, render_id)))
