from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.responses import Envelope, SessionCreated, ok
from photoreel.service import sessions

router = APIRouter(prefix="/api/tasks", tags=["sessions"])


class SessionCreate(BaseModel):
    task_name: str = Field("project", max_length=200)
    language: str = Field("en", max_length=16)


@router.post("/me/with-session/{app_name}")
def create_session(
    app_name: str, body: SessionCreate, account: CurrentAccount, ctx: Context
) -> Envelope[SessionCreated]:
    """Open a session: an empty timeline that uploads and instructions fill."""
    session = sessions.open_session(ctx, account, body.task_name, body.language)
    return ok(SessionCreated.of(session, app_name))
