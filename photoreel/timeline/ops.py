"""Edit operations: small immutable values, applied by one function. Undo is replaying history minus one.

Indexes are 0-based here; the agent and CLI turn "the third photo" into 2.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace
from typing import Any

from photoreel.errors import TimelineError
from photoreel.timeline.effects import DEFAULT_PHOTO_MS, Transition
from photoreel.timeline.model import AudioSegment, MediaRef, PhotoSegment, TextSegment, Timeline
from photoreel.timeline.output import OutputSpec
from photoreel.timeline.validate import validate


class EditOp:
    """Base of every edit; subclasses are frozen dataclasses."""

    def edit(self, timeline: Timeline) -> Timeline:
        raise NotImplementedError

    @property
    def op_name(self) -> str:
        return type(self).__name__

    def arguments(self) -> dict[str, Any]:
        """The op's fields as plain JSON-friendly values (for the agent's functionCall events)."""
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def apply(timeline: Timeline, op: EditOp) -> Timeline:
    """Return `timeline` with `op` applied, or raise TimelineError and leave nothing changed."""
    result = op.edit(timeline)
    validate(result)
    return result


def replay(base: Timeline, history: list[EditOp]) -> Timeline:
    """Apply each op in order; used for undo/redo, which keep the history rather than snapshots."""
    timeline = base
    for op in history:
        timeline = apply(timeline, op)
    return timeline


def _index(timeline: Timeline, index: int, what: str = "photo") -> int:
    count = len(timeline.photos) if what == "photo" else len(timeline.texts)
    if not 0 <= index < count:
        raise TimelineError(f"there is no {what} {index + 1}; the timeline has {count}")
    return index


def _with_photos(timeline: Timeline, photos: tuple[PhotoSegment, ...]) -> Timeline:
    """Replace the photo run, clipping text and music that would now outlast the video."""
    total = sum(p.duration_ms for p in photos)
    texts = []
    for t in timeline.texts:
        if t.start_ms >= total and photos:
            continue
        if t.duration_ms is not None and t.start_ms + t.duration_ms > total and photos:
            t = replace(t, duration_ms=total - t.start_ms)
        texts.append(t)
    music = []
    for a in timeline.music:
        if a.start_ms >= total and photos:
            continue
        if a.duration_ms is not None and a.start_ms + a.duration_ms > total and photos:
            a = replace(a, duration_ms=total - a.start_ms)
        music.append(a)
    return replace(timeline, photos=photos, texts=tuple(texts), music=tuple(music))


def _map_photos(timeline: Timeline, index: int | None, **changes: Any) -> Timeline:
    targets = range(len(timeline.photos)) if index is None else [_index(timeline, index)]
    photos = list(timeline.photos)
    for i in targets:
        photos[i] = replace(photos[i], **changes)
    return _with_photos(timeline, tuple(photos))


@dataclass(frozen=True)
class AddMedia(EditOp):
    """Make an uploaded file known to the timeline (it is not shown until a photo or music op uses it)."""

    ref: MediaRef

    def edit(self, timeline: Timeline) -> Timeline:
        if self.ref.id in timeline.media_by_id:
            raise TimelineError(f"media {self.ref.id!r} is already in the project")
        return replace(timeline, media=(*timeline.media, self.ref))

    def arguments(self) -> dict[str, Any]:
        return {"id": self.ref.id, "kind": self.ref.kind, "name": self.ref.name}


@dataclass(frozen=True)
class AddPhotos(EditOp):
    """Append photos (or insert them at `at`), each lasting `duration_ms`, with the timeline's current style."""

    media_ids: tuple[str, ...]
    duration_ms: int = DEFAULT_PHOTO_MS
    at: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        if not self.media_ids:
            raise TimelineError("no photos to add")
        style = timeline.photos[-1] if timeline.photos else PhotoSegment(media_id="")
        new = tuple(replace(style, media_id=m, duration_ms=self.duration_ms) for m in self.media_ids)
        photos = list(timeline.photos)
        at = len(photos) if self.at is None else max(0, min(self.at, len(photos)))
        photos[at:at] = new
        return _with_photos(timeline, tuple(photos))


@dataclass(frozen=True)
class RemovePhoto(EditOp):
    """Take photo `index` out of the slideshow."""

    index: int

    def edit(self, timeline: Timeline) -> Timeline:
        i = _index(timeline, self.index)
        return _with_photos(timeline, timeline.photos[:i] + timeline.photos[i + 1 :])


@dataclass(frozen=True)
class MovePhoto(EditOp):
    """Move photo `source` so that it ends up at position `target`."""

    source: int
    target: int

    def edit(self, timeline: Timeline) -> Timeline:
        photos = list(timeline.photos)
        moved = photos.pop(_index(timeline, self.source))
        photos.insert(_index(timeline, self.target), moved)
        return _with_photos(timeline, tuple(photos))


@dataclass(frozen=True)
class SwapPhotos(EditOp):
    """Swap the photos at two positions."""

    first: int
    second: int

    def edit(self, timeline: Timeline) -> Timeline:
        a, b = _index(timeline, self.first), _index(timeline, self.second)
        photos = list(timeline.photos)
        photos[a], photos[b] = photos[b], photos[a]
        return _with_photos(timeline, tuple(photos))


SORT_KEYS = ("name", "date", "reverse", "shuffle")


