"""The timeline: which photos show when, with what effects, plus music and text. Pure data, no I/O.

Tracks use the seed's type codes: video 0, audio 1, text 7. The video track is a gapless run of photo
segments whose start times follow from the durations; music and text segments carry their own start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property

from photoreel.timeline.effects import (
    DEFAULT_FIT,
    DEFAULT_MOTION,
    DEFAULT_PHOTO_MS,
    Transition,
)
from photoreel.timeline.output import OutputSpec


class TrackType(IntEnum):
    """The draft's `tt` codes."""

    VIDEO = 0
    AUDIO = 1
    TEXT = 7


MEDIA_KINDS = ("image", "audio", "video")


@dataclass(frozen=True)
class MediaRef:
    """What the timeline knows of an input: enough to validate and summarise, never the bytes."""

    id: str
    kind: str
    name: str
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    taken_at: str | None = None  # ISO 8601 capture time from EXIF, when the photo has one
    has_audio: bool = False


@dataclass(frozen=True)
class PhotoSegment:
    """One slide. `transition` is the hand-over into the next slide."""

    media_id: str
    duration_ms: int = DEFAULT_PHOTO_MS
    fit: str = DEFAULT_FIT
    motion: str = DEFAULT_MOTION
    transition: Transition = field(default_factory=Transition)


@dataclass(frozen=True)
class TextSegment:
    """A title or caption. `duration_ms=None` means until the end of the video."""

    text: str
    start_ms: int = 0
    duration_ms: int | None = None
    role: str = "title"
    position: str = "center"
    size: float = 0.08  # glyph height as a fraction of the frame height
    color: str = "#ffffff"
    background: str | None = None  # colour of a box behind the text, for legibility on busy photos
    shadow: bool = True
    fade_in_ms: int = 300
    fade_out_ms: int = 300
    font: str | None = None  # path to a TTF/OTF; None picks the bundled default (or a CJK font when needed)


@dataclass(frozen=True)
class AudioSegment:
    """Background music. `duration_ms=None` means until the end of the video; short files loop."""

    media_id: str
    start_ms: int = 0
    duration_ms: int | None = None
    volume: float = 1.0  # 1.0 is the file's own level; 0.35 is "35%"
    fade_in_ms: int = 0
    fade_out_ms: int = 1000
    loop: bool = True


@dataclass(frozen=True)
class Timeline:
    """Everything needed to render a video, as immutable values; edits return a new Timeline."""

    photos: tuple[PhotoSegment, ...] = ()
    music: tuple[AudioSegment, ...] = ()
    texts: tuple[TextSegment, ...] = ()
    media: tuple[MediaRef, ...] = ()
    output: OutputSpec = field(default_factory=OutputSpec)

    @cached_property
    def media_by_id(self) -> dict[str, MediaRef]:
        return {ref.id: ref for ref in self.media}

    @property
    def duration_ms(self) -> int:
        return sum(p.duration_ms for p in self.photos)

    def photo_starts(self) -> list[int]:
        """Start time of each photo segment, in ms."""
        starts, t = [], 0
        for p in self.photos:
            starts.append(t)
            t += p.duration_ms
        return starts

    def transition_after(self, index: int) -> Transition | None:
        """The transition from photo `index` into the next one, or None after the last photo."""
        if index >= len(self.photos) - 1:
            return None
        tr = self.photos[index].transition
        return tr if tr.effective_ms > 0 else None

    def text_end_ms(self, text: TextSegment) -> int:
        return self.duration_ms if text.duration_ms is None else text.start_ms + text.duration_ms

    def audio_end_ms(self, audio: AudioSegment) -> int:
        return self.duration_ms if audio.duration_ms is None else audio.start_ms + audio.duration_ms
