from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.envelope import ok
from photoreel.service import exports, projects, thumbnails

router = APIRouter(prefix="/api/state", tags=["state"])


@router.get("/{app_name}/me/{session_id}")
def session_state(app_name: str, session_id: str, account: CurrentAccount, ctx: Context) -> dict[str, Any]:
    """The session's draft (compact timeline), its uploads (`video_infos`) and exports (`generated_media`)."""
    with ctx.sessions() as db:
        project = projects.get(db, account, session_id)
        return ok(
            projects.state(
                db, project, lambda job: exports.describe(ctx, job), lambda item: thumbnails.thumbnail_url(ctx, item)
            )
        )
