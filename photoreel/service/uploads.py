"""Uploads: check each file by content, keep it under a generated name, and add photos and clips to the
timeline."""

from __future__ import annotations

import contextlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoreel.errors import (
    BadRequest,
    DraftTooLarge,
    MediaError,
    PhotoreelError,
    PlanLimit,
    StorageFull,
    TimelineError,
    UnsupportedMedia,
    is_disk_full,
)
from photoreel.media import MediaInfo, inspect_media
from photoreel.media.digest import file_digest
from photoreel.media.inspect import clip_length_ms
from photoreel.service import quota, sessions
from photoreel.service.context import AppContext
from photoreel.service.url_import import display_name, fetch
from photoreel.store import blobs
from photoreel.store.models import Account, MediaItem
from photoreel.timeline import Timeline, apply, ops
from photoreel.timeline.effects import DEFAULT_PHOTO_MS

MAX_NAME_CHARS = 255


@dataclass
class FileResult:
    """What became of one file of an upload request."""

    name: str
    item: MediaItem | None = None  # the stored upload, when accepted
    error: PhotoreelError | None = None
    note: str | None = None  # something the person should know, e.g. that a long clip was trimmed


def media_facts(info: MediaInfo) -> dict[str, Any]:
    """What was learnt of a photo, a clip or a song beyond the media row's columns."""
    if info.kind == "audio":
        return {"bpm": info.bpm, "first_beat_ms": info.first_beat_ms}
    if info.kind == "image":
        return {
            "sharpness": info.sharpness,
            "exposure": info.exposure,
            "warmth": info.warmth,
            "phash": info.phash,
            "faces": info.faces,
            "salient": info.salient,
            "colours": info.colours,
        }
    if info.kind != "video":
        return {}
    return {
        "fps": info.fps,
        "rotation": info.rotation,
        "hdr": info.hdr,
        "codec": info.codec,
        "bit_depth": info.bit_depth,
    }


def clean_name(name: str | None) -> str:
    """The client's file name, for display only: no path, no control characters, bounded length."""
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable())
    return base[:MAX_NAME_CHARS] or "upload"


@dataclass(frozen=True)
class Chosen:
    """Where a file stands among the files chosen together (`batch`): the `seq`-th. Files of one batch keep that
    order on the timeline whatever order their uploads finish in (the page sends three at a time)."""

    batch: str
    seq: int

    @classmethod
    def checked(cls, batch: str | None, seq: int | None) -> Chosen | None:
        if batch is None and seq is None:
            return None
        if batch is None or seq is None or not _BATCH.fullmatch(batch) or not 0 <= seq <= MAX_SEQ:
            raise BadRequest(f"batch is 1-64 letters, digits, '-' or '_', with seq a number from 0 to {MAX_SEQ}")
        return cls(batch, seq)

    def nth(self, i: int) -> Chosen:
        """The i-th file of a request that starts at this place."""
        return Chosen(self.batch, self.seq + i)


_BATCH = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_SEQ = 100_000


def _insert_at(db: Session, session_id: str, timeline: Timeline, chosen: Chosen | None) -> int | None:
    """The run position for a file chosen `chosen`: after the files of its batch chosen before it that are
    already there, else before those chosen after it; None (the end) for a file on its own."""
    if chosen is None:
        return None
    rows = db.execute(select(MediaItem.id, MediaItem.facts).where(MediaItem.session_id == session_id)).all()
    seq_of = {
        media_id: facts["seq"]
        for media_id, facts in rows
        if isinstance(facts, dict) and facts.get("batch") == chosen.batch and isinstance(facts.get("seq"), int)
    }
    placed = [(i, seq_of[s.media_id]) for i, s in enumerate(timeline.segments) if s.media_id in seq_of]
    before = [i for i, seq in placed if seq < chosen.seq]
    if before:
        return before[-1] + 1
    after = [i for i, seq in placed if seq > chosen.seq]
    return after[0] if after else None


