"""Plays the conversation corpus (tests/agent/talk/*.json, see its README) against the rule-based interpreter.

Each case starts from the same five-photo project, sends its earlier messages and then the one checked, carrying
the agent's memory and an undo history from turn to turn as the service does, and is judged on the timeline it
leaves. A fifth of the cases, chosen by a hash, is held out: `python -m tests.agent.conversation` prints both
scores and the tuned part's misses only.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from photoreel.agent import Command, Edit, Memory, RuleBasedInterpreter, View
from photoreel.agent.plan import QUESTIONS, Plan
from photoreel.errors import PhotoreelError
from photoreel.media.library import by_id, catalogue
from photoreel.timeline import AudioSegment, ClipSegment, MediaRef, PhotoSegment, TextSegment, Timeline, apply, ops

TALK = Path(__file__).parent / "talk"
# (file name, size, colours, exposure, faces, taken) per the README's table
PHOTOS = (
    ("p1", "IMG_2041.jpg", (4000, 3000), ("blue",), 0.78, 0, "2024-07-03T10:00:00"),
    ("p2", "IMG_2042.jpg", (3000, 4000), ("green",), 0.5, 2, "2024-07-03T14:00:00"),
    ("p3", "sunset.jpg", (3000, 4000), ("red", "orange"), 0.45, 0, "2024-07-01T19:30:00"),
    ("p4", "IMG_2050.heic", (3024, 4032), ("yellow",), 0.8, 1, "2024-07-05T09:00:00"),
    ("p5", "dinner.jpg", (3000, 4000), ("orange", "brown"), 0.2, 4, "2024-07-04T20:00:00"),
)
COLOUR_HEX = {
    "white": "#ffffff",
    "black": "#000000",
    "red": "#ff0000",
    "yellow": "#ffff00",
    "green": "#00ff00",
    "blue": "#0000ff",
    "orange": "#ffa500",
    "pink": "#ffc0cb",
    "purple": "#800080",
    "gold": "#ffd700",
    "gray": "#808080",
    "grey": "#808080",
    "cyan": "#00ffff",
}


def _face(i: int) -> tuple[float, float, float, float]:
    return (0.1 + 0.2 * i, 0.3, 0.12, 0.16)


def project(context: list[str] | str | None) -> Timeline:
    tags = [context] if isinstance(context, str) else list(context or [])
    tl = Timeline()
    for pid, name, (w, h), colours, exposure, faces, taken in PHOTOS:
        ref = MediaRef(
            pid,
            "image",
            name,
            w,
            h,
            taken_at=taken,
            exposure=exposure,
            colours=colours,
            faces=tuple(_face(i) for i in range(faces)),
            sharpness=200.0,
        )
        tl = apply(tl, ops.AddMedia(ref))
    tl = apply(tl, ops.AddPhotos(tuple(p[0] for p in PHOTOS)))
    song = MediaRef("song", "audio", "lofi.mp3", duration_ms=60_000, has_audio=True, bpm=100.0, first_beat_ms=120.0)
    tl = apply(tl, ops.AddMedia(song))
    if "music" in tags:
        tl = apply(tl, ops.SetMusic(AudioSegment("song", volume=0.8)))
    if "clip" in tags:
        clip = MediaRef("c1", "video", "beach.mp4", 1920, 1080, duration_ms=10_000, has_audio=True, fps=30.0)
        tl = apply(apply(tl, ops.AddMedia(clip)), ops.AddClip("c1"))
    if "title" in tags:
        tl = apply(tl, ops.AddText(TextSegment("Summer Trip", 0, 3000)))
    if "caption" in tags:
        tl = apply(tl, ops.AddText(TextSegment("Day one", 0, 3000, role="caption", position="bottom", size=0.05)))
    return tl


@dataclass
class Session:
    """A conversation as the service keeps it: the timeline, the agent's memory, undo and redo."""

    timeline: Timeline
    memory: Memory = field(default_factory=Memory)
    undo: list[Timeline] = field(default_factory=list)
    redo: list[Timeline] = field(default_factory=list)

    def send(self, message: str) -> Plan:
        previous = self.undo[-1] if self.undo else None
        view = View(self.timeline, library=catalogue(), seed="talk", memory=self.memory, previous=previous)
        plan = RuleBasedInterpreter().interpret(message, view)
        self.memory = plan.memory
        before = tl = self.timeline
        for step in plan.steps:
            if isinstance(step, Edit):
                try:
                    tl = apply(tl, step.op)
                except PhotoreelError:
                    continue  # refused: changes nothing, as in the service
            elif step.name in ("undo", "redo"):
                source, target = (self.undo, self.redo) if step.name == "undo" else (self.redo, self.undo)
                if tl != before:
                    self.undo.append(before)
                    before = tl
                if source:
                    target.append(tl)
                    tl = before = source.pop()
        if tl != before:
            self.undo.append(before)
            self.redo.clear()
        self.timeline = tl
        return plan


