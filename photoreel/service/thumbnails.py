"""Small JPEG previews of uploaded photos, made once by the server (so a browser never has to decode HEIC)."""

from __future__ import annotations

import time

from PIL import Image

from photoreel.errors import NotFound
from photoreel.media.images import load_image
from photoreel.service import links, uploads
from photoreel.service.context import AppContext
from photoreel.store import blobs
from photoreel.store.models import MediaItem

THUMB_SIDE = 320


def thumbnail_url(ctx: AppContext, item: MediaItem) -> str | None:
    if item.kind != "image":
        return None
    # Links last a day, rounded so the URL (and the browser's cache of it) stays the same for a while.
    expires = (int(time.time()) // 3600 + 25) * 3600
    return f"/api/media/{item.id}/thumbnail?expires={expires}&sig={links.signature(ctx, 'thumb', item.id, expires)}"


def thumbnail(ctx: AppContext, media_id: str, expires: int | None, sig: str | None) -> str:
    """The thumbnail's blob key for a signed link; the thumbnail is made on first request and kept."""
    if not links.valid(ctx, "thumb", media_id, expires, sig):
        raise NotFound("thumbnail not found (or the link has expired)")
    with ctx.sessions() as db:
        item = db.get(MediaItem, media_id)
    if item is None or item.kind != "image":
        raise NotFound("thumbnail not found (or the link has expired)")
    key = blobs.thumb_key(item.id)
    if not ctx.blobs.exists(key):
        image = load_image(uploads.media_file(ctx, item), fit_within=(THUMB_SIDE, THUMB_SIDE))
        image.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
        temp = ctx.blobs.temp_file(".jpg")
        image.save(temp, "JPEG", quality=82)
        ctx.blobs.put(key, temp)
    return key
