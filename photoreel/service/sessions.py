"""Video sessions (the seed's "session"; its `task_id` names the same thing): one timeline being edited, its
uploads and its exports, owned by one token."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from photoreel.config import Settings
from photoreel.errors import BadRequest, Conflict, DraftTooLarge, SessionNotFound
from photoreel.renders.states import JobStatus
from photoreel.service.context import AppContext
from photoreel.store import blobs
from photoreel.store.models import Account, MediaItem, RenderJob, VideoSession, utcnow
from photoreel.timeline import Timeline, from_draft, summarize, to_draft

LANGUAGES = ("en", "zh")


def create(db: Session, account: Account, task_name: str = "project", language: str = "en") -> VideoSession:
    language = (language or "en").lower()
    if language.startswith("zh"):
        language = "zh"
    elif language not in LANGUAGES:
        language = "en"
    if len(task_name or "") > 200:
        raise BadRequest("task_name is too long (200 characters at most)")
    session = VideoSession(
        id=f"sess_{uuid.uuid4().hex}",
        task_id=f"task_{uuid.uuid4().hex}",
        account_id=account.id,
        task_name=task_name or "project",
        language=language,
        draft=to_draft(Timeline()),
    )
    db.add(session)
    db.flush()
    return session


def get(db: Session, account: Account, session_id: str, *, for_update: bool = False) -> VideoSession:
    """The account's session, or NotFound (1002): another token's session looks exactly like a missing one."""
    query = select(VideoSession).where(VideoSession.id == session_id, VideoSession.account_id == account.id)
    if for_update:
        query = query.with_for_update()
    session = db.scalar(query)
    if session is None:
        raise SessionNotFound("session not found")
    return session


def timeline(session: VideoSession) -> Timeline:
    return from_draft(session.draft, trusted=True)


def check_size(settings: Settings, value: Timeline) -> None:
    """DraftTooLarge (400, naming the limit) for a timeline past what one session may hold: a long message must
    not buy hundreds of titles for one credit, nor make every later turn slow."""
    if len(value.texts) > settings.max_texts:
        raise DraftTooLarge(f"a video may have at most {settings.max_texts} titles and captions")
    if len(value.segments) > settings.max_segments:
        raise DraftTooLarge(f"a video may have at most {settings.max_segments} photos and clips")
    size = len(json.dumps(to_draft(value), ensure_ascii=False).encode())
    if size > settings.max_draft_bytes:
        raise DraftTooLarge(f"the timeline would be {size // 1024} KB; at most {settings.max_draft_bytes // 1024} KB")


def bounded_history(drafts: list[Any], settings: Settings, most: int) -> list[Any]:
    """The newest `most` drafts that together stay within `max_history_bytes` (the oldest go first)."""
    kept: list[Any] = []
    total = 0
    for draft in reversed(drafts[-most:]):
        total += len(json.dumps(draft, ensure_ascii=False).encode())
        if total > settings.max_history_bytes and kept:
            break
        kept.append(draft)
    return kept[::-1]


def save_timeline(session: VideoSession, value: Timeline) -> None:
    session.draft = to_draft(value)
    session.revision += 1
    session.updated_at = utcnow()


@dataclass(frozen=True)
class SessionState:
    """A session as the seed's state shows it: its timeline (draft), uploads and exports, plus a summary."""

    session: VideoSession
    media: list[MediaItem]
    renders: list[RenderJob]
    summary: str


def state(db: Session, session: VideoSession) -> SessionState:
    media = db.scalars(select(MediaItem).where(MediaItem.session_id == session.id).order_by(MediaItem.created_at))
    jobs = db.scalars(select(RenderJob).where(RenderJob.session_id == session.id).order_by(RenderJob.created_at))
    return SessionState(session, list(media), list(jobs), summarize(timeline(session)))


# --- use cases (each owns its transaction) ----------------------------------------------------------------


def open_session(ctx: AppContext, account: Account, task_name: str = "project", language: str = "en") -> VideoSession:
    with ctx.database.begin() as db:
        return create(db, account, task_name, language)


def check_access(ctx: AppContext, account: Account, session_id: str) -> None:
    """SessionNotFound (1002) unless the account owns the session: checked before a body is read or a stream
    starts."""
    with ctx.read() as db:
        get(db, account, session_id)


def session_state(ctx: AppContext, account: Account, session_id: str) -> SessionState:
    with ctx.read() as db:
        return state(db, get(db, account, session_id))


def delete_session(ctx: AppContext, account: Account, session_id: str) -> int:
    """Delete one of the account's sessions with its uploads, thumbnails and videos (to make room under the
    storage quota, or because the owner wants them gone); how many files went. Refused while an export of it is
    queued or rendering: cancel that first."""
    check_access(ctx, account, session_id)
    removed = remove_session(ctx, session_id)
    if removed is None:
        raise Conflict("an export of this session is still rendering; cancel it or wait for it, then delete")
    return removed


def remove_session(ctx: AppContext, session_id: str) -> int | None:
    """Delete one session's rows, then its files; None when a render of it is in flight."""
    in_flight = select(RenderJob.id).where(
        RenderJob.session_id == session_id, RenderJob.status.not_in([s for s in JobStatus if s.finished])
    )
    with ctx.database.begin() as db:
        # The row lock makes a new export of this session wait for us (it locks the same row), so nothing
        # can start on a session while it is being removed.
        if db.scalar(select(VideoSession.id).where(VideoSession.id == session_id).with_for_update()) is None:
            return 0
        if db.scalar(select(exists(in_flight))):
            return None
        keys = [
            blobs.media_key(m.session_id, m.stored_name)
            for m in db.scalars(select(MediaItem).where(MediaItem.session_id == session_id))
        ]
        keys += [
            blobs.thumb_key(m_id) for m_id in db.scalars(select(MediaItem.id).where(MediaItem.session_id == session_id))
        ]
        renders = list(db.scalars(select(RenderJob).where(RenderJob.session_id == session_id)))
        keys += [blobs.render_key(job.output_name) for job in renders if job.output_name]
        db.execute(delete(VideoSession).where(VideoSession.id == session_id))  # media, renders and chunks cascade
    removed = 0
    for key in keys:
        if ctx.blobs.exists(key):
            ctx.blobs.delete(key)
            removed += 1
    for job in renders:
        ctx.blobs.delete_prefix(f"chunks/{job.id}/")
    ctx.blobs.delete_prefix(f"media/{session_id}/")
    return removed
