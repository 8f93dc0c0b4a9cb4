"""Sessions (projects): one timeline being edited, its uploads and its exports, owned by one token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoreel.errors import BadRequest, SessionNotFound
from photoreel.service.context import AppContext
from photoreel.store.models import Account, MediaItem, Project, RenderJob, utcnow
from photoreel.timeline import Timeline, from_draft, summarize, to_draft

LANGUAGES = ("en", "zh")


def create(db: Session, account: Account, task_name: str = "project", language: str = "en") -> Project:
    language = (language or "en").lower()
    if language.startswith("zh"):
        language = "zh"
    elif language not in LANGUAGES:
        language = "en"
    if len(task_name or "") > 200:
        raise BadRequest("task_name is too long (200 characters at most)")
    project = Project(
        id=f"sess_{uuid.uuid4().hex}",
        task_id=f"task_{uuid.uuid4().hex}",
        account_id=account.id,
        task_name=task_name or "project",
        language=language,
        draft=to_draft(Timeline()),
    )
    db.add(project)
    db.flush()
    return project


def get(db: Session, account: Account, session_id: str, *, for_update: bool = False) -> Project:
    """The account's session, or NotFound (1002): another token's session looks exactly like a missing one."""
    query = select(Project).where(Project.id == session_id, Project.account_id == account.id)
    if for_update:
        query = query.with_for_update()
    project = db.scalar(query)
    if project is None:
        raise SessionNotFound("session not found")
    return project


def timeline(project: Project) -> Timeline:
    return from_draft(project.draft)


def save_timeline(project: Project, value: Timeline) -> None:
    project.draft = to_draft(value)
    project.revision += 1
    project.updated_at = utcnow()


@dataclass(frozen=True)
class SessionState:
    """A session as the seed's state shows it: its timeline (draft), uploads and exports, plus a summary."""

    project: Project
    media: list[MediaItem]
    renders: list[RenderJob]
    summary: str


def state(db: Session, project: Project) -> SessionState:
    media = db.scalars(select(MediaItem).where(MediaItem.session_id == project.id).order_by(MediaItem.created_at))
    jobs = db.scalars(select(RenderJob).where(RenderJob.session_id == project.id).order_by(RenderJob.created_at))
    return SessionState(project, list(media), list(jobs), summarize(timeline(project)))


# --- use cases (each owns its transaction) ----------------------------------------------------------------


def open_session(ctx: AppContext, account: Account, task_name: str = "project", language: str = "en") -> Project:
    with ctx.sessions.begin() as db:
        return create(db, account, task_name, language)


def check_access(ctx: AppContext, account: Account, session_id: str) -> None:
    """SessionNotFound (1002) unless the account owns the session: checked before a body is read or a stream
    starts."""
    with ctx.sessions() as db:
        get(db, account, session_id)


def session_state(ctx: AppContext, account: Account, session_id: str) -> SessionState:
    with ctx.sessions() as db:
        return state(db, get(db, account, session_id))