@dataclass(frozen=True)
class SortPhotos(EditOp):
    """Reorder by file name (natural order), capture date, reversed, or shuffled with a fixed seed."""

    by: str
    seed: int = 0

    def edit(self, timeline: Timeline) -> Timeline:
        from natsort import natsort_keygen  # pure sort-key helper

        media = timeline.media_by_id
        photos = list(timeline.photos)
        if self.by == "name":
            key = natsort_keygen()
            photos.sort(key=lambda p: key(media[p.media_id].name))
        elif self.by == "date":
            # Photos without a capture time keep their relative order after the dated ones.
            photos.sort(key=lambda p: (media[p.media_id].taken_at is None, media[p.media_id].taken_at or ""))
        elif self.by == "reverse":
            photos.reverse()
        elif self.by == "shuffle":
            random.Random(self.seed).shuffle(photos)
        else:
            raise TimelineError(f"cannot sort by {self.by!r}; use one of {', '.join(SORT_KEYS)}")
        return _with_photos(timeline, tuple(photos))


@dataclass(frozen=True)
class SetPhotoDuration(EditOp):
    """How long each photo (or only photo `index`) stays on screen."""

    duration_ms: int
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        if self.duration_ms <= 0:
            raise TimelineError("a photo must stay on screen for more than 0 seconds")
        return _map_photos(timeline, self.index, duration_ms=self.duration_ms)


@dataclass(frozen=True)
class SetTotalDuration(EditOp):
    """Spread `duration_ms` evenly over the photos (any leftover milliseconds go to the last one)."""

    duration_ms: int

    def edit(self, timeline: Timeline) -> Timeline:
        n = len(timeline.photos)
        if n == 0:
            raise TimelineError("add photos before setting the video's length")
        if self.duration_ms <= 0:
            raise TimelineError("the video must last more than 0 seconds")
        each, rest = divmod(self.duration_ms, n)
        photos = tuple(
            replace(p, duration_ms=each + (rest if i == n - 1 else 0)) for i, p in enumerate(timeline.photos)
        )
        return _with_photos(timeline, photos)


@dataclass(frozen=True)
class SetTransition(EditOp):
    """The transition out of every photo (or out of photo `index`); name 'none' removes it."""

    name: str
    duration_ms: int = 500
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        if self.duration_ms < 0:
            raise TimelineError("a transition cannot last a negative time")
        return _map_photos(timeline, self.index, transition=Transition(self.name, self.duration_ms))


@dataclass(frozen=True)
class SetMotion(EditOp):
    """Ken Burns motion for every photo (or only photo `index`)."""

    motion: str
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        return _map_photos(timeline, self.index, motion=self.motion)


@dataclass(frozen=True)
class SetFit(EditOp):
    """How every photo (or only photo `index`) fills the frame: blur, contain or cover."""

    fit: str
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        return _map_photos(timeline, self.index, fit=self.fit)


@dataclass(frozen=True)
class SetOutput(EditOp):
    """Change any of the output's aspect, resolution, fps, format or quality; the rest stays."""

    aspect: str | None = None
    resolution: int | None = None
    fps: int | None = None
    format: str | None = None
    quality: str | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        changes = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}
        output: OutputSpec = replace(timeline.output, **changes)  # OutputSpec validates itself
        return replace(timeline, output=output)


@dataclass(frozen=True)
class SetAspect(EditOp):
    """Shorthand for SetOutput(aspect=...), the edit people ask for most."""

    aspect: str

    def edit(self, timeline: Timeline) -> Timeline:
        return SetOutput(aspect=self.aspect).edit(timeline)


@dataclass(frozen=True)
class AddText(EditOp):
    """Add a title or caption; `duration_ms` null means until the end of the video."""

    text: TextSegment

    def edit(self, timeline: Timeline) -> Timeline:
        return replace(timeline, texts=(*timeline.texts, self.text))

    def arguments(self) -> dict[str, Any]:
        return {f.name: getattr(self.text, f.name) for f in fields(self.text)}


@dataclass(frozen=True)
class UpdateText(EditOp):
    """Change fields of text `index` (e.g. position, colour, timing)."""

    index: int
    changes: tuple[tuple[str, Any], ...]

    def edit(self, timeline: Timeline) -> Timeline:
        i = _index(timeline, self.index, "text")
        allowed = {f.name for f in fields(TextSegment)}
        unknown = [k for k, _ in self.changes if k not in allowed]
        if unknown:
            raise TimelineError(f"texts have no {', '.join(unknown)}")
        texts = list(timeline.texts)
        texts[i] = replace(texts[i], **dict(self.changes))
        return replace(timeline, texts=tuple(texts))

    def arguments(self) -> dict[str, Any]:
        return {"index": self.index, **dict(self.changes)}


@dataclass(frozen=True)
class RemoveText(EditOp):
    """Remove text `index` (0-based, in the order the texts were added)."""

    index: int

    def edit(self, timeline: Timeline) -> Timeline:
        i = _index(timeline, self.index, "text")
        return replace(timeline, texts=timeline.texts[:i] + timeline.texts[i + 1 :])


@dataclass(frozen=True)
class SetMusic(EditOp):
    """Use an uploaded audio file as background music, replacing any earlier choice."""

    music: AudioSegment

    def edit(self, timeline: Timeline) -> Timeline:
        return replace(timeline, music=(self.music,))

    def arguments(self) -> dict[str, Any]:
        return {f.name: getattr(self.music, f.name) for f in fields(self.music)}


@dataclass(frozen=True)
class SetMusicVolume(EditOp):
    """Change the background music's volume (1.0 is the file's own level)."""

    volume: float

    def edit(self, timeline: Timeline) -> Timeline:
        if not timeline.music:
            raise TimelineError("there is no music yet; add an audio file first")
        return replace(timeline, music=tuple(replace(a, volume=self.volume) for a in timeline.music))


@dataclass(frozen=True)
class RemoveMusic(EditOp):
    """Remove the background music."""

    def edit(self, timeline: Timeline) -> Timeline:
        if not timeline.music:
            raise TimelineError("there is no music to remove")
        return replace(timeline, music=())
