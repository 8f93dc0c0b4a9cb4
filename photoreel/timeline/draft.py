"""The compact draft form the API shows (`t` tracks, `tt` type, `sg` segments, `d` ms, `m` metadata).

`to_draft` and `from_draft` are exact inverses for every valid timeline.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from photoreel.errors import OutputSpecError, TimelineError
from photoreel.timeline.effects import Transition
from photoreel.timeline.model import (
    AudioSegment,
    ClipSegment,
    MediaRef,
    PhotoSegment,
    Segment,
    TextSegment,
    Timeline,
    TrackType,
)
from photoreel.timeline.output import OutputSpec, check_output
from photoreel.timeline.validate import validate

DRAFT_VERSION = 1


def _media_ref(ref: dict[str, Any]) -> MediaRef:
    faces = tuple(tuple(float(v) for v in box) for box in ref.get("faces", ()))
    salient = ref.get("salient")
    box = tuple(float(v) for v in salient) if salient else None
    return MediaRef(**{**ref, "faces": faces, "salient": box, "colours": tuple(ref.get("colours", ()))})


def _segment_meta(segment: Segment) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "kind": "clip" if isinstance(segment, ClipSegment) else "photo",
        "fit": segment.fit,
        "motion": segment.motion,
        "tr": {"n": segment.transition.name, "d": segment.transition.duration_ms},
    }
    if isinstance(segment, ClipSegment):
        meta["in"] = segment.in_ms
        meta["volume"] = segment.volume
    if segment.look is not None:
        meta["look"] = segment.look
    return meta


def _segment(sg: dict[str, Any]) -> Segment:
    m = sg.get("m", {})
    tr = m.get("tr", {})
    transition = Transition(tr.get("n", "fade"), int(tr.get("d", 500)))
    if m.get("kind", "photo") == "clip":
        return ClipSegment(
            media_id=sg["src"],
            duration_ms=int(sg["d"]),
            in_ms=int(m.get("in", 0)),
            volume=float(m.get("volume", 1.0)),
            fit=m.get("fit", "blur"),
            motion=m.get("motion", "none"),
            transition=transition,
            look=m.get("look"),
        )
    return PhotoSegment(
        media_id=sg["src"],
        duration_ms=int(sg["d"]),
        fit=m.get("fit", "blur"),
        motion=m.get("motion", "zoom-in"),
        transition=transition,
        look=m.get("look"),
    )


def to_draft(timeline: Timeline) -> dict[str, Any]:
    total = timeline.duration_ms
    video = {
        "tt": int(TrackType.VIDEO),
        "m": {"name": "Video"},
        "sg": [
            {"s": start, "d": seg.duration_ms, "src": seg.media_id, "m": _segment_meta(seg)}
            for start, seg in zip(timeline.segment_starts(), timeline.segments, strict=True)
        ],
    }
    audio = [
        {
            "tt": int(TrackType.AUDIO),
            "m": {"name": "BGM"},
            "sg": [
                {
                    "s": a.start_ms,
                    "d": timeline.audio_end_ms(a) - a.start_ms,
                    "src": a.media_id,
                    "m": {
                        "to_end": a.duration_ms is None,
                        "volume": a.volume,
                        "fade_in": a.fade_in_ms,
                        "fade_out": a.fade_out_ms,
                        "loop": a.loop,
                        "duck": a.duck,
                    },
                }
            ],
        }
        for a in timeline.music
    ]
    text_meta = [f.name for f in fields(TextSegment) if f.name not in ("start_ms", "duration_ms")]
    texts = [
        {
            "tt": int(TrackType.TEXT),
            "m": {"name": t.role.capitalize()},
            "sg": [
                {
                    "s": t.start_ms,
                    "d": timeline.text_end_ms(t) - t.start_ms,
                    "m": {"to_end": t.duration_ms is None, **{k: getattr(t, k) for k in text_meta}},
                }
            ],
        }
        for t in timeline.texts
    ]
    return {
        "v": DRAFT_VERSION,
        "d": total,
        "m": {
            "output": asdict(timeline.output),
            "media": [asdict(ref) for ref in timeline.media],
            "look": timeline.look,
        },
        "t": [video, *audio, *texts],
    }


def from_draft(draft: dict[str, Any], *, trusted: bool = False) -> Timeline:
    """Rebuild a Timeline; a malformed or invalid draft raises TimelineError saying what is wrong. A `trusted`
    draft is one this server wrote from a checked timeline (a render job's, a session's): its output options
    are not checked again."""
    try:
        meta = draft.get("m", {})
        stored = dict(meta.get("output", {}))
        exact = {key: stored.pop(key) for key in ("width_override", "height_override") if key in stored}
        output = OutputSpec(**stored, **exact) if trusted else OutputSpec(**check_output(stored), **exact)
        media = tuple(_media_ref(ref) for ref in meta.get("media", []))
        segments: list[Segment] = []
        music: list[AudioSegment] = []
        texts: list[TextSegment] = []
        for track in draft.get("t", []):
            kind = TrackType(track["tt"])
            for sg in track.get("sg", []):
                m = sg.get("m", {})
                if kind is TrackType.VIDEO:
                    segments.append(_segment(sg))
                elif kind is TrackType.AUDIO:
                    music.append(
                        AudioSegment(
                            media_id=sg["src"],
                            start_ms=int(sg["s"]),
                            duration_ms=None if m.get("to_end") else int(sg["d"]),
                            volume=float(m.get("volume", 1.0)),
                            fade_in_ms=int(m.get("fade_in", 0)),
                            fade_out_ms=int(m.get("fade_out", 1000)),
                            loop=bool(m.get("loop", True)),
                            duck=bool(m.get("duck", True)),
                        )
                    )
                else:
                    extra = {k: v for k, v in m.items() if k != "to_end"}
                    texts.append(
                        TextSegment(
                            start_ms=int(sg["s"]),
                            duration_ms=None if m.get("to_end") else int(sg["d"]),
                            **extra,
                        )
                    )
    except OutputSpecError as exc:
        raise TimelineError(f"draft output: {exc.message}") from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TimelineError(f"the draft is malformed: {exc}") from exc
    look = str(meta.get("look", "none"))
    timeline = Timeline(
        segments=tuple(segments), music=tuple(music), texts=tuple(texts), media=media, output=output, look=look
    )
    validate(timeline)
    return timeline
