"""The composed frame at a time, as a small JPEG, by a signed link: what the web page shows under its playhead
(and what "preview in timeline" means). Drawn from the session's current timeline by the export's own code."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy import select

from photoreel.errors import MediaError, NotFound, TimelineError
from photoreel.media import library
from photoreel.render.scene import slide_timings
from photoreel.render.still import DEFAULT_SIDE, still_frame
from photoreel.service import links, sessions
from photoreel.service.context import AppContext
from photoreel.store import blobs
from photoreel.store.models import MediaItem, VideoSession
from photoreel.timeline import Timeline

JPEG_QUALITY = 80
MAX_AT_MS = 60 * 60 * 1000


ANIMATED = ("gif", "webp", "png", "apng")  # formats whose "clips" are animations (media/video.AnimationReader)


def _shown_at(timeline: Timeline, at_ms: int) -> set[str]:
    """The media on screen at `at_ms`, transitions included, give or take a frame (the still shows the frame at
    or just before `at_ms`)."""
    margin = 1000 / timeline.output.rate + 1
    return {
        segment.media_id
        for segment, timing in zip(timeline.segments, slide_timings(timeline), strict=True)
        if timing.shown_from_ms - margin <= at_ms <= timing.shown_until_ms + margin
    }


@dataclass(frozen=True)
class Frame:
    jpeg: bytes
    revision: int  # the timeline revision it shows


def frame(
    ctx: AppContext, session_id: str, at_ms: int, short_side: int | None, expires: int | None, sig: str | None
) -> Frame:
    """The frame shown at `at_ms` of the session's video. NotFound (1002) for a bad or expired link or a
    session gone; TimelineError (400) for a timeline with nothing to show or an unknown size."""
    if not links.valid(ctx, "frame", session_id, expires, sig):
        raise NotFound("frame not found (or the link has expired)")
    if not 0 <= at_ms <= MAX_AT_MS:
        raise TimelineError("the time must be between 0 and one hour, in milliseconds")
    with ctx.read() as db:
        session = db.get(VideoSession, session_id)
        if session is None:
            raise NotFound("frame not found (the session is gone)")
        timeline = sessions.timeline(session)
        revision = session.revision
        # Only what is on screen then: with media in S3, each file resolved is a download.
        shown = _shown_at(timeline, at_ms)
        items = db.scalars(select(MediaItem).where(MediaItem.session_id == session_id, MediaItem.id.in_(shown))).all()
    sources = library.sources()
    for item in items:
        try:
            sources[item.id] = blobs.media_file(ctx.blobs, item)
        except FileNotFoundError:
            continue  # the still names what is missing
        # Only a clip on screen now gets a scrubbing copy (any frame one decode away, render/proxy.py); an
        # animation is read with Pillow, as the export reads it.
        if item.kind == "video" and item.format not in ANIMATED:
            proxy = ctx.proxies.for_still(ctx, item)
            if proxy is not None:
                sources[item.id] = proxy
    try:
        image = still_frame(timeline, sources, at_ms, short_side=short_side or DEFAULT_SIDE, memo=ctx.stills)
    except MediaError as exc:
        raise TimelineError(f"this frame cannot be drawn: {exc.message}") from None
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY)
    return Frame(out.getvalue(), revision)
