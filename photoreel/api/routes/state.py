from __future__ import annotations

from fastapi import APIRouter, Request

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.responses import Deleted, Envelope, State, ok
from photoreel.service import sessions

router = APIRouter(prefix="/api/state", tags=["state"])


@router.delete("/{app_name}/me/{session_id}")
def delete_session(app_name: str, session_id: str, account: CurrentAccount, ctx: Context) -> Envelope[Deleted]:
    """Delete the session, its uploads and its videos (not in the seed; additive): to make room under the storage
    quota. 409 while one of its exports is queued or rendering."""
    return ok(Deleted(session_id=session_id, files_removed=sessions.delete_session(ctx, account, session_id)))


@router.get("/{app_name}/me/{session_id}")
def session_state(
    app_name: str, session_id: str, request: Request, account: CurrentAccount, ctx: Context
) -> Envelope[State]:
    """The session's draft (compact timeline), its uploads (`video_infos`) and exports (`generated_media`)."""
    return ok(State.of(ctx, request.app, sessions.session_state(ctx, account, session_id)))
