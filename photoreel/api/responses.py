"""What every route answers, as response models (so OpenAPI shows the real shapes and a typed client can be made
from it), and how each is made from the service's domain values. The seed's field names are kept: snake_case
where it uses snake_case, camelCase for the render job (`sessionId`, `createdAt`, `contentType`) and for the
agent's events (Google ADK's Event JSON)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer
from pydantic.alias_generators import to_camel

from photoreel.api import urls
from photoreel.renders.states import JobStatus
from photoreel.service import previews, webhooks
from photoreel.service.context import AppContext
from photoreel.service.credits import Balance
from photoreel.service.edits import Edited as EditedTimeline
from photoreel.service.sessions import SessionState
from photoreel.service.uploads import FileResult
from photoreel.store.models import Account, MediaItem, RenderJob, VideoSession
from photoreel.timeline.effects import FITS, LOOKS, MOTIONS, POSITIONS, TEXT_ROLES, TRANSITIONS
from photoreel.timeline.op_json import EDITS
from photoreel.timeline.output import OUTPUT_OPTIONS

Data = TypeVar("Data")

CONTENT_TYPES = {
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "mkv": "video/x-matroska",
    "webm": "video/webm",
    "gif": "image/gif",
}


class Envelope(BaseModel, Generic[Data]):
    """Every JSON reply: code 0 is success, else the error's code (4001, 4002, ...)."""

    code: int = 0
    message: str = "success"
    data: Data


def ok(data: Data, message: str = "success") -> Envelope[Data]:
    return Envelope[Data](code=0, message=message, data=data)


