"""The rules every timeline obeys; `apply` checks them after each edit so a bad edit never lands."""

from __future__ import annotations

from PIL import ImageColor  # pure colour-name parsing, no I/O

from photoreel.errors import TimelineError
from photoreel.timeline.effects import FITS, LOOKS, MOTIONS, POSITIONS, TEXT_ROLES, TRANSITIONS
from photoreel.timeline.model import MEDIA_KINDS, ClipSegment, MediaRef, Timeline

MIN_PHOTO_MS = 100
MAX_VIDEO_MS = 60 * 60 * 1000  # one hour: longer is almost certainly a typo ("300 seconds each" x 40)
MAX_TEXT_CHARS = 500
MAX_VOLUME = 2.0
# A container's stated length and its last frame's end differ by up to a frame; trims may reach that far.
CLIP_END_SLACK_MS = 50


def _seconds(ms: float) -> str:
    return f"{ms / 1000:g}s"


def check_color(color: str) -> None:
    try:
        ImageColor.getrgb(color)
    except ValueError:
        raise TimelineError(
            f"{color!r} is not a colour; use a name like 'white' or a hex code like '#ffcc00'"
        ) from None


def _check_clip(i: int, clip: ClipSegment, ref: MediaRef) -> None:
    if ref.kind != "video":
        raise TimelineError(f"clip {i} refers to {ref.name!r}, which is {ref.kind}, not a video")
    if clip.in_ms < 0:
        raise TimelineError(f"clip {i} cannot start before the video's own start")
    length = ref.duration_ms
    if length is not None and clip.out_ms > length + CLIP_END_SLACK_MS:
        raise TimelineError(
            f"clip {i} would run to {_seconds(clip.out_ms)} of {ref.name!r}, which lasts {_seconds(length)}"
        )
    if not 0.0 <= clip.volume <= MAX_VOLUME:
        raise TimelineError(f"clip {i} volume {clip.volume:.0%} must be between 0% and {MAX_VOLUME:.0%}")


def validate(timeline: Timeline) -> None:
    """Raise TimelineError with a sentence a person understands if `timeline` breaks a rule."""
    media = timeline.media_by_id
    for ref in timeline.media:
        if ref.kind not in MEDIA_KINDS:
            raise TimelineError(f"media {ref.id!r} has unknown kind {ref.kind!r}")
    if len(media) != len(timeline.media):
        raise TimelineError("two media entries share one id")

    if timeline.look not in LOOKS:
        raise TimelineError(f"look {timeline.look!r} is not one of {', '.join(LOOKS)}")
    segments = timeline.segments
    for i, seg in enumerate(segments, start=1):
        used = media.get(seg.media_id)
        noun = "clip" if isinstance(seg, ClipSegment) else "photo"
        if used is None:
            raise TimelineError(f"{noun} {i} refers to unknown media {seg.media_id!r}")
        if isinstance(seg, ClipSegment):
            _check_clip(i, seg, used)
        elif used.kind != "image":
            raise TimelineError(f"photo {i} refers to {used.name!r}, which is {used.kind}, not an image")
        if seg.duration_ms < MIN_PHOTO_MS:
            raise TimelineError(f"{noun} {i} lasts {seg.duration_ms} ms; each needs at least {MIN_PHOTO_MS} ms")
        if seg.fit not in FITS:
            raise TimelineError(f"fit {seg.fit!r} is not one of {', '.join(FITS)}")
        if seg.motion not in MOTIONS:
            raise TimelineError(f"motion {seg.motion!r} is not one of {', '.join(MOTIONS)}")
        if seg.transition.name not in TRANSITIONS:
            raise TimelineError(f"transition {seg.transition.name!r} is not one of {', '.join(TRANSITIONS)}")
        if seg.look is not None and seg.look not in LOOKS:
            raise TimelineError(f"look {seg.look!r} is not one of {', '.join(LOOKS)}")
        if seg.transition.duration_ms < 0:
            raise TimelineError(f"{noun} {i}: a transition cannot last a negative time")
    # A transition straddles its cut, so each segment must hold half of the one before and half of the one after.
    for i, seg in enumerate(segments):
        before = timeline.transition_after(i - 1) if i > 0 else None
        after = timeline.transition_after(i)
        needed = ((before.effective_ms if before else 0) + (after.effective_ms if after else 0)) / 2
        if needed > seg.duration_ms:
            noun = "clip" if isinstance(seg, ClipSegment) else "photo"
            raise TimelineError(
                f"{noun} {i + 1} lasts {_seconds(seg.duration_ms)}, too short for its transitions "
                f"({_seconds(needed)}); shorten the transitions or lengthen the {noun}"
            )
    total = timeline.duration_ms
    if total > MAX_VIDEO_MS:
        raise TimelineError(f"the video would last {_seconds(total)}; the limit is {_seconds(MAX_VIDEO_MS)}")

    for i, t in enumerate(timeline.texts, start=1):
        if not t.text.strip():
            raise TimelineError(f"text {i} is empty")
        if len(t.text) > MAX_TEXT_CHARS:
            raise TimelineError(f"text {i} is {len(t.text)} characters; the limit is {MAX_TEXT_CHARS}")
        if t.role not in TEXT_ROLES:
            raise TimelineError(f"text role {t.role!r} is not one of {', '.join(TEXT_ROLES)}")
        if t.position not in POSITIONS:
            raise TimelineError(f"position {t.position!r} is not one of {', '.join(POSITIONS)}")
        if not 0.01 <= t.size <= 0.5:
            raise TimelineError(f"text size {t.size:g} must be between 0.01 and 0.5 of the frame height")
        check_color(t.color)
        if t.background is not None:
            check_color(t.background)
        if t.start_ms < 0:
            raise TimelineError(f"text {i} starts before the video does")
        if t.duration_ms is not None and t.duration_ms <= 0:
            raise TimelineError(f"text {i} must last longer than 0 ms")
        if t.fade_in_ms < 0 or t.fade_out_ms < 0:
            raise TimelineError(f"text {i}: fades cannot be negative")
        end = timeline.text_end_ms(t)
        if segments and end > total:
            raise TimelineError(
                f"text {i} ({t.text!r}) runs to {_seconds(end)}, past the end of the video at {_seconds(total)}"
            )
        if end - t.start_ms <= 0:
            raise TimelineError(f"text {i} starts at {_seconds(t.start_ms)}, after the video ends")

    for i, a in enumerate(timeline.music, start=1):
        sound = media.get(a.media_id)
        if sound is None:
            raise TimelineError(f"music {i} refers to unknown media {a.media_id!r}")
        if sound.kind == "image" or (sound.kind == "video" and not sound.has_audio):
            raise TimelineError(f"{sound.name!r} has no sound to use as music")
        if not 0.0 <= a.volume <= MAX_VOLUME:
            raise TimelineError(f"music volume {a.volume:.0%} must be between 0% and {MAX_VOLUME:.0%}")
        if a.start_ms < 0:
            raise TimelineError(f"music {i} starts before the video does")
        if a.duration_ms is not None and a.duration_ms <= 0:
            raise TimelineError(f"music {i} must last longer than 0 ms")
        if a.fade_in_ms < 0 or a.fade_out_ms < 0:
            raise TimelineError(f"music {i}: fades cannot be negative")
        if segments and timeline.audio_end_ms(a) > total:
            raise TimelineError(f"music {i} runs past the end of the video at {_seconds(total)}")
