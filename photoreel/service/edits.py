"""Edits made by hand (the web page's controls, a drag, a delete), and the undo history they share with
instructions: the same `EditOp` values as words become, applied by the same `apply`, kept on the same undo stack.

What a hand edit costs: nothing. The seed charges an instruction turn for understanding what was meant; a drag
or a slider says exactly what it means, so it needs no understanding and is not a conversation. Exports cost what
they always did, so a free edit never buys a free video; the request rate limit and the timeline's size limits
bound hand edits as they bound every request."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Literal

from photoreel.agent import Edit, Memory
from photoreel.agent.dialogue import remember
from photoreel.agent.text import Clause
from photoreel.config import Settings
from photoreel.errors import BadRequest, Conflict, TimelineError
from photoreel.service import sessions
from photoreel.service.context import AppContext
from photoreel.store.models import Account, VideoSession
from photoreel.timeline import ClipSegment, Timeline, apply, from_draft, summarize, to_draft
from photoreel.timeline.op_json import op_from_json
from photoreel.timeline.ops import AddClip, AddMedia, AddPhotos, EditOp

MAX_UNDO = 30
MAX_OPS_PER_REQUEST = 50
History = Literal["undo", "redo"]


@dataclass(frozen=True)
class Edited:
    """A session's timeline after a hand edit, undo or redo: what the page redraws from."""

    revision: int
    summary: str
    draft: dict[str, Any]
    undo_steps: int
    redo_steps: int
    changed: bool


def _keep_media(restored: Timeline, current: Timeline) -> Timeline:
    """Undo and redo never forget an upload made since: its media stays known, and a photo or clip it put on the
    video stays there (at the end), so a click on Undo after an upload takes back the edit, not the upload."""
    for ref in current.media:
        if ref.id in restored.media_by_id:
            continue
        restored = apply(restored, AddMedia(ref))
        for segment in current.segments:
            if segment.media_id != ref.id:
                continue
            if isinstance(segment, ClipSegment):
                op: EditOp = AddClip(ref.id, duration_ms=segment.duration_ms, in_ms=segment.in_ms)
            else:
                op = AddPhotos((ref.id,), duration_ms=segment.duration_ms)
            with contextlib.suppress(TimelineError):  # one that no longer fits (its transitions) stays media only
                restored = apply(restored, op)
    return restored


def commit(settings: Settings, session: VideoSession, before: Timeline, after: Timeline) -> None:
    """Save `after` as the session's timeline; `before` becomes the newest undo step and redo is cleared."""
    session.undo_stack = sessions.bounded_history([*session.undo_stack, to_draft(before)], settings, MAX_UNDO)
    session.redo_stack = []
    sessions.save_timeline(session, after)


def step_history(settings: Settings, session: VideoSession, name: History) -> Timeline | None:
    """Undo or redo: swap the current draft with the newest one on the matching stack and save it; None (and
    nothing changed) when that stack is empty."""
    source, target = (
        (session.undo_stack, session.redo_stack) if name == "undo" else (session.redo_stack, session.undo_stack)
    )
    if not source:
        return None
    stack = list(source)
    previous = stack.pop()
    current = sessions.timeline(session)
    restored = _keep_media(from_draft(previous, trusted=True), current)
    moved = sessions.bounded_history([*target, to_draft(current)], settings, MAX_UNDO)
    if name == "undo":
        session.undo_stack, session.redo_stack = stack, moved
    else:
        session.redo_stack, session.undo_stack = stack, moved
    sessions.save_timeline(session, restored)
    return restored


def _edited(session: VideoSession, changed: bool) -> Edited:
    return Edited(
        revision=session.revision,
        summary=summarize(sessions.timeline(session)),
        draft=session.draft,
        undo_steps=len(session.undo_stack),
        redo_steps=len(session.redo_stack),
        changed=changed,
    )


def _check_revision(session: VideoSession, revision: int | None) -> None:
    # Hand edits name photos by position: applied to a timeline that changed meanwhile (another tab, an
    # instruction, an upload), "remove 3" could remove another photo than the one the person saw.
    if revision is not None and revision != session.revision:
        raise Conflict(
            f"the timeline changed since it was loaded (revision {session.revision}, not {revision}); "
            "reload it and try again"
        )


def _remembered(op: EditOp, before: Timeline, memory: Memory) -> Memory:
    """What the conversation knows after a hand edit, as if the edit had been said: after photo 2's fit is changed
    by hand, "make it longer" means photo 2. No clause is kept, so "actually 5" cannot redo an older typed edit;
    an edit about no one thing (the output, every photo) leaves the subject as it was."""
    said = remember(Clause("", ()), [Edit(op)], before, Memory())
    if said.subject:
        return said
    index = getattr(op, "index", None)
    if isinstance(index, int) and 0 <= index < len(before.segments):
        noun = "clip" if isinstance(before.segments[index], ClipSegment) else "photo"
        return Memory(subject=noun, subject_index=index)
    return Memory(subject=memory.subject, subject_index=memory.subject_index, reference=memory.reference)


def apply_edits(
    ctx: AppContext, account: Account, session_id: str, requested: list[dict[str, Any]], revision: int | None
) -> Edited:
    """Apply `requested` ops (`{"op": name, "args": {...}}`) in order, all or none: one undo step, no charge.
    TimelineError (400) names the first op that cannot be applied; Conflict (409) when `revision` is stale."""
    if not requested:
        raise BadRequest('send {"ops": [{"op": "SetPhotoDuration", "args": {"duration_ms": 4000, "index": 0}}]}')
    if len(requested) > MAX_OPS_PER_REQUEST:
        raise BadRequest(f"at most {MAX_OPS_PER_REQUEST} edits per request")
    parsed = [op_from_json(str(item.get("op", "")), item.get("args")) for item in requested]
    with ctx.database.begin() as db:
        session = sessions.get(db, account, session_id, for_update=True)
        _check_revision(session, revision)
        before = timeline = sessions.timeline(session)
        for op in parsed:
            last_before, timeline = timeline, apply(timeline, op)  # TimelineError rolls the request back
            sessions.check_size(ctx.settings, timeline)  # after each: fifty ops may not build a huge draft first
        changed = timeline != before
        if changed:
            commit(ctx.settings, session, before, timeline)
            session.memory = _remembered(parsed[-1], last_before, Memory.from_json(session.memory)).to_json()
        return _edited(session, changed)


def undo_or_redo(ctx: AppContext, account: Account, session_id: str, name: History, revision: int | None) -> Edited:
    """Undo or redo the newest step, whether it was made by words or by hand (free, as undo by words is)."""
    with ctx.database.begin() as db:
        session = sessions.get(db, account, session_id, for_update=True)
        _check_revision(session, revision)
        restored = step_history(ctx.settings, session, name)
        if restored is not None:
            session.memory = Memory().to_json()
        return _edited(session, restored is not None)
