"""What a stretch of frames shows, in its own time base: the unit a chunk is rendered from and cached by.

A scene holds the slides seen during its frames (with their timings measured from the first one's start),
the transitions between them, the texts over them and the output spec. It does not know where it sits in
the video, so the same pictures after an inserted or removed photo are the same scene with the same
identity, and their cached chunk is used again. The whole video is one scene whose origin is 0.

Rendering a scene is a pure function of it and its files' bytes, which is what makes a cached chunk
interchangeable with a fresh one: both are rendered from the same scene, by the same code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from photoreel.render.slides import SlideTiming
from photoreel.timeline.effects import Transition
from photoreel.timeline.model import MediaRef, Segment, TextSegment, Timeline
from photoreel.timeline.output import OutputSpec

# Part of every chunk's identity: bump it with any change that alters rendered pixels or the encoding,
# so chunks rendered by older code are never joined with newer ones.
ENGINE_VERSION = "1"

# What of a media ref bears on its pixels: everything learnt from its content, not what it is called.
_REF_NOT_DRAWN = frozenset({"id", "name", "taken_at"})


@dataclass(frozen=True)
class SceneSlide:
    segment: Segment
    timing: SlideTiming  # from the scene's origin
    ref: MediaRef | None
    look: str
    transition_out: Transition | None  # into the next slide of the scene, when that hand-over is drawn here


@dataclass(frozen=True)
class Scene:
    slides: tuple[SceneSlide, ...]
    texts: tuple[TextSegment, ...]  # start and duration from the scene's origin, in the timeline's order
    output: OutputSpec
    letterbox: bool
    first_ms: Fraction  # the first frame's time from the origin (a frame grid need not meet a cut)
    frames: int

    def frame_time_ms(self, n: int) -> float:
        """When the scene's frame `n` is shown, from its origin: the exact time rounded once, so it falls on
        the same side of every cut and transition as the exact time the scene was cut by."""
        return float(self.first_ms + Fraction(n * 1000, self.output.rate))

    def identity(self, digests: Mapping[str, str]) -> str:
        """A digest of everything the frames depend on; `digests` maps media ids to their content's digest
        (a media id without one stands for itself, which only matches within its own session)."""
        return hashlib.sha256(json.dumps(self.described(digests), sort_keys=True).encode()).hexdigest()

    def described(self, digests: Mapping[str, str]) -> dict[str, Any]:
        def slide(s: SceneSlide) -> dict[str, Any]:
            segment = dataclasses.asdict(s.segment)
            segment["media_id"] = digests.get(s.segment.media_id, s.segment.media_id)
            ref = dataclasses.asdict(s.ref) if s.ref is not None else None
            if ref is not None:
                ref = {k: v for k, v in ref.items() if k not in _REF_NOT_DRAWN}
            t = s.timing
            out = s.transition_out
            return {
                "segment": segment,
                "timing": [t.start_ms, t.end_ms, t.shown_from_ms, t.shown_until_ms],
                "ref": ref,
                "look": s.look,
                "out": [out.name, out.effective_ms] if out is not None else None,
            }

        return {
            "engine": ENGINE_VERSION,
            "output": dataclasses.asdict(self.output),
            "letterbox": self.letterbox,
            "first_ms": [self.first_ms.numerator, self.first_ms.denominator],
            "frames": self.frames,
            "slides": [slide(s) for s in self.slides],
            "texts": [dataclasses.asdict(t) for t in self.texts],
        }


def slide_timings(timeline: Timeline) -> list[SlideTiming]:
    """When each segment is the main picture, and when any of it shows (half of each transition beside it)."""
    timings = []
    for i, (seg, start) in enumerate(zip(timeline.segments, timeline.segment_starts(), strict=True)):
        before = timeline.transition_after(i - 1) if i > 0 else None
        after = timeline.transition_after(i)
        end = start + seg.duration_ms
        timings.append(
            SlideTiming(
                start_ms=start,
                end_ms=end,
                shown_from_ms=start - (before.effective_ms / 2 if before else 0),
                shown_until_ms=end + (after.effective_ms / 2 if after else 0),
            )
        )
    return timings


def frame_time(timeline: Timeline, n: int) -> Fraction:
    """Exactly when frame `n` of the whole video is shown, in ms."""
    return Fraction(n * 1000, timeline.output.rate)


def scene_of(timeline: Timeline, frames: range) -> Scene:
    """The scene of the whole video's `frames` (a non-empty, contiguous range)."""
    timings = slide_timings(timeline)
    first, last = frame_time(timeline, frames.start), frame_time(timeline, frames.stop - 1)
    a, b = _current(timings, first), _current(timings, last)
    # The composer blends with a neighbour inside the half of a transition on its side of the cut.
    before = timeline.transition_after(a - 1) if a > 0 else None
    if before is not None and first < timings[a].start_ms + Fraction(before.effective_ms, 2):
        a -= 1
    after = timeline.transition_after(b)
    if after is not None and last >= timings[b].end_ms - Fraction(after.effective_ms, 2):
        b += 1
    origin = timings[a].start_ms
    slides = tuple(
        SceneSlide(
            segment=timeline.segments[k],
            timing=_shifted(timings[k], origin),
            ref=timeline.media_by_id.get(timeline.segments[k].media_id),
            look=timeline.look_of(timeline.segments[k]),
            transition_out=timeline.transition_after(k) if k < b else None,
        )
        for k in range(a, b + 1)
    )
    texts = tuple(
        dataclasses.replace(t, start_ms=t.start_ms - round(origin), duration_ms=timeline.text_end_ms(t) - t.start_ms)
        for t in timeline.texts
        if t.start_ms <= last and timeline.text_end_ms(t) > first
    )
    return Scene(
        slides=slides,
        texts=texts,
        output=timeline.output,
        letterbox=timeline.look == "cinematic",
        first_ms=first - Fraction(round(origin)),
        frames=len(frames),
    )


