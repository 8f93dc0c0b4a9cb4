"""One instruction turn: words -> plan -> edits applied (and paid for) atomically -> events and a reply."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from photoreel.agent import Command, Edit, Interpreter, Memory, Plan, View
from photoreel.agent.replies import describe, help_text, not_understood, question
from photoreel.config import Settings
from photoreel.errors import OutOfCredits, PhotoreelError
from photoreel.media import library
from photoreel.service import credits, edits, exports, sessions
from photoreel.service.context import AppContext
from photoreel.store.models import Account, VideoSession
from photoreel.timeline import Timeline, apply, from_draft, summarize, to_draft

log = logging.getLogger("photoreel.agent")


@dataclass
class TurnEvent:
    """A step of the turn as the client sees it: a tool call, its result, the reply text, or an error."""

    kind: str  # "call" | "result" | "text" | "error"
    name: str = ""
    call_id: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    code: int = 0


@dataclass
class _Turn:
    zh: bool
    events: list[TurnEvent] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def call(self, name: str, args: dict[str, Any]) -> str:
        call_id = f"call_{uuid.uuid4().hex[:12]}"
        self.events.append(TurnEvent("call", name, call_id, args))
        return call_id

    def result(self, name: str, call_id: str, response: dict[str, Any]) -> None:
        self.events.append(TurnEvent("result", name, call_id, response))

    def say(self, en: str, zh: str) -> None:
        self.lines.append(zh if self.zh else en)


def _history(settings: Settings, session: VideoSession, turn: _Turn, name: edits.History) -> Timeline | None:
    """Undo or redo by words: the same history the page's buttons step through."""
    call_id = turn.call(name, {})
    restored = edits.step_history(settings, session, name)
    if restored is None:
        turn.result(name, call_id, {"ok": False, "error": f"nothing to {name}"})
        turn.say(f"There is nothing to {name}.", "没有可以" + ("撤销" if name == "undo" else "重做") + "的操作。")
        return None
    turn.result(name, call_id, {"ok": True, "summary": summarize(restored)})
    turn.say("Undone." if name == "undo" else "Redone.", "已撤销。" if name == "undo" else "已重做。")
    return restored


def run_turn(
    ctx: AppContext, account: Account, session_id: str, message: str, interpreter: Interpreter
) -> list[TurnEvent]:
    """Apply one message to the session. Edits and their charge commit together, or not at all."""
    try:
        turn, export_after = _apply_turn(ctx, account, session_id, message, interpreter)
    except OutOfCredits as exc:
        # The whole turn rolled back: nothing changed, nothing charged.
        return [TurnEvent("error", code=exc.code, text=exc.message)]
    if export_after:
        _export(ctx, account, session_id, turn)
    turn.events.append(TurnEvent("text", text="\n".join(turn.lines)))
    return turn.events


def _apply_turn(
    ctx: AppContext, account: Account, session_id: str, message: str, interpreter: Interpreter
) -> tuple[_Turn, bool]:
    export_after = False
    with ctx.database.begin() as db:
        session = sessions.get(db, account, session_id, for_update=True)
        before = at_start = sessions.timeline(session)
        edited = False  # an edit applied in this turn (undo and redo alone only return to a paid-for draft)
        memory = Memory.from_json(session.memory)
        previous = from_draft(session.undo_stack[-1], trusted=True) if session.undo_stack else None
        view = View(
            before, session.language, library=library.catalogue(), seed=session.id, memory=memory, previous=previous
        )
        plan: Plan = interpreter.interpret(message, view)
        if plan.memory != memory:
            session.memory = plan.memory.to_json()
        turn = _Turn(zh=plan.language == "zh")
        timeline = before
        history_changed = False
        for step in plan.steps:
            if isinstance(step, Edit):
                call_id = turn.call(step.op.op_name, step.op.arguments())
                found = timeline  # replies name what the edit touched as it was ("clip 4", not "photo 4")
                try:
                    result = apply(timeline, step.op)
                    sessions.check_size(ctx.settings, result)
                    timeline, edited = result, True
                except PhotoreelError as exc:
                    turn.result(step.op.op_name, call_id, {"ok": False, "error": exc.message})
                    turn.say(f"Could not do that: {exc.message}.", f"无法完成：{exc.message}。")
                    continue
                turn.result(step.op.op_name, call_id, {"ok": True})
                turn.lines.append(describe(step.op, turn.zh, found))
            elif step.name in ("undo", "redo"):
                if timeline != before:
                    # Undo within a message that also edits: settle the edits first.
                    edits.commit(ctx.settings, session, before, timeline)
                    before = timeline
                restored = _history(ctx.settings, session, turn, "undo" if step.name == "undo" else "redo")
                if restored is not None:
                    timeline = before = restored
                    history_changed = True
            else:
                export_after = _command(ctx, db, account, session, timeline, step, turn) or export_after
        if plan.not_understood:
            turn.lines.append(not_understood(plan, turn.zh))

        # Charged whenever the turn edits and leaves a draft other than the one it found, however it got there
        # ("add a title, undo, redo" pays for the title); undo and redo alone stay free.
        if edited and timeline != at_start:
            ref = f"turn:{session.id}:{session.revision}"
            credits.charge(db, ctx.settings, account, ctx.settings.instruction_cost, ref)  # OutOfCredits rolls back
        if timeline != before:
            edits.commit(ctx.settings, session, before, timeline)
        if timeline != before or history_changed:
            turn.say(f"Timeline: {summarize(timeline)}", f"时间线：{summarize(timeline)}")
    return turn, export_after


