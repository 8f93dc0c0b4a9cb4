"""Where files live, behind one interface: a local folder (a shared mount serves several machines) or an
S3-compatible bucket (store/s3.py). Blobs are named by keys such as `media/<session>/<name>`; work files
(uploads in flight, chunks being encoded, cached copies of remote blobs) always stay on local disk."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from photoreel.store.models import MediaItem

_READ_BLOCK = 1024 * 1024


def media_key(session_id: str, stored_name: str) -> str:
    return f"media/{session_id}/{stored_name}"


def media_file(store: BlobStore, item: MediaItem) -> Path:
    """A local file with an upload's bytes (fetched into the cache first when media live in a bucket)."""
    return store.local_path(media_key(item.session_id, item.stored_name))


def render_key(name: str) -> str:
    return f"renders/{name}"


def chunks_prefix(job_id: str) -> str:
    """The folder of a job's chunks, deleted whole once they are joined."""
    return f"chunks/{job_id}/"


def chunk_key(job_id: str, index: int) -> str:
    return f"{chunks_prefix(job_id)}{index:04d}.mp4"


def proxy_key(item: MediaItem) -> str:
    """A clip's scrubbing copy for frame previews, beside its upload (a session's deletion takes it too)."""
    return f"media/{item.session_id}/proxy-{item.id}.mp4"


def thumb_key(media_id: str) -> str:
    return f"thumbs/{media_id}.jpg"


class BlobStore(Protocol):
    """What the service and the workers need of file storage."""

    scratch: Path

    def temp_file(self, suffix: str = "") -> Path:
        """A new empty local work file (under `scratch/tmp`)."""
        ...

    def put(self, key: str, source: Path) -> None:
        """Move the local file `source` into the store as `key`, atomically: readers see all of it or none."""
        ...

    def local_path(self, key: str) -> Path:
        """A local file holding the blob's bytes (the blob itself, or a cached copy). FileNotFoundError if none."""
        ...

    def stored_file(self, key: str) -> Path | None:
        """The local file that is the blob itself, where the store keeps blobs as files (a web server can send
        it as it is); None where blobs live elsewhere. FileNotFoundError if the store has files but not this one."""
        ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int | None:
        """The blob's size in bytes, or None when there is no such blob."""
        ...

    def read(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """The bytes from `start` up to and including `end` (HTTP Range semantics), streamed in blocks."""
        ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> None:
        """Delete every blob whose key starts with `prefix` (a folder such as `chunks/<job>/`)."""
        ...

    def presigned_url(self, key: str, filename: str, content_type: str, expires_s: int) -> str | None:
        """A URL the client can fetch the blob from directly, or None where the store has no such thing."""
        ...

    def sweep_partials(self, older_than_s: float) -> int:
        """Delete half-written files that a process which died left behind, once they are `older_than_s` old."""
        ...


class Scratch:
    """Local work files under `scratch/tmp` (or a folder of their own in it, `work_subdir`, for a render
    process, so whoever kills the process can remove everything it was writing)."""

    def __init__(self, scratch: Path, work_subdir: str | None = None) -> None:
        self.scratch = scratch
        self.work_dir = scratch / "tmp" / work_subdir if work_subdir else scratch / "tmp"
        self.work_dir.mkdir(parents=True, exist_ok=True)

    def temp_file(self, suffix: str = "") -> Path:
        fd, name = tempfile.mkstemp(dir=self.work_dir, suffix=suffix)
        os.close(fd)
        return Path(name)

    def _sweep_tmp(self, older_than_s: float) -> int:
        # Only files older than the longest allowed render: on a shared data folder another process's work
        # files sit here too, and they are alive.
        tmp = self.scratch / "tmp"
        removed = _remove_older([p for p in tmp.rglob("*") if p.is_file()], older_than_s)
        for folder in sorted((p for p in tmp.rglob("*") if p.is_dir()), reverse=True):
            with contextlib.suppress(OSError):  # not empty: still in use
                folder.rmdir()
        return removed


class LocalBlobs(Scratch):
    """Blobs as files under `root/<key>`; work files under `root/tmp`."""

    def __init__(self, root: Path, work_subdir: str | None = None) -> None:
        super().__init__(root, work_subdir)
        self.root = root
        for sub in ("media", "renders", "chunks", "thumbs"):
            (root / sub).mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()) or ".." in Path(key).parts:
            raise ValueError(f"blob key {key!r} leaves the store")
        return path

    def put(self, key: str, source: Path) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, target)  # atomic on one file system
        except OSError:
            # Another file system (scratch elsewhere): copy beside the target, then rename into place.
            partial = target.with_name(f".{target.name}.{os.getpid()}.part")
            shutil.copyfile(source, partial)
            os.replace(partial, target)
            source.unlink(missing_ok=True)

    def local_path(self, key: str) -> Path:
        path = self._path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return path

    def stored_file(self, key: str) -> Path:
        return self.local_path(key)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int | None:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            return None

    def read(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        with self.local_path(key).open("rb") as f:
            f.seek(start)
            left = None if end is None else end - start + 1
            while left is None or left > 0:
                block = f.read(_READ_BLOCK if left is None else min(_READ_BLOCK, left))
                if not block:
                    return
                if left is not None:
                    left -= len(block)
                yield block

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        folder = self._path(prefix.rstrip("/"))
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for path in folder.parent.glob(folder.name + "*"):
                path.unlink(missing_ok=True)

    def presigned_url(self, key: str, filename: str, content_type: str, expires_s: int) -> str | None:
        return None

    def sweep_partials(self, older_than_s: float) -> int:
        partials = [p for sub in ("renders", "chunks", "thumbs") for p in (self.root / sub).rglob(".*.part")]
        return self._sweep_tmp(older_than_s) + _remove_older(partials, older_than_s)


def _remove_older(paths: list[Path], older_than_s: float) -> int:
    cutoff = time.time() - older_than_s
    removed = 0
    for path in paths:
        try:
            if path.is_file() and path.stat().st_mtime <= cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # another process swept it first
    return removed
