"""How much an account stores, against its quota (`PHOTOREEL_STORAGE_QUOTA_MB`): its uploads and its finished
videos. An upload that would go over it is refused, as is an export once the account is over it; deleting a
session (or its expiry) makes room."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from photoreel.config import Settings
from photoreel.errors import PlanLimit
from photoreel.store.models import Account, MediaItem, RenderJob, VideoSession


def stored_bytes(db: Session, account_id: str) -> int:
    media = db.scalar(
        select(func.coalesce(func.sum(MediaItem.size_bytes), 0))
        .join(VideoSession, MediaItem.session_id == VideoSession.id)
        .where(VideoSession.account_id == account_id)
    )
    videos = db.scalar(
        select(func.coalesce(func.sum(RenderJob.output_size), 0)).where(RenderJob.account_id == account_id)
    )
    return int(media or 0) + int(videos or 0)


def check_room(settings: Settings, db: Session, account: Account, adding_bytes: int) -> None:
    """PlanLimit (402) when `adding_bytes` more would take the account over its quota (an app's own, or the
    server's)."""
    quota = (account.storage_quota_mb or settings.storage_quota_mb) * 1024 * 1024
    used = stored_bytes(db, account.id)
    if used + adding_bytes > quota:
        raise PlanLimit(
            f"your storage is full: {_mb(used)} of {_mb(quota)} used"
            + (f", and this needs {_mb(adding_bytes)}" if adding_bytes else "")
            + "; delete a session you no longer need to make room"
        )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 10 * 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
