"""The token, client id and current session per server, kept in the user's config folder with mode 0600."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_config_dir


@dataclass
class Credentials:
    client_id: str
    token: str | None = None
    expires_at: str | None = None  # ISO 8601, UTC
    session_id: str | None = None

    def valid(self) -> bool:
        if not self.token or not self.expires_at:
            return False
        try:
            expires = datetime.fromisoformat(self.expires_at.replace("Z", "+00:00"))
        except ValueError:
            return False
        return expires > datetime.now(UTC)


class TokenCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(user_config_dir("photoreel")) / "client.json"

    def _read(self) -> dict[str, dict[str, str | None]]:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    def load(self, server: str) -> Credentials:
        entry = self._read().get(server.rstrip("/"))
        if entry and entry.get("client_id"):
            return Credentials(**{k: entry.get(k) for k in ("client_id", "token", "expires_at", "session_id")})  # type: ignore[arg-type]
        return Credentials(client_id=str(uuid.uuid4()))

    def save(self, server: str, credentials: Credentials) -> None:
        data = self._read()
        data[server.rstrip("/")] = asdict(credentials)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written to a private temp file and renamed: the token is never readable by others, even briefly.
        temp = self.path.with_suffix(".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh, indent=2)
        os.chmod(temp, 0o600)
        os.replace(temp, self.path)
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)