class _Sparse(BaseModel):
    """A reply whose fields appear only where they apply (a photo has no `fps`, a refused file no `media`)."""

    @model_serializer(mode="wrap")
    def _only_set(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        fields = type(self).model_fields
        kept = {*self.model_fields_set, *(fields[n].alias for n in self.model_fields_set if fields[n].alias)}
        return {key: value for key, value in data.items() if key in kept}


class Deleted(BaseModel):
    session_id: str
    files_removed: int


class WebhookSecret(BaseModel):
    secret: str = Field(description="The key of the HMAC-SHA256 in each webhook's Photoreel-Signature header.")


class Health(BaseModel):
    status: str
    version: str


class Token(BaseModel):
    token: str
    token_type: str = "Bearer"
    expires_at: str
    credits: int

    @classmethod
    def of(cls, token: str, account: Account) -> Token:
        return cls(token=token, expires_at=account.expires_at.isoformat() + "Z", credits=account.available)


class SessionCreated(BaseModel):
    task_id: str
    session_id: str
    app_name: str

    @classmethod
    def of(cls, session: VideoSession, app_name: str) -> SessionCreated:
        return cls(task_id=session.task_id, session_id=session.id, app_name=app_name)


class CreditBalance(BaseModel):
    available: int
    frozen: int = Field(description="Held by work in flight.")
    total: int

    @classmethod
    def of(cls, balance: Balance) -> CreditBalance:
        return cls(available=balance.available, frozen=balance.frozen, total=balance.total)


class MediaInfo(_Sparse):
    """An upload as the seed's `video_infos` shows it; `fps` … `has_audio` for clips, `bpm` for music, `colours`
    and `faces` for photos (what "the blue one" is matched against)."""

    id: str
    kind: str = Field(description="image | video | audio")
    format: str
    name: str
    width: int | None
    height: int | None
    duration: float | None = Field(description="Seconds.")
    orientation: str | None = Field(description="landscape | portrait | square")
    size: int
    taken_at: str | None
    fps: float | None = None
    rotation: int | None = None
    hdr: bool | None = None
    codec: str | None = None
    bit_depth: int | None = None
    has_audio: bool | None = None
    bpm: float | None = None
    colours: list[str] | None = None
    faces: int | None = None
    thumbnail: str | None = Field(None, description="A signed link to a small JPEG (photos and clips).")

    @classmethod
    def of(cls, item: MediaItem) -> MediaInfo:
        """As an upload's reply shows it (no thumbnail: the session state has the signed links)."""
        facts = item.facts or {}
        extra: dict[str, Any] = {}
        if item.kind == "video":
            extra = {key: facts.get(key) for key in ("fps", "rotation", "hdr", "codec", "bit_depth")}
            extra["has_audio"] = item.has_audio
        elif item.kind == "audio":
            extra = {"bpm": facts.get("bpm")}
        elif item.kind == "image":
            extra = {"colours": facts.get("colours") or [], "faces": len(facts.get("faces") or ())}
        return cls(
            id=item.id,
            kind=item.kind,
            format=item.format,
            name=item.name,
            width=item.width,
            height=item.height,
            duration=item.duration_ms / 1000 if item.duration_ms is not None else None,
            orientation=_orientation(item),
            size=item.size_bytes,
            taken_at=item.taken_at,
            **extra,
        )


def _orientation(item: MediaItem) -> str | None:
    if not item.width or not item.height:
        return None
    if item.width == item.height:
        return "square"
    return "landscape" if item.width > item.height else "portrait"


class UploadedFile(_Sparse):
    """One file's outcome: `ok` with its `media` (and a `note`), or not, with the error's `code` and `message`."""

    name: str
    ok: bool
    media: MediaInfo | None = None
    note: str | None = None
    code: int | None = None
    message: str | None = None

    @classmethod
    def of(cls, result: FileResult) -> UploadedFile:
        if result.error is not None:
            return cls(name=result.name, ok=False, code=result.error.code, message=result.error.message)
        assert result.item is not None
        accepted = cls(name=result.name, ok=True, media=MediaInfo.of(result.item))
        if result.note is not None:
            accepted.note = result.note
        return accepted


class Uploaded(BaseModel):
    files: list[UploadedFile]


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class AgentEvent(_Camel, _Sparse):
    """One event of an instruction turn, in Google ADK's Event JSON: a tool call or result (`content`), the reply
    text (`content`, `turnComplete`), or an error (`errorCode`, `errorMessage`)."""

    id: str
    invocation_id: str
    author: str
    timestamp: float
    actions: dict[str, Any]
    content: dict[str, Any] | None = None
    error_code: str | None = None
    error_message: str | None = None
    turn_complete: bool | None = None


class RenderFile(_Camel):
    url: str = Field(description="A signed download link, valid for a day by default.")
    size: int | None
    duration: float = Field(description="Seconds.")
    format: str
    content_type: str


class WebhookAttempt(_Camel):
    at: str
    status: int | None = Field(description="The receiver's HTTP status; null when it could not be reached.")
    error: str | None


class WebhookDelivery(_Camel):
    event: str = Field(description="render.completed, render.failed or render.rendering.")
    delivered: bool
    gave_up: bool = Field(description="Still failing a day after the event: no more attempts.")
    next_attempt_at: str | None
    attempts: list[WebhookAttempt] = Field(description="The first and the latest attempts, oldest first.")


class RenderCallback(_Camel):
    url: str
    deliveries: list[WebhookDelivery]


class Render(_Camel):
    """An export: `queued` → `rendering` (with `progress` 0-100) → `completed` (with `output`) or `failed`."""

    id: str = Field(description="The client's id for the export.")
    session_id: str
    status: str
    progress: int
    format: str
    output: RenderFile | None
    error: str | None
    created_at: str
    callback: RenderCallback | None = Field(None, description="Where its status is POSTed, and each attempt so far.")
    preview_url: str | None = Field(
        None,
        description="While it renders in chunks (and after): the preview's manifest, whose leading finished chunks "
        "a browser can play (Media Source Extensions) before the whole file is ready. Not in the seed: additive.",
    )

    @classmethod
    def of(
        cls, ctx: AppContext, app: FastAPI, job: RenderJob, deliveries: list[webhooks.Delivery] | None = None
    ) -> Render:
        output = None
        if job.status == JobStatus.COMPLETED:
            output = RenderFile(
                url=urls.download_url(ctx, app, job),
                size=job.output_size,
                duration=(job.output_duration_ms or 0) / 1000,
                format=job.format,
                content_type=CONTENT_TYPES[job.format],
            )
        return cls(
            id=job.client_ref,
            session_id=job.session_id,
            status=job.status,
            progress=job.progress,
            format=job.format,
            output=output,
            error=job.error,
            created_at=job.created_at.isoformat() + "Z",
            preview_url=urls.preview_url(ctx, app, job) if previews.watchable(job) else None,
            callback=RenderCallback(
                url=job.callback_url,
                deliveries=[
                    WebhookDelivery(
                        event=d.event,
                        delivered=d.delivered,
                        gave_up=d.gave_up,
                        next_attempt_at=d.next_attempt_at,
                        attempts=[WebhookAttempt(at=a.at, status=a.status, error=a.error) for a in d.attempts],
                    )
                    for d in deliveries or []
                ],
            )
            if job.callback_url
            else None,
        )


class PreviewSegment(_Camel):
    url: str = Field(description="The chunk as a fragmented MP4 (a signed link, no token needed).")
    start: float = Field(description="Where it plays in the video, in seconds (MSE's `timestampOffset`).")
    duration: float = Field(description="Seconds.")


class Preview(_Camel):
    """An export's leading finished chunks, in order with no gap: append each to one SourceBuffer of type
    `mime`, at its `start`. Poll again for more until `complete`."""

    id: str
    status: str
    duration: float = Field(description="The whole video's length, in seconds.")
    mime: str | None = Field(description='e.g. video/mp4; codecs="avc1.64001F"; null until the first chunk is done.')
    segments: list[PreviewSegment]
    complete: bool = Field(description="Every second of the video is in `segments`.")

    @classmethod
    def of(cls, ctx: AppContext, app: FastAPI, found: previews.Preview) -> Preview:
        return cls(
            id=found.job.client_ref,
            status=found.job.status,
            duration=found.duration_s,
            mime=found.mime,
            segments=[
                PreviewSegment(
                    url=urls.preview_segment_url(ctx, app, found.job, s.index), start=s.start_s, duration=s.duration_s
                )
                for s in found.segments
            ],
            complete=found.complete,
        )


class StateBody(BaseModel):
    draft: dict[str, Any] = Field(description="The compact timeline (`t` tracks, `sg` segments, `m` metadata).")
    video_infos: list[MediaInfo]
    generated_media: list[Render]


class State(BaseModel):
    session_id: str
    task_id: str
    state: StateBody
    summary: str
    # Not in the seed (additive): what a GUI needs beside the draft.
    revision: int = Field(description="Changes with every edit; send it with a hand edit to refuse stale ones.")
    undo_steps: int
    redo_steps: int
    frame_url: str = Field(
        description="The signed link of frame previews: add `&t=<ms>` for the JPEG shown then (`&size=240` "
        "for a smaller one, `&rev=<revision>` to let the browser cache it)."
    )

    @classmethod
    def of(cls, ctx: AppContext, app: FastAPI, found: SessionState) -> State:
        session = found.session
        infos = [MediaInfo.of(m).model_copy(update={"thumbnail": urls.thumbnail_url(ctx, app, m)}) for m in found.media]
        return cls(
            session_id=session.id,
            task_id=session.task_id,
            state=StateBody(
                draft=session.draft,
                video_infos=infos,
                generated_media=[Render.of(ctx, app, job) for job in found.renders],
            ),
            summary=found.summary,
            revision=session.revision,
            undo_steps=len(session.undo_stack),
            redo_steps=len(session.redo_stack),
            frame_url=urls.frame_url(ctx, app, session.id),
        )


class OutputChoice(BaseModel):
    name: str
    values: list[Any]
    default: Any
    label: str
    label_zh: str


class Choices(BaseModel):
    """The values each control of an editor may take (one list for the page, the agent and the API)."""

    fits: list[str]
    motions: list[str]
    transitions: list[str]
    positions: list[str]
    roles: list[str]
    looks: list[str]
    edits: list[str] = Field(description="Every op name the edit endpoint takes.")
    output: list[OutputChoice]

    @classmethod
    def of_timeline(cls) -> Choices:
        return cls(
            fits=list(FITS),
            motions=list(MOTIONS),
            transitions=list(TRANSITIONS),
            positions=list(POSITIONS),
            roles=list(TEXT_ROLES),
            looks=list(LOOKS),
            edits=list(EDITS),
            output=[
                OutputChoice(name=o.name, values=list(o.values), default=o.default, label=o.label, label_zh=o.label_zh)
                for o in OUTPUT_OPTIONS
            ],
        )


class Edited(BaseModel):
    """The timeline after a hand edit, an undo or a redo."""

    session_id: str
    revision: int
    changed: bool = Field(description="False when nothing changed (an edit to the same value, nothing to undo).")
    summary: str
    draft: dict[str, Any]
    undo_steps: int
    redo_steps: int

    @classmethod
    def of(cls, session_id: str, edited: EditedTimeline) -> Edited:
        return cls(
            session_id=session_id,
            revision=edited.revision,
            changed=edited.changed,
            summary=edited.summary,
            draft=edited.draft,
            undo_steps=edited.undo_steps,
            redo_steps=edited.redo_steps,
        )
