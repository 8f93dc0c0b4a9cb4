"""Small JPEG previews of uploaded photos and clips (a poster frame), made once by the server, so a browser
never has to decode HEIC or HEVC."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from photoreel.errors import MediaError, NotFound
from photoreel.media.images import load_image
from photoreel.media.video import open_clip
from photoreel.render.clips import fit_clip_frame
from photoreel.render.fit import contained_size
from photoreel.service import links, uploads
from photoreel.service.context import AppContext
from photoreel.store import blobs
from photoreel.store.models import MediaItem

THUMB_SIDE = 320
POSTER_AT_S = 1.0  # a clip's poster frame: a second in, past a fade from black, or its middle if shorter


def thumbnail(ctx: AppContext, media_id: str, expires: int | None, sig: str | None) -> str:
    """The thumbnail's blob key for a signed link; the thumbnail is made on first request and kept."""
    if not links.valid(ctx, "thumb", media_id, expires, sig):
        raise NotFound("thumbnail not found (or the link has expired)")
    with ctx.read() as db:
        item = db.get(MediaItem, media_id)
    if item is None or item.kind not in ("image", "video"):
        raise NotFound("thumbnail not found (or the link has expired)")
    key = blobs.thumb_key(item.id)
    if not ctx.blobs.exists(key):
        source = uploads.media_file(ctx, item)
        if item.kind == "video":
            try:
                image = poster_frame(source, item.width or THUMB_SIDE, item.height or THUMB_SIDE, item.duration_ms)
            except MediaError:
                raise NotFound("this clip has no poster frame (its file cannot be decoded)") from None
        else:
            image = load_image(source, fit_within=(THUMB_SIDE, THUMB_SIDE))
            image.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
        temp = ctx.blobs.temp_file(".jpg")
        image.save(temp, "JPEG", quality=82)
        ctx.blobs.put(key, temp)
    return key


def poster_frame(path: Path, width: int, height: int, duration_ms: int | None) -> Image.Image:
    """A clip's frame, upright and tone-mapped as the video shows it, at most THUMB_SIDE on its long side."""
    w, h = contained_size((width, height), (THUMB_SIDE, THUMB_SIDE))
    size = (max(2, w - w % 2), max(2, h - h % 2))
    at = min(POSTER_AT_S, (duration_ms or 0) / 2000)
    with open_clip(path) as reader:
        return fit_clip_frame(reader.frame_at(at), size, "cover").to_rgb()
