from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, create_model

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.responses import Envelope, Preview, Render, ok
from photoreel.service import exports, previews, webhooks
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
    callback: str | None = Field(
        None,
        max_length=2000,
        validation_alias=AliasChoices("callback", "webhook_url", "webhookUrl"),
        description="A public http(s) URL to POST the export's status to when it completes or fails, signed "
        "(`Photoreel-Signature`, see GET /api/webhooks/secret). Shotstack's `callback`, Creatomate's `webhook_url`.",
    )
    callback_stages: bool = Field(
        False, alias="callbackStages", description="Also POST when it starts rendering (`render.rendering`)."
    )


@router.post("/lambda")
def create_render(body: RenderRequest, request: Request, account: CurrentAccount, ctx: Context) -> Envelope[Render]:
    """Export the session as it is now; returns at once. Poll `GET /lambda/{id}` until `completed`."""
    names = {option.name for option in OUTPUT_OPTIONS}
    changes = body.model_dump(include=names, exclude_none=True)
    if body.output is not None:
        changes.update(body.output.model_dump(exclude_none=True))
    job = exports.start(
        ctx, account, body.session_id, body.id, SetOutput(**changes), body.callback, body.callback_stages
    )
    return ok(Render.of(ctx, request.app, job, webhooks.deliveries_of(ctx, job)))


@router.get("/lambda/{render_id}")
def get_render(render_id: str, request: Request, account: CurrentAccount, ctx: Context) -> Envelope[Render]:
    """`queued` → `rendering` (with `progress` 0-100) → `completed` (with `output.url`) or `failed` (`error`)."""
    job = exports.get(ctx, account, render_id)
    return ok(Render.of(ctx, request.app, job, webhooks.deliveries_of(ctx, job)))


@router.get("/lambda/{render_id}/preview")
def get_preview(render_id: str, request: Request, account: CurrentAccount, ctx: Context) -> Envelope[Preview]:
    """Watch the export while it renders: its leading finished chunks, each a fragmented MP4 to append to a Media
    Source at its start time. 404 when the export is queued, failed, or renders in one piece (WebM, GIF)."""
    return ok(Preview.of(ctx, request.app, previews.preview(ctx, account, render_id)))


@router.delete("/lambda/{render_id}")
def cancel_render(render_id: str, request: Request, account: CurrentAccount, ctx: Context) -> Envelope[Render]:
    """Cancel an export: it stops (`failed`, "the export was cancelled") and its slot frees at once."""
    job = exports.cancel(ctx, account, render_id)
    return ok(Render.of(ctx, request.app, job, webhooks.deliveries_of(ctx, job)))
