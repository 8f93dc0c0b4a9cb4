"""The held-out corpus (heldout.json): instructions written by someone who never read the rules, judged on the
timeline they leave. It is scored, not tuned on: a case that fails here is not to be fixed by a rule written for
it (that would make it a tuned case). The score is reported in the README's agent section; this test only
guards it against falling."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from photoreel.agent import Edit, RuleBasedInterpreter, View
from photoreel.media.library import by_id, catalogue
from photoreel.timeline import AudioSegment, ClipSegment, MediaRef, PhotoSegment, Timeline, apply, ops

HELDOUT = json.loads((Path(__file__).parent / "heldout.json").read_text(encoding="utf-8"))
FLOOR = 0.80  # 86% when the set was written (69 of 80), less a margin; see README (agent)


def project(context: str | None) -> Timeline:
    tl = Timeline()
    for i in range(1, 6):
        tl = apply(
            tl, ops.AddMedia(MediaRef(f"p{i}", "image", f"IMG_{i}.jpg", 4000, 3000, taken_at=f"2024-07-0{i}T10:00:00"))
        )
    tl = apply(tl, ops.AddPhotos(tuple(f"p{i}" for i in range(1, 6))))
    song = MediaRef("song", "audio", "lofi.mp3", duration_ms=60_000, has_audio=True, bpm=100.0, first_beat_ms=120.0)
    tl = apply(tl, ops.AddMedia(song))
    if context == "music":
        tl = apply(tl, ops.SetMusic(AudioSegment("song", volume=0.8)))
    if context == "clip":
        clip = MediaRef("c1", "video", "beach.mp4", 1920, 1080, duration_ms=10_000, has_audio=True, fps=30.0)
        tl = apply(apply(tl, ops.AddMedia(clip)), ops.AddClip("c1"))
    return tl


def _on_beat(tl: Timeline) -> bool:
    if not tl.music:
        return False
    ref = tl.media_by_id[tl.music[0].media_id]
    if not ref.bpm:
        return False
    beat, t = 60_000 / ref.bpm, 0
    for seg in tl.segments:
        t += seg.duration_ms
        k = (t - tl.music[0].start_ms - (ref.first_beat_ms or 0)) / beat
        if abs(k - round(k)) * beat > 1:
            return False
    return True


def _music(tl: Timeline) -> str:
    if not tl.music:
        return "none"
    track = by_id(tl.music[0].media_id)
    return f"library:{track.mood}" if track else tl.music[0].media_id


def check(tl: Timeline, before: Timeline, expect: dict[str, Any]) -> list[str]:
    """The expectations the timeline does not meet (empty when it meets them all)."""
    photos = [s for s in tl.segments if isinstance(s, PhotoSegment)]
    clips = [s for s in tl.segments if isinstance(s, ClipSegment)]
    got: dict[str, Any] = {
        "aspect": tl.output.aspect,
        "fps": tl.output.fps,
        "resolution": tl.output.resolution,
        "look": tl.look,
        "transition": {s.transition.name for s in tl.segments},
        "motion": {s.motion for s in photos},
        "fit": {s.fit for s in tl.segments},
        "photo_ms": {s.duration_ms for s in photos},
        "total_ms": tl.duration_ms,
        "order": [s.media_id for s in tl.segments],
        "photo_count": len(photos),
        "music": _music(tl),
        "music_volume": tl.music[0].volume if tl.music else None,
        "titles": [t.text for t in tl.texts],
        "clip_volume": clips[0].volume if clips else None,
        "clip_ms": clips[0].duration_ms if clips else None,
        "clip_first": bool(tl.segments) and isinstance(tl.segments[0], ClipSegment),
        "beat": _on_beat(tl),
        "unchanged": tl == before,
    }
    misses = []
    for key, want in expect.items():
        have = got.get(key)
        if key in ("transition", "motion", "fit", "photo_ms"):
            ok = have == {want}
        elif key == "music" and want == "library":
            ok = str(have).startswith("library:")
        elif key == "music_volume" and have is not None and want is not None:
            ok = abs(have - want) < 0.011
        else:
            ok = have == want
        if not ok:
            misses.append(f"{key}: wanted {want!r}, got {have!r}")
    return misses


def score() -> tuple[float, list[str]]:
    failures = []
    for entry in HELDOUT:
        before = project(entry.get("context"))
        plan = RuleBasedInterpreter().interpret(entry["say"], View(before, library=catalogue(), seed="heldout"))
        tl = before
        for step in plan.steps:
            if isinstance(step, Edit):
                try:
                    tl = apply(tl, step.op)
                except Exception:  # a refused edit changes nothing, as the service does
                    continue
        misses = check(tl, before, entry["expect"])
        if misses:
            failures.append(f"{entry['say']!r}: {'; '.join(misses)}")
    return 1 - len(failures) / len(HELDOUT), failures


def test_the_held_out_score_does_not_fall():
    value, failures = score()
    assert value >= FLOOR, f"held-out score {value:.0%}:\n" + "\n".join(failures)


if __name__ == "__main__":  # python -m tests.agent.test_heldout: the score and every miss
    value, failures = score()
    print(f"held-out: {value:.1%} of {len(HELDOUT)}")
    print("\n".join(failures))
