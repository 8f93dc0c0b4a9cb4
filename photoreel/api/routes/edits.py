"""Edits by hand (not in the seed; additive): the web page's controls send the same edit operations the agent
makes of words, and step through the same undo history. They cost no credit (service/edits.py says why)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from photoreel.api.deps import Context, CurrentAccount
from photoreel.api.responses import Choices, Edited, Envelope, ok
from photoreel.service import edits

router = APIRouter(prefix="/api/edits", tags=["edits"])


class EditOp(BaseModel):
    op: str = Field(description="The edit's name, as in the agent's functionCall events (SetPhotoDuration, …).")
    args: dict[str, Any] = Field(default_factory=dict, description="Its arguments, as in those events' `args`.")


class EditRequest(BaseModel):
    ops: list[EditOp] = Field(
        max_length=edits.MAX_OPS_PER_REQUEST, description="Applied in order, all or none, as one undo step."
    )
    revision: int | None = Field(None, description="The revision the edit was made on; 409 if it is not current.")


class HistoryRequest(BaseModel):
    revision: int | None = None


@router.get("/choices")
def choices() -> Envelope[Choices]:
    """What each control may be set to: fits, motions, transitions, text positions, looks and output options."""
    return ok(Choices.of_timeline())


@router.post("/{app_name}/me/{session_id}")
def edit(app_name: str, session_id: str, body: EditRequest, account: CurrentAccount, ctx: Context) -> Envelope[Edited]:
    """Apply edits made by hand, e.g. `{"ops": [{"op": "MoveSegment", "args": {"source": 0, "target": 2}}]}`."""
    requested = [item.model_dump() for item in body.ops]
    return ok(Edited.of(session_id, edits.apply_edits(ctx, account, session_id, requested, body.revision)))


@router.post("/{app_name}/me/{session_id}/undo")
def undo(
    app_name: str, session_id: str, body: HistoryRequest, account: CurrentAccount, ctx: Context
) -> Envelope[Edited]:
    """Take back the newest change, made by words or by hand."""
    return ok(Edited.of(session_id, edits.undo_or_redo(ctx, account, session_id, "undo", body.revision)))


@router.post("/{app_name}/me/{session_id}/redo")
def redo(
    app_name: str, session_id: str, body: HistoryRequest, account: CurrentAccount, ctx: Context
) -> Envelope[Edited]:
    """Make again the change the last undo took back."""
    return ok(Edited.of(session_id, edits.undo_or_redo(ctx, account, session_id, "redo", body.revision)))