def _text(tl: Timeline, content: str) -> TextSegment | None:
    return next((t for t in tl.texts if t.text == content), None)


def _window(tl: Timeline, media_id: str) -> tuple[int, int] | None:
    t = 0
    for seg in tl.segments:
        if seg.media_id == media_id:
            return t, t + seg.duration_ms
        t += seg.duration_ms
    return None


def _within(value: float | None, bounds: list[float]) -> bool:
    return value is not None and bounds[0] - 1e-6 <= value <= bounds[1] + 1e-6


def check(tl: Timeline, before: Timeline, plan: Plan, expect: dict[str, Any]) -> list[str]:
    """The expectations the timeline (and the last reply) do not meet; empty when it meets them all."""
    photos = [s for s in tl.segments if isinstance(s, PhotoSegment)]
    clips = [s for s in tl.segments if isinstance(s, ClipSegment)]
    durations = {s.media_id: s.duration_ms for s in tl.segments}
    misses: list[str] = []

    def need(ok: bool, key: str, want: Any, have: Any) -> None:
        if not ok:
            misses.append(f"{key}: wanted {want!r}, got {have!r}")

    for key, want in expect.items():
        if key == "aspect":
            need(tl.output.aspect == want, key, want, tl.output.aspect)
        elif key == "fps":
            need(tl.output.fps == want, key, want, tl.output.fps)
        elif key == "resolution":
            need(tl.output.resolution == want, key, want, tl.output.resolution)
        elif key == "look":
            need((tl.look or "none") == want, key, want, tl.look)
        elif key in ("transition", "motion", "fit"):
            segs = tl.segments if key != "motion" else photos
            have = {s.transition.name if key == "transition" else getattr(s, key) for s in segs}
            need(have == {want}, key, want, have)
        elif key == "photo_ms":
            have = {s.duration_ms for s in photos}
            need(have == {want}, key, want, have)
        elif key == "photo_ms_between":
            have = {s.duration_ms for s in photos}
            need(all(_within(v, want) for v in have), key, want, have)
        elif key == "photo_ms_of":
            have = {k: durations.get(k) for k in want}
            need(have == want, key, want, have)
        elif key == "photo_ms_of_between":
            have = {k: durations.get(k) for k in want}
            need(all(_within(have[k], b) for k, b in want.items()), key, want, have)
        elif key == "total_ms":
            need(tl.duration_ms == want, key, want, tl.duration_ms)
        elif key == "total_ms_between":
            need(_within(tl.duration_ms, want), key, want, tl.duration_ms)
        elif key in ("order", "first", "last"):
            order = [s.media_id for s in tl.segments]
            have = order if key == "order" else (order[0] if key == "first" else order[-1]) if order else None
            need(have == want, key, want, have)
        elif key == "removed":
            on = {s.media_id for s in tl.segments}
            need(not (set(want) & on), key, want, sorted(on))
        elif key == "photo_count":
            need(len(photos) == want, key, want, len(photos))
        elif key in ("music", "music_volume", "music_volume_between"):
            segment = tl.music[0] if tl.music else None
            if key == "music":
                track = by_id(segment.media_id) if segment else None
                have = "none" if segment is None else f"library:{track.mood}" if track else segment.media_id
                ok = have.startswith("library:") if want == "library" else have == want
                need(ok, key, want, have)
            else:
                have = segment.volume if segment else None
                ok = _within(have, want) if key.endswith("between") else have is not None and abs(have - want) < 0.011
                need(ok, key, want, have)
        elif key == "titles":
            have = [t.text for t in tl.texts]
            need(have == want, key, want, have)
        elif key == "text_style":
            text = _text(tl, want["text"]) if "text" in want else (tl.texts[-1] if tl.texts else None)
            if text is None:
                need(False, key, want, [t.text for t in tl.texts])
                continue
            ok = True
            if "size_between" in want:
                ok &= _within(text.size, want["size_between"])
            if "color" in want:
                ok &= text.color.lower() in (want["color"].lower(), COLOUR_HEX.get(want["color"].lower(), "?"))
            for attr in ("position", "role"):
                if attr in want:
                    ok &= getattr(text, attr) == want[attr]
            need(ok, key, want, text)
        elif key == "text_on":
            for content, media_id in want.items():
                text, window = _text(tl, content), _window(tl, media_id)
                ok = text is not None and window is not None and window[0] <= text.start_ms < window[1]
                need(ok, key, {content: media_id}, (text and text.start_ms, window))
        elif key == "clip_volume":
            have = clips[0].volume if clips else None
            need(have is not None and abs(have - want) < 0.011, key, want, have)
        elif key == "clip_ms":
            have = clips[0].duration_ms if clips else None
            need(have == want, key, want, have)
        elif key == "unchanged":
            need((tl == before) == want, key, want, "changed" if tl != before else "unchanged")
        elif key == "asks":
            asked = any(isinstance(s, Command) and s.name in QUESTIONS for s in plan.steps)
            need(asked and tl == before, key, want, [getattr(s, "name", s) for s in plan.steps])
        else:
            misses.append(f"unknown expectation {key!r}")
    return misses


