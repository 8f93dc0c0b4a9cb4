"""Edit operations: small immutable values, applied by one function. Undo is replaying history minus one.

Indexes are 0-based positions in the video track's run of segments (photos and clips alike); the agent and
CLI turn "the third photo" into 2.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from photoreel.errors import TimelineError
from photoreel.timeline.effects import DEFAULT_PHOTO_MS, Transition
from photoreel.timeline.model import (
    AudioSegment,
    ClipSegment,
    MediaRef,
    PhotoSegment,
    Segment,
    TextSegment,
    Timeline,
)
from photoreel.timeline.output import Aspect, Format, FrameRate, OutputSpec, Quality, Resolution, check_output
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


def _index(timeline: Timeline, index: int, what: str = "segment") -> int:
    count = len(timeline.texts) if what == "text" else len(timeline.segments)
    if not 0 <= index < count:
        noun = "text" if what == "text" else _noun(timeline)
        raise TimelineError(f"there is no {noun} {index + 1}; the timeline has {count}")
    return index


def _noun(timeline: Timeline) -> str:
    """What a person calls a position in the run: "photo" in a slideshow, "clip" or "segment" otherwise."""
    if not timeline.clips:
        return "photo"
    return "clip" if not timeline.photos else "segment"


def _clip_at(timeline: Timeline, index: int) -> ClipSegment:
    segment = timeline.segments[_index(timeline, index)]
    if not isinstance(segment, ClipSegment):
        raise TimelineError(f"segment {index + 1} is a photo, not a video clip")
    return segment


def _clip_length(timeline: Timeline, clip: ClipSegment) -> int | None:
    ref = timeline.media_by_id.get(clip.media_id)
    return ref.duration_ms if ref is not None else None


def _with_segments(timeline: Timeline, segments: tuple[Segment, ...]) -> Timeline:
    """Replace the video run, clipping text and music that would now outlast the video."""
    total = sum(p.duration_ms for p in segments)
    texts = []
    for t in timeline.texts:
        if t.start_ms >= total and segments:
            continue
        if t.duration_ms is not None and t.start_ms + t.duration_ms > total and segments:
            t = replace(t, duration_ms=total - t.start_ms)
        texts.append(t)
    music = []
    for a in timeline.music:
        if a.start_ms >= total and segments:
            continue
        if a.duration_ms is not None and a.start_ms + a.duration_ms > total and segments:
            a = replace(a, duration_ms=total - a.start_ms)
        music.append(a)
    return replace(timeline, segments=segments, texts=tuple(texts), music=tuple(music))


def _map_segments(
    timeline: Timeline, index: int | None, kinds: tuple[type, ...] = (PhotoSegment, ClipSegment), **changes: Any
) -> Timeline:
    """Change one segment (`index`), or every segment of the given kinds."""
    if index is None:
        targets = [i for i, seg in enumerate(timeline.segments) if isinstance(seg, kinds)]
    else:
        targets = [_index(timeline, index)]
    segments = list(timeline.segments)
    for i in targets:
        segments[i] = replace(segments[i], **changes)
    return _with_segments(timeline, tuple(segments))


@dataclass(frozen=True)
class AddMedia(EditOp):
    """Make an uploaded file known to the timeline (it is not shown until a photo or music op uses it)."""

    ref: MediaRef

    def edit(self, timeline: Timeline) -> Timeline:
        if self.ref.id in timeline.media_by_id:
            raise TimelineError(f"media {self.ref.id!r} is already in the session")
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
        photos = timeline.photos
        style = photos[-1] if photos else PhotoSegment(media_id="")
        if timeline.segments:
            style = replace(style, transition=timeline.segments[-1].transition)
        new = tuple(replace(style, media_id=m, duration_ms=self.duration_ms) for m in self.media_ids)
        segments = list(timeline.segments)
        at = len(segments) if self.at is None else max(0, min(self.at, len(segments)))
        segments[at:at] = new
        return _with_segments(timeline, tuple(segments))


@dataclass(frozen=True)
class AddClip(EditOp):
    """Append a video clip (or insert it at `at`): `duration_ms` of it from `in_ms` on (null: to its end)."""

    media_id: str
    duration_ms: int | None = None
    in_ms: int = 0
    at: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        ref = timeline.media_by_id.get(self.media_id)
        if ref is None or ref.kind != "video":
            raise TimelineError(f"{self.media_id!r} is not a video clip of this session")
        duration = self.duration_ms
        if duration is None:
            duration = (ref.duration_ms or 0) - self.in_ms
        segments = list(timeline.segments)
        clip = ClipSegment(media_id=self.media_id, duration_ms=duration, in_ms=self.in_ms)
        if segments:
            last = segments[-1]
            clip = replace(clip, fit=last.fit, transition=last.transition)
        at = len(segments) if self.at is None else max(0, min(self.at, len(segments)))
        segments[at:at] = [clip]
        return _with_segments(timeline, tuple(segments))


@dataclass(frozen=True)
class TrimClip(EditOp):
    """Show `duration_ms` of clip `index` from `in_ms` on (null keeps the current in-point / runs to the end)."""

    index: int
    in_ms: int | None = None
    duration_ms: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        clip = _clip_at(timeline, self.index)
        start = clip.in_ms if self.in_ms is None else self.in_ms
        length = _clip_length(timeline, clip)
        if length is not None and start >= length:
            raise TimelineError(f"clip {self.index + 1} lasts only {length / 1000:g} s")
        if self.duration_ms is not None:
            duration = self.duration_ms
        elif length is not None:
            duration = length - start if self.in_ms is not None else min(clip.duration_ms, length - start)
        else:
            duration = clip.duration_ms
        if length is not None and start + duration > length:
            raise TimelineError(
                f"clip {self.index + 1} lasts only {length / 1000:g} s; "
                f"{duration / 1000:g} s from {start / 1000:g} s would run past its end"
            )
        segments = list(timeline.segments)
        segments[self.index] = replace(clip, in_ms=start, duration_ms=duration)
        return _with_segments(timeline, tuple(segments))


@dataclass(frozen=True)
class SetClipVolume(EditOp):
    """The own sound of clip `index`, or of every clip (1.0 is as recorded, 0 mutes it)."""

    volume: float
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        if not timeline.clips:
            raise TimelineError("there is no video clip in the timeline")
        if self.index is not None:
            _clip_at(timeline, self.index)
        return _map_segments(timeline, self.index, (ClipSegment,), volume=self.volume)


@dataclass(frozen=True)
class RemoveSegment(EditOp):
    """Take photo `index` out of the slideshow."""

    index: int

    def edit(self, timeline: Timeline) -> Timeline:
        i = _index(timeline, self.index)
        return _with_segments(timeline, timeline.segments[:i] + timeline.segments[i + 1 :])


@dataclass(frozen=True)
class MoveSegment(EditOp):
    """Move segment `source` (a photo or a clip) so that it ends up at position `target`."""

    source: int
    target: int

    def edit(self, timeline: Timeline) -> Timeline:
        photos = list(timeline.segments)
        moved = photos.pop(_index(timeline, self.source))
        photos.insert(_index(timeline, self.target), moved)
        return _with_segments(timeline, tuple(photos))


@dataclass(frozen=True)
class SwapSegments(EditOp):
    """Swap the segments (photos or clips) at two positions."""

    first: int
    second: int

    def edit(self, timeline: Timeline) -> Timeline:
        a, b = _index(timeline, self.first), _index(timeline, self.second)
        photos = list(timeline.segments)
        photos[a], photos[b] = photos[b], photos[a]
        return _with_segments(timeline, tuple(photos))


SORT_KEYS = ("name", "date", "reverse", "shuffle")


@dataclass(frozen=True)
class SortPhotos(EditOp):
    """Reorder the run (photos and clips) by file name (natural order), capture date, reversed, or shuffled
    with a fixed seed."""

    by: str
    seed: int = 0

    def edit(self, timeline: Timeline) -> Timeline:
        from natsort import natsort_keygen  # pure sort-key helper

        media = timeline.media_by_id
        photos = list(timeline.segments)
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
        return _with_segments(timeline, tuple(photos))


@dataclass(frozen=True)
class SetPhotoDuration(EditOp):
    """How long each photo (or only segment `index`) stays on screen; clips keep their trims unless `index`
    names one, which is then trimmed (or lengthened) from its in-point."""

    duration_ms: int
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        if self.duration_ms <= 0:
            raise TimelineError("a photo must stay on screen for more than 0 seconds")
        if self.index is not None and isinstance(timeline.segments[_index(timeline, self.index)], ClipSegment):
            return TrimClip(self.index, duration_ms=self.duration_ms).edit(timeline)
        if self.index is None and not timeline.photos:
            raise TimelineError("there are no photos; to shorten a clip, say which part of it to keep")
        return _map_segments(timeline, self.index, (PhotoSegment,), duration_ms=self.duration_ms)


@dataclass(frozen=True)
class SetTotalDuration(EditOp):
    """Make the whole video last `duration_ms`: photos share what the clips leave, evenly (leftover
    milliseconds go to the last photo); clips are trimmed only when the photos cannot shrink further, and
    lengthened (up to their own end) only when there are no photos to stretch."""

    duration_ms: int

    def edit(self, timeline: Timeline) -> Timeline:
        segments = timeline.segments
        if not segments:
            raise TimelineError("add photos before setting the video's length")
        if self.duration_ms <= 0:
            raise TimelineError("the video must last more than 0 seconds")
        photo_at = [i for i, s in enumerate(segments) if isinstance(s, PhotoSegment)]
        clip_at = [i for i, s in enumerate(segments) if isinstance(s, ClipSegment)]
        durations = [s.duration_ms for s in segments]
        clip_ms = sum(durations[i] for i in clip_at)
        # What each photo keeps before the clips beside it are trimmed: a second, or less if it already is.
        kept = sum(min(MIN_SHARED_PHOTO_MS, durations[i]) for i in photo_at)
        if not clip_at:
            _spread(durations, photo_at, self.duration_ms)
        elif photo_at and self.duration_ms - clip_ms >= kept:
            _spread(durations, photo_at, self.duration_ms - clip_ms)
        else:
            for i in photo_at:
                durations[i] = min(MIN_SHARED_PHOTO_MS, durations[i])
            _fit_clips(timeline, durations, clip_at, self.duration_ms - sum(durations[i] for i in photo_at))
        changed = tuple(replace(s, duration_ms=d) for s, d in zip(segments, durations, strict=True))
        return _with_segments(timeline, changed)


MIN_SHARED_PHOTO_MS = 1000
MIN_CLIP_SHARE_MS = 100


def _spread(durations: list[int], at: list[int], total: int) -> None:
    each, rest = divmod(total, len(at))
    for k, i in enumerate(at):
        durations[i] = each + (rest if k == len(at) - 1 else 0)


def _clip_bounds(timeline: Timeline, i: int) -> tuple[int, int | None]:
    """The shortest clip `i` may become (its transitions need half each) and the longest (to its own end)."""
    clip = timeline.segments[i]
    assert isinstance(clip, ClipSegment)
    length = _clip_length(timeline, clip)
    return _least_ms(timeline, i), None if length is None else length - clip.in_ms


def _fit_clips(timeline: Timeline, durations: list[int], at: list[int], room: int) -> None:
    """Scale the clips' durations together so they fill `room` exactly, each within its bounds."""
    bounds = {i: _clip_bounds(timeline, i) for i in at}
    if room < sum(lo for lo, _ in bounds.values()):
        raise TimelineError("the video cannot be that short with these clips; remove one or trim it first")
    caps = [hi for _, hi in bounds.values()]
    if all(hi is not None for hi in caps) and room > sum(hi for hi in caps if hi is not None):
        longest = sum(hi for hi in caps if hi is not None) / 1000
        raise TimelineError(f"the clips last {longest:g} s in all; add photos to make the video longer")
    # Proportional shares; a clip whose share falls outside its bounds is held at the bound and the others
    # share what is left again (lows first, then highs, one side a round).
    remaining, left = list(at), room
    while remaining:
        weight = sum(durations[i] for i in remaining) or len(remaining)
        share = {i: (durations[i] or 1) * left / weight for i in remaining}
        low = [i for i in remaining if share[i] < bounds[i][0]]
        high = [i for i in remaining if (cap := bounds[i][1]) is not None and share[i] > cap]
        held = low or high
        if not held:
            for i in remaining:
                durations[i] = int(share[i])
            break
        for i in held:
            durations[i] = bounds[i][0] if held is low else bounds[i][1]  # type: ignore[assignment]
            left -= durations[i]
            remaining.remove(i)
    # Whole milliseconds: what rounding left over goes to clips with room for it, the last first.
    rest = room - sum(durations[i] for i in at)
    for i in reversed(at):
        lo, hi = bounds[i]
        step = max(lo - durations[i], rest) if rest < 0 else rest if hi is None else min(rest, hi - durations[i])
        durations[i] += step
        rest -= step


