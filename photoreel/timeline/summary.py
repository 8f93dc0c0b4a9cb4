"""A one-line-per-track description of a timeline, as a person would read it out."""

from __future__ import annotations

from photoreel.timeline.model import Timeline


def _span(start_ms: int, end_ms: int) -> str:
    return f"{start_ms / 1000:g}-{end_ms / 1000:g}s"


def _count(n: int, noun: str) -> str:
    return "" if n == 0 else f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def track_lines(timeline: Timeline) -> list[str]:
    media = timeline.media_by_id
    lines: list[str] = []
    parts = [_count(len(timeline.photos), "photo"), _count(len(timeline.clips), "clip")]
    shown = " + ".join(p for p in parts if p)
    if shown:
        lines.append(f"Video: {shown} ({_span(0, timeline.duration_ms)})")
    else:
        lines.append("Video: no photos yet")
    for a in timeline.music:
        name = media[a.media_id].name if a.media_id in media else a.media_id
        lines.append(f"BGM: {name} ({_span(a.start_ms, timeline.audio_end_ms(a))}, {a.volume:.0%})")
    for t in timeline.texts:
        lines.append(f'{t.role.capitalize()}: "{t.text}" ({_span(t.start_ms, timeline.text_end_ms(t))})')
    return lines


def summarize(timeline: Timeline, *, numbered: bool = True) -> str:
    """`1. Video: 5 photos + 1 clip (0-19s)  2. BGM: lofi.mp3 (0-15s, 35%)  3. Title: "Summer" (0-3s)`."""
    lines = track_lines(timeline)
    if not numbered:
        return "  ".join(lines)
    return "  ".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))