def cut_candidates(timeline: Timeline, every_s: float, first_s: float | None = None) -> list[tuple[int, int]]:
    """Frames where a chunk may begin, each with the segment it begins in: the first frame of a segment's
    stretch outside transitions, and within a long stretch every `every_s` seconds of it; with `first_s`, also
    that far into the first segment (a short first chunk). Each is placed relative to its segment, so it moves
    with the segment when others are inserted or removed before it."""
    rate = timeline.output.rate
    candidates: list[tuple[int, int]] = []
    for k, timing in enumerate(slide_timings(timeline)):
        if k == 0:
            after = timeline.transition_after(0)
            steady_until = Fraction(timing.end_ms) - Fraction(after.effective_ms if after else 0, 2)
            if first_s is not None:
                frame = math.ceil(first_s * rate)
                if frame_time(timeline, frame) < steady_until:
                    candidates.append((frame, 0))
            continue
        before = timeline.transition_after(k - 1)
        after = timeline.transition_after(k)
        steady_from = Fraction(timing.start_ms) + Fraction(before.effective_ms if before else 0, 2)
        steady_until = Fraction(timing.end_ms) - Fraction(after.effective_ms if after else 0, 2)
        step = Fraction(round(every_s * 1000))
        at = steady_from
        while at < steady_until:
            frame = math.ceil(at * rate / 1000)
            if frame_time(timeline, frame) < steady_until:
                candidates.append((frame, k))
            at += step
    return candidates


def _current(timings: list[SlideTiming], t: Fraction) -> int:
    """The slide the composer shows as the main picture at `t`: the first that has not ended (or the last)."""
    for k, timing in enumerate(timings):
        if t < timing.end_ms:
            return k
    return len(timings) - 1


def _shifted(timing: SlideTiming, origin: float) -> SlideTiming:
    return SlideTiming(
        start_ms=timing.start_ms - origin,
        end_ms=timing.end_ms - origin,
        shown_from_ms=timing.shown_from_ms - origin,
        shown_until_ms=timing.shown_until_ms - origin,
    )