@dataclass(frozen=True)
class SetTransition(EditOp):
    """The transition out of every photo (or out of photo `index`); name 'none' removes it."""

    name: str
    duration_ms: int = 500
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        if self.duration_ms < 0:
            raise TimelineError("a transition cannot last a negative time")
        return _map_segments(timeline, self.index, transition=Transition(self.name, self.duration_ms))


@dataclass(frozen=True)
class SetMotion(EditOp):
    """Ken Burns motion for every photo (or only segment `index`, which may be a clip)."""

    motion: str
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        return _map_segments(timeline, self.index, (PhotoSegment,), motion=self.motion)


@dataclass(frozen=True)
class SetFit(EditOp):
    """How every photo and clip (or only segment `index`) fills the frame: blur, contain or cover."""

    fit: str
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        return _map_segments(timeline, self.index, fit=self.fit)


@dataclass(frozen=True)
class SetOutput(EditOp):
    """Change any of the output options (timeline/output.py); None leaves one as it is. Values are typed, and
    checked by `check_output` where they come from outside (`SetOutput.checked`)."""

    aspect: Aspect | None = None
    resolution: Resolution | None = None
    fps: FrameRate | None = None
    format: Format | None = None
    quality: Quality | None = None

    @classmethod
    def checked(cls, values: Mapping[str, object]) -> SetOutput:
        return cls(**check_output(values))

    def changes(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def arguments(self) -> dict[str, Any]:
        return self.changes()

    def edit(self, timeline: Timeline) -> Timeline:
        output: OutputSpec = replace(timeline.output, **self.changes())
        return replace(timeline, output=output)


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


@dataclass(frozen=True)
class SetMusicDucking(EditOp):
    """Whether the background music is lowered while a clip's own sound plays."""

    duck: bool

    def edit(self, timeline: Timeline) -> Timeline:
        if not timeline.music:
            raise TimelineError("there is no music yet; add an audio file first")
        return replace(timeline, music=tuple(replace(a, duck=self.duck) for a in timeline.music))


@dataclass(frozen=True)
class SyncToBeat(EditOp):
    """Put every cut on a beat of the background music: photos last `beats_per_photo` beats each (1-4; by
    default the whole beats nearest their current length, at most 4), clips the whole beats nearest their trim
    (never past their own end), never less than their transitions need, and the video ends on a bar line. The
    transitions straddle the cuts, so their midpoints are on beats too."""

    beats_per_photo: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        if not timeline.music:
            raise TimelineError("there is no music to follow; add music first")
        music = timeline.music[0]
        ref = timeline.media_by_id.get(music.media_id)
        if ref is None or not ref.bpm:
            name = ref.name if ref is not None else music.media_id
            raise TimelineError(f"no steady beat was found in {name}, so there is nothing to cut on")
        if not timeline.segments:
            raise TimelineError("add photos or clips before cutting on the beat")
        if self.beats_per_photo is not None and not 1 <= self.beats_per_photo <= 8:
            raise TimelineError("a photo can last 1 to 8 beats")
        beat = 60_000 / ref.bpm
        first = music.start_ms + (ref.first_beat_ms or 0.0)
        per_photo = self.beats_per_photo or _beats_for(timeline.photos, beat)
        ends: list[float] = []
        t = 0.0
        last = len(timeline.segments) - 1
        for i, seg in enumerate(timeline.segments):
            # Where this segment would end, then the beat nearest it (a photo counts its beats from the first
            # beat when it opens the video: the music's lead-in before that beat is the first photo's too).
            photo = isinstance(seg, PhotoSegment)
            target = max(t, first) + per_photo * beat if photo else t + seg.duration_ms
            end = first + round((target - first) / beat) * beat
            step = 4 * beat if i == last else beat  # the last cut is the video's end: on a bar line
            if i == last:
                end = first + round((end - first) / step) * step
            least = t + _least_ms(timeline, i)
            while end < least:
                end += step
            most = None
            if isinstance(seg, ClipSegment) and (length := _clip_length(timeline, seg)) is not None:
                most = t + length - seg.in_ms
            while most is not None and end > most and end - step >= least:
                end -= step
            if most is not None and end > most:
                end = most  # a clip too short to reach a beat (or the last bar line) keeps its own end
            ends.append(end)
            t = end
        durations, before = [], 0
        for end in ends:
            durations.append(round(end) - before)
            before = round(end)
        changed = tuple(replace(s, duration_ms=d) for s, d in zip(timeline.segments, durations, strict=True))
        return _with_segments(timeline, changed)


def _beats_for(photos: tuple[PhotoSegment, ...], beat: float) -> int:
    """Beats per photo that keep the slideshow's pace: the whole beats nearest a photo's length, 1 to 4."""
    if not photos:
        return 4
    typical = sorted(p.duration_ms for p in photos)[len(photos) // 2]
    return max(1, min(4, round(typical / beat)))


def _least_ms(timeline: Timeline, i: int) -> int:
    """The shortest segment `i` may be: the minimum any segment lasts, and half of each transition beside it."""
    before = timeline.transition_after(i - 1) if i > 0 else None
    after = timeline.transition_after(i)
    needed = ((before.effective_ms if before else 0) + (after.effective_ms if after else 0) + 1) // 2
    return max(MIN_CLIP_SHARE_MS, needed)


@dataclass(frozen=True)
class SetLook(EditOp):
    """The colour look of the whole video, or of segment `index` only; "none" is the photos' own colours."""

    look: str
    index: int | None = None

    def edit(self, timeline: Timeline) -> Timeline:
        if self.index is None:
            # The whole video's look replaces any segment's own, as "make it black and white" means.
            return replace(_map_segments(timeline, None, look=None), look=self.look)
        return _map_segments(timeline, self.index, look=self.look)
