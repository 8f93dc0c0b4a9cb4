"""Schemathesis drives every operation in the OpenAPI schema of a live server with generated requests
(coverage, fuzzing and stateful phases): none may answer with a 5xx."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from tests.live import Server


def test_no_generated_request_gets_a_server_error(tmp_path: Path):
    if shutil.which("schemathesis", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("schemathesis is not installed (it comes with the dev extras)")
    server = Server(tmp_path / "data", rate_limit_per_minute="1000000").start()
    try:
        token = httpx.post(f"{server.url}/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}).json()[
            "data"
        ]["token"]
        run = subprocess.run(
            [
                str(Path(sys.executable).parent / "schemathesis"),
                "run",
                f"{server.url}/openapi.json",
                "--checks",
                "not_a_server_error",
                "--header",
                f"Authorization: Bearer {token}",
                "--max-examples",
                "15",
                "--generation-deterministic",
                "--request-timeout",
                "30",
            ],
            capture_output=True,
            text=True,
            timeout=400,
        )
        report = run.stdout[-3000:] + run.stderr[-2000:]
        assert run.returncode == 0, report
        assert " passed" in run.stdout and " failed" not in run.stdout, report
        log = server.log_path.read_text(errors="replace")
        assert "unexpected error" not in log and "Traceback" not in log, log[-4000:]
    finally:
        server.stop()
