"""Time to video through the HTTP API: token, session, upload, export, poll, download."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx

from benchmarks.workloads import Workload


def run(w: Workload, out: Path, server: str) -> Path:
    with httpx.Client(base_url=server, timeout=120) as http:
        token = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}).json()["data"][
            "token"
        ]
        auth = {"Authorization": f"Bearer {token}"}
        sid = http.post("/api/tasks/me/with-session/nemo_agent", json={}, headers=auth).json()["data"]["session_id"]
        files = [("files", (p.name, p.read_bytes())) for p in w.photos]
        assert http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=files, headers=auth).json()["code"] == 0
        say = {"session_id": sid, "new_message": {"parts": [{"text": f"make it {w.duration_s:g} seconds, crossfade"}]}}
        http.post("/run", json=say, headers=auth).raise_for_status()
        job = http.post("/api/render/proxy/lambda", json={"id": "render_bench", "sessionId": sid}, headers=auth)
        assert job.json()["code"] == 0, job.text
        while (status := http.get("/api/render/proxy/lambda/render_bench", headers=auth).json()["data"])[
            "status"
        ] not in (
            "completed",
            "failed",
        ):
            time.sleep(0.05)
        assert status["status"] == "completed", status
        out.write_bytes(http.get(status["output"]["url"]).content)
    return out
