"""The real app under test, and the one way tests drive its API: `Api`, over the ASGI app in this process
(TestClient) or over loopback HTTP to a live `photoreel serve` (an `httpx.Client` on its URL). Also the
databases for the store tests."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from photoreel.api.app import create_app
from photoreel.config import Settings

POSTGRES_URL = os.environ.get("PHOTOREEL_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        settings = Settings(data_dir=tmp_path / "data", **overrides)
        client = TestClient(create_app(settings), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


class Api:
    """The seed's workflow, step by step, as a client written for that document performs it. `client` is any
    httpx client: a TestClient, or an `httpx.Client(base_url=server.url)` for a live server."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.token = ""
        self.session_id = ""

    @classmethod
    def started(cls, client: httpx.Client, language: str = "en") -> Api:
        """Logged in with a fresh token, with a new session of its own."""
        api = cls(client).login()
        api.new_session(language)
        return api

    def on(self, client: httpx.Client, session_id: str | None = None) -> Api:
        """The same token (and session, unless another is named) through another client: another server of a
        fleet, or the same server after a restart."""
        other = Api(client)
        other.token, other.session_id = self.token, session_id or self.session_id
        return other

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "X-Skill-Source": "image-to-video-download"}

    def login(self) -> Api:
        r = self.client.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
        assert r.status_code == 200, r.text
        self.token = r.json()["data"]["token"]
        return self

    def new_session(self, language: str = "en") -> str:
        r = self.client.post(
            "/api/tasks/me/with-session/nemo_agent",
            json={"task_name": "project", "language": language},
            headers=self.auth,
        )
        assert r.status_code == 200, r.text
        self.session_id = r.json()["data"]["session_id"]
        return self.session_id

    def upload(self, *paths: Path, session_id: str | None = None) -> Any:
        files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
        return self.client.post(
            f"/api/upload-video/nemo_agent/me/{session_id or self.session_id}", files=files, headers=self.auth
        )

    def state(self, session_id: str | None = None) -> Any:
        return self.client.get(f"/api/state/nemo_agent/me/{session_id or self.session_id}", headers=self.auth)

    def export(self, render_id: str, **output: Any) -> Any:
        body = {"id": render_id, "sessionId": self.session_id, "output": output or None}
        return self.client.post("/api/render/proxy/lambda", json=body, headers=self.auth)

    def edit(self, *ops: tuple[str, dict[str, Any]], revision: int | None = None) -> Any:
        """Edits by hand, as the web page's controls send them: (op name, args) each."""
        body = {"ops": [{"op": name, "args": args} for name, args in ops], "revision": revision}
        return self.client.post(f"/api/edits/nemo_agent/me/{self.session_id}", json=body, headers=self.auth)

    def history(self, name: str, revision: int | None = None) -> Any:
        """ "undo" or "redo" by the page's buttons."""
        url = f"/api/edits/nemo_agent/me/{self.session_id}/{name}"
        return self.client.post(url, json={"revision": revision}, headers=self.auth)

    def say(self, text: str) -> list[dict[str, Any]]:
        """One instruction through `/run`: the turn's events."""
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": self.session_id,
            "new_message": {"role": "user", "parts": [{"text": text}]},
        }
        r = self.client.post("/run", json=body, headers=self.auth)
        assert r.status_code == 200, r.text
        return list(r.json())

    def status(self, render_id: str) -> dict[str, Any]:
        r = self.client.get(f"/api/render/proxy/lambda/{render_id}", headers=self.auth)
        assert r.status_code == 200, r.text
        return dict(r.json()["data"])

    def poll(self, render_id: str, timeout: float = 60, every_s: float = 0.1) -> dict[str, Any]:
        """The render once it has finished, completed or failed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            data = self.status(render_id)
            if data["status"] in ("completed", "failed"):
                return data
            time.sleep(every_s)
        raise AssertionError(f"render {render_id} did not finish in {timeout} s")

    def wait_completed(self, render_id: str, timeout: float = 60) -> dict[str, Any]:
        data = self.poll(render_id, timeout, every_s=0.25)
        assert data["status"] == "completed", data
        return data

    def download(self, render: dict[str, Any], target: Path) -> Path:
        """The finished video by its signed link (no token needed), saved at `target`."""
        r = self.client.get(render["output"]["url"], follow_redirects=True)
        assert r.status_code == 200, r.text
        target.write_bytes(r.content)
        return target


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client).login()


def assert_envelope(response: Any, status: int, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message", "data"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A throwaway, migrated PostgreSQL database; CI fails without one, elsewhere the test skips and says why."""
    import sqlalchemy as sa

    from photoreel.store.db import migrate

    try:
        admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = f"photoreel_{uuid.uuid4().hex[:12]}"
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must reach PostgreSQL at {POSTGRES_URL}: {exc}")
        pytest.skip(f"no PostgreSQL at {POSTGRES_URL} ({type(exc).__name__}); start one to run these tests")
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    migrate(url)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database: a SQLite file, and a throwaway PostgreSQL database where one answers."""
    if request.param == "sqlite":
        from photoreel.store.db import migrate

        url = f"sqlite:///{tmp_path / 'test.db'}"
        migrate(url)
        yield url
        return
    with fresh_postgres() as url:
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with fresh_postgres() as url:
        yield url
