"""The digest of a file's bytes: what a cached chunk names its photos and clips by, so the same picture in
another session, or under another name, finds the same chunks."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

_known: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> digest, for files hashed before
_lock = threading.Lock()
_KNOWN_MAX = 4096


def file_digest(path: Path | str) -> str:
    """SHA-256 of the file, hex. Remembered for as long as the file keeps its size and modification time, so
    a 200 MB clip is read once per process, not once per export."""
    path = Path(path)
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _lock:
        known = _known.get(key)
    if known is not None:
        return known
    with path.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    with _lock:
        if len(_known) >= _KNOWN_MAX:
            _known.clear()
        _known[key] = digest
    return digest
