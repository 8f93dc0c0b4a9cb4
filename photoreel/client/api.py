"""A typed client for any seed-compatible server: token, session, upload, instruct, state, export, download.

Recovery follows the seed's error table: 1001 -> a new token and one retry; 1002 -> a new session (the caller is
told); 429 -> wait `Retry-After` and retry once; network errors -> bounded retries with back-off, for calls that
are safe to repeat (reads, and render creation, which is idempotent through its id).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx

from photoreel import __version__
from photoreel.client.cache import Credentials, TokenCache
from photoreel.client.errors import NetworkError, ServerError, error_for
from photoreel.client.events import AgentEvent, ErrorEvent, Heartbeat, parse_event
from photoreel.errors import NotFound, PhotoreelError, RateLimited, TokenInvalid
from photoreel.timeline import Timeline, from_draft

DEFAULT_SERVER = "http://127.0.0.1:8000"
APP = "nemo_agent"
T = TypeVar("T")
Progress = Callable[[int, int], None]  # (done, total)
_CHUNK = 256 * 1024


@dataclass(frozen=True)
class SessionState:
    session_id: str
    summary: str
    timeline: Timeline
    video_infos: list[dict[str, Any]]
    generated_media: list[dict[str, Any]]


class PhotoreelClient:
    def __init__(
        self,
        server: str | None = None,
        *,
        token: str | None = None,
        cache: TokenCache | None = None,
        platform: str = "cli",
        timeout_s: float = 60.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        self.server = (server or os.environ.get("PHOTOREEL_SERVER") or DEFAULT_SERVER).rstrip("/")
        self.fixed_token = token or os.environ.get("PHOTOREEL_TOKEN") or os.environ.get("NEMO_TOKEN")
        self.cache = cache or TokenCache()
        self.credentials: Credentials = self.cache.load(self.server)
        self.retries = retries
        self.sleep = sleep
        self.notice = notice or (lambda _message: None)
        self.http = httpx.Client(
            base_url=self.server,
            timeout=httpx.Timeout(timeout_s, connect=10.0),
            headers={
                "X-Skill-Source": "photoreel-client",
                "X-Skill-Version": __version__,
                "X-Skill-Platform": platform,
            },
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> PhotoreelClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transport --------------------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, idempotent: bool, auth: bool = True, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if auth:
            headers["Authorization"] = f"Bearer {self.token()}"
        attempts = self.retries + 1 if idempotent else 1
        for attempt in range(attempts):
            try:
                return self.http.request(method, path, headers=headers, **kwargs)
            except httpx.TransportError as exc:
                if attempt + 1 >= attempts:
                    raise NetworkError(f"cannot reach {self.server} ({type(exc).__name__})") from exc
                self.sleep(min(8.0, 0.5 * 2**attempt))
        raise AssertionError("unreachable")

    @staticmethod
    def _envelope(response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            raise ServerError(f"the server answered HTTP {response.status_code} without JSON") from None
        if not isinstance(body, dict) or "code" not in body:
            raise ServerError(f"the server answered HTTP {response.status_code} with an unexpected body")
        return body

    def _raise_for(self, response: httpx.Response, body: dict[str, Any]) -> PhotoreelError:
        retry_after = response.headers.get("retry-after")
        return error_for(
            int(body["code"]),
            str(body.get("message", "")),
            response.status_code,
            int(retry_after) if retry_after and retry_after.isdigit() else None,
        )

    def _recovering(self, send: Callable[[], httpx.Response]) -> httpx.Response:
        """Send; on 1001 get a new token and on 429 wait, each once; return a response with code 0 (or raise)."""
        renewed = waited = False
        while True:
            response = send()
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                return response
            response.read()  # a streamed request that got an envelope instead of events
            body = self._envelope(response)
            if body["code"] == 0:
                return response
            error = self._raise_for(response, body)
            if isinstance(error, TokenInvalid) and not renewed and not self.fixed_token:
                renewed = True
                self.notice("The token expired; getting a new one.")
                self.login(force=True)
                continue
            if isinstance(error, RateLimited) and not waited:
                waited = True
                self.notice(f"Rate limited; waiting {error.retry_after} s.")
                self.sleep(error.retry_after)
                continue
            raise error

    def _call(self, method: str, path: str, *, idempotent: bool = False, auth: bool = True, **kwargs: Any) -> Any:
        response = self._recovering(lambda: self._send(method, path, idempotent=idempotent, auth=auth, **kwargs))
        return self._envelope(response)["data"]

    def _in_session(self, action: Callable[[str], T]) -> T:
        """Run `action(session_id)`; if the server lost the session (1002), open a new one, say so, retry once."""
        try:
            return action(self.session_id())
        except NotFound:
            self.notice("The session was not found on the server; starting a new one (earlier uploads are not in it).")
            return action(self.new_session())

    # --- token and session ----------------------------------------------------------------------------------

    def token(self) -> str:
        if self.fixed_token:
            return self.fixed_token
        if not self.credentials.valid():
            self.login(force=True)
        assert self.credentials.token is not None
        return self.credentials.token

    def login(self, force: bool = False) -> Credentials:
        """A token for this client id (cached until it expires)."""
        if self.fixed_token or (self.credentials.valid() and not force):
            return self.credentials
        data = self._call(
            "POST", "/api/auth/anonymous-token", auth=False, headers={"X-Client-Id": self.credentials.client_id}
        )
        self.credentials.token = data["token"]
        self.credentials.expires_at = data.get("expires_at")
        self.cache.save(self.server, self.credentials)
        return self.credentials

    def new_session(self, language: str = "en") -> str:
        data = self._call(
            "POST", f"/api/tasks/me/with-session/{APP}", json={"task_name": "project", "language": language}
        )
        self.credentials.session_id = data["session_id"]
        self.cache.save(self.server, self.credentials)
        return data["session_id"]

    def session_id(self) -> str:
        return self.credentials.session_id or self.new_session()

    # --- the workflow -----------------------------------------------------------------------------------------

    def credits(self) -> dict[str, int]:
        return self._call("GET", "/api/credits/balance/simple", idempotent=True)

    def state(self) -> SessionState:
        data = self._in_session(lambda sid: self._call("GET", f"/api/state/{APP}/me/{sid}", idempotent=True))
        state = data["state"]
        return SessionState(
            data["session_id"],
            data.get("summary", ""),
            from_draft(state["draft"]),
            state["video_infos"],
            state["generated_media"],
        )

    def upload(self, paths: list[Path], progress: Progress | None = None) -> list[dict[str, Any]]:
        """Upload files (streamed, with progress); each file's outcome is returned, accepted or not."""
        paths = [Path(p) for p in paths]
        boundary = f"photoreel-{uuid.uuid4().hex}"
        heads = [
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{_quote(p.name)}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            for p in paths
        ]
        tail = f"--{boundary}--\r\n".encode()
        total = sum(len(h) + p.stat().st_size + 2 for h, p in zip(heads, paths, strict=True)) + len(tail)

        def body() -> Iterator[bytes]:
            sent = 0
            for head, path in zip(heads, paths, strict=True):
                yield head
                sent += len(head)
                with path.open("rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        sent += len(chunk)
                        if progress:
                            progress(sent, total)
                        yield chunk
                yield b"\r\n"
                sent += 2
            yield tail
            if progress:
                progress(total, total)

        def send(sid: str) -> Any:
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(total)}
            response = self._recovering(
                lambda: self._send(
                    "POST", f"/api/upload-video/{APP}/me/{sid}", idempotent=False, content=body(), headers=headers
                )
            )
            return self._envelope(response)["data"]["files"]

        return self._in_session(send)

    def upload_urls(self, urls: list[str]) -> list[dict[str, Any]]:
        return self._in_session(
            lambda sid: self._call("POST", f"/api/upload-video/{APP}/me/{sid}", json={"urls": urls})["files"]
        )

    def say(self, text: str) -> Iterator[AgentEvent]:
        """Send an instruction; yield its events as they stream, heartbeats included."""

        def open_stream(sid: str) -> httpx.Response:
            body = {
                "app_name": APP,
                "user_id": "me",
                "session_id": sid,
                "new_message": {"role": "user", "parts": [{"text": text}]},
            }

            def send() -> httpx.Response:
                request = self.http.build_request(
                    "POST",
                    "/run_sse",
                    json=body,
                    headers={"Authorization": f"Bearer {self.token()}", "Accept": "text/event-stream"},
                    timeout=httpx.Timeout(900.0, connect=10.0),
                )
                return self.http.send(request, stream=True)

            return self._recovering(send)

        # The same recovery as every other call: 1001 and 429 in _recovering, 1002 in _in_session.
        response = self._in_session(open_stream)
        try:
            yield from _sse_events(response)
        finally:
            response.close()

    def export(self, render_id: str | None = None, **output: Any) -> dict[str, Any]:
        render_id = render_id or f"render_{uuid.uuid4().hex}"
        wanted = {k: v for k, v in output.items() if v is not None}
        return self._in_session(
            lambda sid: self._call(
                "POST",
                "/api/render/proxy/lambda",
                idempotent=True,  # the id makes a repeat start nothing new
                json={"id": render_id, "sessionId": sid, "output": wanted or None},
            )
        )

    def render(self, render_id: str) -> dict[str, Any]:
        return self._call("GET", f"/api/render/proxy/lambda/{render_id}", idempotent=True)

    def wait(
        self, render_id: str, progress: Callable[[dict[str, Any]], None] | None = None, timeout_s: float = 900.0
    ) -> dict[str, Any]:
        """Poll until the render completes (every 1 s at first, backing off to 10 s); raise if it fails."""
        deadline = time.monotonic() + timeout_s
        delay = 1.0
        while True:
            job = self.render(render_id)
            if progress:
                progress(job)
            if job["status"] == "completed":
                return job
            if job["status"] == "failed":
                raise ServerError(f"the render failed: {job.get('error') or 'no reason given'}")
            if time.monotonic() > deadline:
                raise ServerError(f"the render did not finish within {timeout_s:.0f} s (still {job['status']})")
            self.sleep(delay)
            delay = min(10.0, delay * 1.5)

    def _same_origin(self, url: str) -> bool:
        """True for a path on this server or a URL whose scheme, host and port are this server's."""
        target = httpx.URL(url)
        if not target.is_absolute_url:
            return True
        server = httpx.URL(self.server)
        return (target.scheme, target.host, target.port) == (server.scheme, server.host, server.port)

    def download(self, url: str, target: Path, progress: Progress | None = None) -> Path:
        """Stream the file to `target`; an interrupted download resumes from where it stopped (HTTP Range)."""
        target = Path(target)
        part = target.with_name(target.name + ".part")
        for attempt in range(self.retries + 1):
            have = part.stat().st_size if part.exists() else 0
            # The token goes only to this server: a download link elsewhere (a bucket's presigned URL) is signed
            # on its own, and must not learn the token.
            headers = {"Authorization": f"Bearer {self.token()}"} if self._same_origin(url) else {}
            if have:
                headers["Range"] = f"bytes={have}-"
            try:
                with self.http.stream("GET", url, headers=headers) as response:
                    if response.status_code == 416:  # already complete
                        break
                    if response.status_code not in (200, 206):
                        response.read()
                        raise self._raise_for(response, self._envelope(response))
                    if response.status_code == 200:
                        have = 0  # the server ignored the range: start over
                    total = have + int(response.headers.get("content-length", 0))
                    with part.open("ab" if have else "wb") as out:
                        for chunk in response.iter_bytes(_CHUNK):
                            out.write(chunk)
                            have += len(chunk)
                            if progress:
                                progress(have, total)
                break
            except httpx.TransportError as exc:
                if attempt >= self.retries:
                    raise NetworkError(
                        f"the download broke off ({type(exc).__name__}); run it again to resume"
                    ) from exc
                self.sleep(min(8.0, 0.5 * 2**attempt))
        os.replace(part, target)
        return target


def _quote(name: str) -> str:
    return name.replace("\\", "_").replace('"', "_").replace("\r", "_").replace("\n", "_")


def _sse_events(response: httpx.Response) -> Iterator[AgentEvent]:
    """Server-Sent Events, by the spec's line rules: comments are heartbeats, `data:` lines make an event."""
    data: list[str] = []
    for line in response.iter_lines():
        if line.startswith(":"):
            yield Heartbeat()
            continue
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
            continue
        if line == "" and data:
            try:
                payload = json.loads("\n".join(data))
            except ValueError:
                payload = {"errorCode": "500", "errorMessage": "the server sent an unreadable event"}
            data = []
            yield from parse_event(payload)
    if data:
        yield from parse_event(json.loads("\n".join(data)))


__all__ = ["DEFAULT_SERVER", "ErrorEvent", "PhotoreelClient", "SessionState"]