def load() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(TALK.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            cases.append({**case, "file": path.name})
    return cases


def held_out(case: dict[str, Any]) -> bool:
    """One case in five, by a hash of what it says and what came before: never seen while tuning."""
    key = json.dumps([case.get("before", []), case["say"], case.get("context") or []], ensure_ascii=False)
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 5 == 0


def play(case: dict[str, Any]) -> list[str]:
    session = Session(project(case.get("context")))
    for message in case.get("before", []):
        session.send(message)
    before = session.timeline
    plan = session.send(case["say"])
    return check(session.timeline, before, plan, case["expect"])


def score(cases: list[dict[str, Any]]) -> tuple[float, list[str]]:
    failures = []
    for case in cases:
        misses = play(case)
        if misses:
            said = " / ".join([*case.get("before", []), case["say"]])
            failures.append(f"[{case['file']}] {said!r} {case.get('context') or ''}: {'; '.join(misses)}")
    return (1 - len(failures) / len(cases)) if cases else 1.0, failures


def is_chinese(case: dict[str, Any]) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in case["say"])


if __name__ == "__main__":
    cases = load()
    tuned = [c for c in cases if not held_out(c)]
    held = [c for c in cases if held_out(c)]
    t_score, t_fail = score(tuned)
    h_score, _ = score(held)
    zh = sum(map(is_chinese, cases))
    print(f"{len(cases)} cases, {zh} Chinese ({zh / max(1, len(cases)):.0%})")
    print(f"tuned:    {t_score:.1%} of {len(tuned)}")
    print(f"held out: {h_score:.1%} of {len(held)} (misses not shown)")
    if "-v" in sys.argv:
        print("\n".join(t_fail))
