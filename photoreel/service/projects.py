"""Sessions (projects): one timeline being edited, its uploads and its exports, owned by one token."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoreel.errors import BadRequest, NotFound
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
        raise NotFound("session not found; create a new one at /api/tasks/me/with-session/nemo_agent")
    return project


def timeline(project: Project) -> Timeline:
    return from_draft(project.draft)


def save_timeline(project: Project, value: Timeline) -> None:
    project.draft = to_draft(value)
    project.revision += 1
    project.updated_at = utcnow()


def _orientation(item: MediaItem) -> str | None:
    if not item.width or not item.height:
        return None
    if item.width == item.height:
        return "square"
    return "landscape" if item.width > item.height else "portrait"


def media_info(item: MediaItem) -> dict[str, Any]:
    clip = {}
    facts = item.facts or {}
    if item.kind == "video":
        clip = {key: facts.get(key) for key in ("fps", "rotation", "hdr", "codec", "bit_depth")}
        clip["has_audio"] = item.has_audio
    elif item.kind == "audio":
        clip = {"bpm": facts.get("bpm")}
    elif item.kind == "image":
        # What "the blue one" or "the photo of the two of us" is matched against.
        clip = {"colours": facts.get("colours") or [], "faces": len(facts.get("faces") or ())}
    return {
        "id": item.id,
        "kind": item.kind,
        "format": item.format,
        "name": item.name,
        "width": item.width,
        "height": item.height,
        "duration": item.duration_ms / 1000 if item.duration_ms is not None else None,
        "orientation": _orientation(item),
        "size": item.size_bytes,
        "taken_at": item.taken_at,
        **clip,
    }


def state(db: Session, project: Project, describe_job: Any, thumbnail_url: Any = lambda _item: None) -> dict[str, Any]:
    """The seed's state: draft, video_infos, generated_media (plus a readable summary)."""
    media = db.scalars(select(MediaItem).where(MediaItem.session_id == project.id).order_by(MediaItem.created_at))
    jobs = db.scalars(select(RenderJob).where(RenderJob.session_id == project.id).order_by(RenderJob.created_at))
    return {
        "session_id": project.id,
        "task_id": project.task_id,
        "state": {
            "draft": project.draft,
            "video_infos": [{**media_info(m), "thumbnail": thumbnail_url(m)} for m in media],
            "generated_media": [describe_job(j) for j in jobs],
        },
        "summary": summarize(timeline(project)),
    }
