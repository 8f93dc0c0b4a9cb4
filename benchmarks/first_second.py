"""Watch while it renders (issue 17): through the HTTP API on a live `photoreel serve`, W2's album (40 photos,
120 s at 1080p30) exported with an empty chunk cache, timing from the export request to the first playable second
(the preview lists its first chunk and that chunk can be fetched) and to the whole file.

    python -m benchmarks.first_second [--write]      (part of `make bench`)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from benchmarks import reexport, workloads
from benchmarks.run import _server


def measure(work: Path, data: Path) -> list[str]:
    w = workloads.build("W2", data)
    server, url = _server(work / "server")
    try:
        with httpx.Client(base_url=url, timeout=120) as http:
            token = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
            auth = {"Authorization": f"Bearer {token.json()['data']['token']}"}
            sid = http.post("/api/tasks/me/with-session/nemo_agent", json={}, headers=auth).json()["data"]["session_id"]
            for photo in w.photos:  # one request each, as the web page sends them; not timed
                files = [("files", (photo.name, photo.read_bytes()))]
                assert (
                    http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=files, headers=auth).json()["code"] == 0
                )
            say = {"session_id": sid, "new_message": {"parts": [{"text": "make it 120 seconds, crossfade"}]}}
            http.post("/run", json=say, headers=auth).raise_for_status()

            started = time.perf_counter()
            body = {"id": "render_watch", "sessionId": sid}
            assert http.post("/api/render/proxy/lambda", json=body, headers=auth).json()["code"] == 0
            first = whole = None
            while whole is None:
                status = http.get("/api/render/proxy/lambda/render_watch", headers=auth).json()["data"]
                if first is None and status.get("previewUrl"):
                    preview = http.get(status["previewUrl"], headers=auth).json()
                    if preview["code"] == 0 and preview["data"]["segments"]:
                        segment = preview["data"]["segments"][0]
                        assert http.get(segment["url"]).status_code == 200
                        first = (time.perf_counter() - started, segment["duration"])
                if status["status"] == "completed":
                    whole = time.perf_counter() - started
                assert status["status"] != "failed", status
                time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(30)
    assert first is not None
    return [
        f"W2 through the API (`photoreel serve`, one render worker, an empty chunk cache): from the export request "
        f"to the first playable second **{first[0]:.1f} s** (goal <= 3 s; its first chunk plays {first[1]:.1f} s), "
        f"to the whole file **{whole:.1f} s**.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="replace the section in RESULTS.md")
    parser.add_argument("--data", type=Path, help="where the album's photos are made (kept for the next run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="photoreel-first-second-") as work:
        data = args.data or Path(work) / "data"
        subprocess.run([sys.executable, "-m", "benchmarks.reexport", "--prepare", "--data", str(data)], check=True)
        lines = measure(Path(work), data)
    print("\n".join(lines))
    if args.write:
        reexport.write_section("first-second", "Watching an export while it renders (issue 17)", lines)


if __name__ == "__main__":
    main()