def accept(
    ctx: AppContext,
    account: Account,
    session_id: str,
    temp: Path,
    name: str,
    source_url: str | None = None,
    chosen: Chosen | None = None,
) -> FileResult:
    """Judge `temp` by content; keep it and extend the timeline (where `chosen` puts it among the files chosen
    with it), or delete it and say why."""
    name = clean_name(name)
    try:
        info: MediaInfo = inspect_media(
            temp,
            max_bytes=ctx.settings.max_upload_bytes,
            max_pixels=ctx.settings.max_image_pixels,
            max_video_pixels=ctx.settings.max_video_pixels,
        )
    except MediaError as exc:
        temp.unlink(missing_ok=True)
        return FileResult(name, error=exc.renamed(name))
    digest = file_digest(temp)  # what cached chunks know this picture by (renders/chunk_cache.py)
    media_id = f"med_{uuid.uuid4().hex}"
    stored_name = f"{media_id}.{info.format}"
    key: str | None = None
    try:
        with ctx.database.begin() as db:
            session = sessions.get(db, account, session_id, for_update=True)
            item = MediaItem(
                id=media_id,
                session_id=session.id,
                kind=info.kind,
                format=info.format,
                name=name,
                stored_name=stored_name,
                size_bytes=info.size_bytes,
                width=info.width,
                height=info.height,
                duration_ms=info.duration_ms,
                taken_at=info.taken_at,
                has_audio=info.has_audio,
                facts={
                    **media_facts(info),
                    "sha256": digest,
                    **({"batch": chosen.batch, "seq": chosen.seq} if chosen else {}),
                },
                source_url=source_url,
            )
            ref = info.ref(media_id, name)
            timeline = apply(sessions.timeline(session), ops.AddMedia(ref))
            at = _insert_at(db, session.id, timeline, chosen)
            note = None
            if info.kind == "image":
                # "Upload then export" already gives a slideshow.
                timeline = apply(timeline, ops.AddPhotos((media_id,), duration_ms=DEFAULT_PHOTO_MS, at=at))
            elif info.kind == "video":
                placed = clip_length_ms(info, ctx.settings.max_clip_s)
                try:
                    timeline = apply(timeline, ops.AddClip(media_id, duration_ms=placed, at=at))
                except TimelineError as exc:  # e.g. a one-frame clip, shorter than the transitions around it
                    temp.unlink(missing_ok=True)
                    return FileResult(name, error=UnsupportedMedia(f"the clip cannot be placed: {exc.message}", name))
                if placed < (info.duration_ms or 0):
                    note = (
                        f"the clip lasts {(info.duration_ms or 0) / 1000:g} s; its first {placed / 1000:g} s "
                        "are on the timeline (say which part to use, e.g. 'use the clip from 1:00 to 1:20')"
                    )
            try:
                sessions.check_size(ctx.settings, timeline)
                quota.check_room(ctx.settings, db, account, info.size_bytes)
            except (DraftTooLarge, PlanLimit) as exc:
                temp.unlink(missing_ok=True)
                return FileResult(name, error=exc)
            key = blobs.media_key(session.id, stored_name)
            ctx.blobs.put(key, temp)
            db.add(item)
            sessions.save_timeline(session, timeline)
            db.flush()
            result = FileResult(name, item=item, note=note)
    except Exception as exc:
        # Nothing was recorded, so nothing may stay stored: the file goes with the transaction.
        temp.unlink(missing_ok=True)
        if key is not None:
            with contextlib.suppress(Exception):
                ctx.blobs.delete(key)
        if is_disk_full(exc):
            raise StorageFull() from exc
        raise
    return result


def import_urls(ctx: AppContext, account: Account, session_id: str, urls: list[str]) -> list[FileResult]:
    """Fetch each URL (SSRF-guarded, capped) and accept it; one bad URL does not stop the others."""
    results = []
    for url in urls:
        name = clean_name(display_name(url))
        temp = ctx.blobs.temp_file()
        try:
            final = fetch(
                url,
                temp,
                max_bytes=ctx.settings.max_upload_bytes,
                timeout_s=ctx.settings.url_timeout_s,
                allow_hosts=ctx.settings.url_allow_hosts,
            )
        except PhotoreelError as exc:
            temp.unlink(missing_ok=True)
            results.append(FileResult(name, error=exc))
            continue
        results.append(accept(ctx, account, session_id, temp, name, source_url=final))
    return results


def media_file(ctx: AppContext, item: MediaItem) -> Path:
    """A local file with the upload's bytes (fetched into the cache first when media live in a bucket)."""
    return blobs.media_file(ctx.blobs, item)
