"""Where files live: a local folder (a shared mount serves several machines)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class LocalBlobs:
    """Media under media/<session>/<generated name>, renders under renders/<job id>.<ext>, work in tmp/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in ("media", "renders", "tmp"):
            (root / sub).mkdir(parents=True, exist_ok=True)

    def media_path(self, session_id: str, stored_name: str) -> Path:
        return self.root / "media" / session_id / stored_name

    def render_path(self, name: str) -> Path:
        return self.root / "renders" / name

    def temp_file(self, suffix: str = "") -> Path:
        fd, name = tempfile.mkstemp(dir=self.root / "tmp", suffix=suffix)
        os.close(fd)
        return Path(name)

    def keep_media(self, temp: Path, session_id: str, stored_name: str) -> Path:
        """Move an accepted upload into place (an atomic rename on one file system)."""
        target = self.media_path(session_id, stored_name)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, target)
        return target

    def sweep_partials(self) -> int:
        """Delete half-written renders and uploads left by a process that died."""
        removed = 0
        for path in list((self.root / "renders").glob(".*.part")) + list((self.root / "tmp").iterdir()):
            path.unlink(missing_ok=True)
            removed += 1
        return removed
