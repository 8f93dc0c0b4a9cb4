"""The timeline: which photos show when, with what effects, plus music and text. Pure data, no I/O.

Tracks use the seed's type codes: video 0, audio 1, text 7. The video track is a gapless run of visual
segments — photos and video clips — whose start times follow from the durations; music and text segments
carry their own start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property

from photoreel.timeline.effects import (
    DEFAULT_CLIP_MOTION,
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
    taken_at: str | None = None  # ISO 8601 capture time from EXIF (photos) or the container (clips)
    has_audio: bool = False
    # Clips only: frames per second (average), display rotation (clockwise degrees, already applied to
    # width/height, which are as shown), and the HDR transfer ("hlg" or "pq") when the clip is HDR.
    fps: float | None = None
    rotation: int = 0
    hdr: str | None = None
    bpm: float | None = None  # music: its tempo, when a steady beat was found, so cuts and loops fall on it
    first_beat_ms: float | None = None  # music: where its first beat falls, from the start of the file
    # Photos: how good a shot it is (media/quality.py), for picking the best and dropping duplicates.
    sharpness: float | None = None
    exposure: float | None = None
    warmth: float | None = None
    phash: str | None = None
    # Photos: faces found at upload (media/faces.py), as fractions of the upright photo, largest first.
    faces: tuple[tuple[float, float, float, float], ...] = ()
    salient: tuple[float, float, float, float] | None = None  # photos without faces: where the detail is
    colours: tuple[str, ...] = ()  # photos: main colour names, largest share first, for "the blue one"


@dataclass(frozen=True)
class PhotoSegment:
    """One slide. `transition` is the hand-over into the next slide."""

    media_id: str
    duration_ms: int = DEFAULT_PHOTO_MS
    fit: str = DEFAULT_FIT
    motion: str = DEFAULT_MOTION
    transition: Transition = field(default_factory=Transition)
    look: str | None = None  # this photo's own colour look; None: the video's


@dataclass(frozen=True)
class ClipSegment:
    """A stretch of a video clip: `duration_ms` of it from `in_ms` on, with its own sound at `volume`."""

    media_id: str
    duration_ms: int
    in_ms: int = 0  # where in the clip the segment starts (the trim's in-point)
    volume: float = 1.0  # the clip's own sound; 0 mutes it
    fit: str = DEFAULT_FIT
    motion: str = DEFAULT_CLIP_MOTION
    transition: Transition = field(default_factory=Transition)
    look: str | None = None  # this clip's own colour look; None: the video's

    @property
    def out_ms(self) -> int:
        return self.in_ms + self.duration_ms


Segment = PhotoSegment | ClipSegment


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
    duck: bool = True  # lower the music while a clip's own sound plays


@dataclass(frozen=True)
class Timeline:
    """Everything needed to render a video, as immutable values; edits return a new Timeline."""

    segments: tuple[Segment, ...] = ()  # the video track: photos and clips, in play order
    music: tuple[AudioSegment, ...] = ()
    texts: tuple[TextSegment, ...] = ()
    media: tuple[MediaRef, ...] = ()
    output: OutputSpec = field(default_factory=OutputSpec)
    look: str = "none"  # the whole video's colour look (see effects.LOOKS); a segment may have its own

    def look_of(self, segment: Segment) -> str:
        return segment.look if segment.look is not None else self.look

    @cached_property
    def media_by_id(self) -> dict[str, MediaRef]:
        return {ref.id: ref for ref in self.media}

    @property
    def duration_ms(self) -> int:
        return sum(p.duration_ms for p in self.segments)

    @cached_property
    def photos(self) -> tuple[PhotoSegment, ...]:
        return tuple(s for s in self.segments if isinstance(s, PhotoSegment))

    @cached_property
    def clips(self) -> tuple[ClipSegment, ...]:
        return tuple(s for s in self.segments if isinstance(s, ClipSegment))

    def segment_starts(self) -> list[int]:
        """Start time of each video segment, in ms."""
        starts, t = [], 0
        for p in self.segments:
            starts.append(t)
            t += p.duration_ms
        return starts

    def transition_after(self, index: int) -> Transition | None:
        """The transition from segment `index` into the next one, or None after the last segment."""
        if index >= len(self.segments) - 1:
            return None
        tr = self.segments[index].transition
        return tr if tr.effective_ms > 0 else None

    def text_end_ms(self, text: TextSegment) -> int:
        return self.duration_ms if text.duration_ms is None else text.start_ms + text.duration_ms

    def audio_end_ms(self, audio: AudioSegment) -> int:
        return self.duration_ms if audio.duration_ms is None else audio.start_ms + audio.duration_ms