def _command(
    ctx: AppContext,
    db: Session,
    account: Account,
    session: VideoSession,
    timeline: Timeline,
    step: Command,
    turn: _Turn,
) -> bool:
    """Run a non-edit command; True when an export should start once the turn's edits are saved."""
    name = step.name
    if name == "export":
        return True
    call_id = turn.call(name, {})
    if name == "show":
        shown = {"ok": True, "summary": summarize(timeline), "draft": to_draft(timeline)}
        if timeline.segments and (frame := ctx.paths.frame(session.id)):
            shown["frameUrl"] = frame  # "preview in timeline": the picture at any time, `&t=<ms>` added
        turn.result(name, call_id, shown)
        turn.say(f"Timeline: {summarize(timeline)}", f"时间线：{summarize(timeline)}")
    elif name == "credits":
        balance = credits.balance(db, account)
        data = {"available": balance.available, "frozen": balance.frozen, "total": balance.total}
        turn.result(name, call_id, {"ok": True, **data})
        turn.say(
            f"Credits: {balance.available} available, {balance.frozen} frozen, {balance.total} in total.",
            f"积分：可用 {balance.available}，冻结 {balance.frozen}，共 {balance.total}。",
        )
    elif name == "upload":
        path = ctx.paths.upload(session.id)
        turn.result(name, call_id, {"ok": True, "endpoint": path})
        turn.say(
            f'Send photos or music to POST {path} as multipart files=@photo.jpg, or JSON {{"urls": [...]}}.',
            f'上传照片或音乐：POST {path}，multipart 方式 files=@photo.jpg，或 JSON {{"urls": [...]}}。',
        )
    elif name == "nothing":
        turn.result(name, call_id, {"ok": True})
        turn.say("OK — I left everything as it is.", "好的，先不做修改。")
    elif name == "need-music":
        turn.result(name, call_id, {"ok": False, "error": "no audio file uploaded"})
        turn.say(
            "Upload an audio file (mp3, wav, m4a or aac) first, then ask for music again.",
            "请先上传音频文件（mp3、wav、m4a 或 aac），再添加背景音乐。",
        )
    elif (asked := question(step, turn.zh)) is not None:
        # A note on what the edits did (which photos were left out and why), or a question when it was not
        # clear what was meant (which clip?) or there was nothing to act on: said, nothing changed by it.
        if name in ("left-out", "recipe", "photo-is"):
            turn.result(name, call_id, {"ok": True, "note": asked})
        else:
            turn.result(name, call_id, {"ok": False, "error": asked})
        turn.lines.append(asked)
    else:
        turn.result(name, call_id, {"ok": True})
        turn.lines.append(help_text(turn.zh))
    return False


def _export(ctx: AppContext, account: Account, session_id: str, turn: _Turn) -> None:
    call_id = turn.call("export", {"sessionId": session_id})
    try:
        job = exports.start(ctx, account, session_id, None)
    except PhotoreelError as exc:
        turn.result("export", call_id, {"ok": False, "code": exc.code, "error": exc.message})
        turn.say(f"Could not start the export: {exc.message}.", f"无法导出：{exc.message}。")
        return
    turn.result("export", call_id, {"ok": True, "id": job.client_ref, "status": job.status})
    status = ctx.paths.render_status(job.client_ref)
    turn.say(
        f"Export started: {job.client_ref}. Poll GET {status} until it is completed.",
        f"已开始导出：{job.client_ref}。请轮询 GET {status} 直到完成。",
    )
