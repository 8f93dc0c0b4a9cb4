"""The chunk cache of `photoreel make`: rendered chunks kept in a folder of the user's cache under their scene's
identity (render/scene.py), so running the same command again after an edit renders only what changed."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class FolderChunkCache:
    """The chunk cache of `photoreel make`: one file per chunk in `root`, a file's modification time its last
    use, trimmed to `max_bytes` oldest-first after each video."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def _path(self, identity: str) -> Path:
        return self.root / identity[:2] / f"{identity}.mp4"

    def find(self, identity: str) -> Path | None:
        path = self._path(identity)
        try:
            os.utime(path)  # used now
        except FileNotFoundError:
            return None
        return path

    def keep(self, identity: str, rendered: Path) -> Path:
        path = self._path(identity)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        # Copy then rename: the rendered file may be on another file system, and a reader never sees half.
        with rendered.open("rb") as source, partial.open("wb") as target:
            while block := source.read(1024 * 1024):
                target.write(block)
        os.replace(partial, path)
        rendered.unlink(missing_ok=True)
        return path

    def trim(self) -> int:
        """Remove the least recently used chunks until the rest fit; how many went."""
        files = []
        for path in self.root.glob("*/*.mp4"):
            with contextlib.suppress(FileNotFoundError):
                stat = path.stat()
                files.append((stat.st_mtime, stat.st_size, path))
        files.sort(reverse=True)
        kept, removed = 0, 0
        for _, size, path in files:
            if kept + size <= self.max_bytes:
                kept += size
                continue
            path.unlink(missing_ok=True)
            removed += 1
        return removed
