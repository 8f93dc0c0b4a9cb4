"""Scrubbing copies of clips (render/proxy.py) for the frame previews: made in the background, one at a time,
the first time a still shows the clip, and kept beside its upload (so a session's deletion takes them too). Until
one is ready, stills read the clip itself: a still is never late waiting for a copy."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from photoreel.render.proxy import MAX_PROXY_S, make_proxy
from photoreel.store import blobs
from photoreel.store.models import MediaItem

if TYPE_CHECKING:
    from photoreel.service.context import AppContext

log = logging.getLogger("photoreel.proxies")


class Proxies:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photoreel-proxy")
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._ready: dict[str, Path] = {}  # media id -> the copy's local file
        self._busy: set[str] = set()  # being made, or could not be made (never tried again by this server)

    def for_still(self, ctx: AppContext, item: MediaItem) -> Path | None:
        """The clip's scrubbing copy if there is one; otherwise None, and one is started unless it is too long."""
        with self._lock:
            path = self._ready.get(item.id)
            if path is not None and path.exists():
                return path
            if item.id in self._busy or (item.duration_ms or 0) > MAX_PROXY_S * 1000:
                return None
            self._busy.add(item.id)
        key = blobs.proxy_key(item)
        if ctx.blobs.exists(key):  # made by this server before a restart, or by another of the fleet
            try:
                return self._keep(item, ctx.blobs.local_path(key))
            except FileNotFoundError:  # its session deleted just now
                with self._lock:
                    self._busy.discard(item.id)
                return None
        self._pool.submit(self._make, ctx, item, key)
        return None

    def _keep(self, item: MediaItem, path: Path) -> Path:
        with self._lock:
            self._ready[item.id] = path
            self._busy.discard(item.id)
        return path

    def _make(self, ctx: AppContext, item: MediaItem, key: str) -> None:
        temp = ctx.blobs.temp_file(".mp4")
        try:
            make_proxy(blobs.media_file(ctx.blobs, item), temp, stop=self._closing.is_set)
            if not _still_there(ctx, item):
                return  # its session was deleted meanwhile: nothing may be left behind in its folder
            ctx.blobs.put(key, temp)
            if not _still_there(ctx, item):
                ctx.blobs.delete(key)  # deleted while it was being stored
                return
            self._keep(item, ctx.blobs.local_path(key))
        except Exception as exc:  # the stills go on reading the clip itself; nothing else depends on this
            log.warning("no scrubbing copy of %s (%s): %s", item.id, type(exc).__name__, exc)
        finally:
            temp.unlink(missing_ok=True)

    def made(self) -> list[str]:
        """The media ids whose copies this server has (made or found)."""
        with self._lock:
            return list(self._ready)

    def wait(self) -> None:
        """Until the copies asked for so far are made (for tests and benchmarks)."""
        self._pool.submit(lambda: None).result()

    def close(self) -> None:
        self._closing.set()  # a copy being made stops at its next frame
        self._pool.shutdown(wait=True, cancel_futures=True)


def _still_there(ctx: AppContext, item: MediaItem) -> bool:
    with ctx.read() as db:
        return db.get(MediaItem, item.id) is not None
