"""The domain model: a Timeline of photo, clip, music and text segments, its edits and its draft form. No I/O."""

from photoreel.timeline.draft import from_draft, to_draft
from photoreel.timeline.effects import FITS, MOTIONS, POSITIONS, TRANSITIONS, Transition
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
from photoreel.timeline.ops import EditOp, apply, replay
from photoreel.timeline.output import OutputSpec
from photoreel.timeline.summary import summarize
from photoreel.timeline.validate import validate

__all__ = [
    "FITS",
    "MOTIONS",
    "POSITIONS",
    "TRANSITIONS",
    "AudioSegment",
    "ClipSegment",
    "EditOp",
    "MediaRef",
    "OutputSpec",
    "PhotoSegment",
    "Segment",
    "TextSegment",
    "Timeline",
    "TrackType",
    "Transition",
    "apply",
    "from_draft",
    "replay",
    "summarize",
    "to_draft",
    "validate",
]
