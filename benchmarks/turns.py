"""How long an instruction turn takes on the rules path (issue 20 asks for under 150 ms at p95 on this machine).

Two measurements over every message of the conversation corpus (tests/agent/talk), in EN and ZH as written:
- `interpret`: the rule-based interpreter alone, on the corpus's five-photo project;
- `/run_sse`: the whole turn through the app in-process (auth, the session row locked, the plan, the edits applied
  and charged, the draft saved, the events streamed), on a session with five uploaded photos and a song.

    python -m benchmarks.turns [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from PIL import Image

from photoreel.agent import Command, RuleBasedInterpreter, View
from photoreel.api.app import create_app
from photoreel.config import Settings
from photoreel.media.library import catalogue
from tests.agent.conversation import load, project


def _percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms   (n={len(ordered)})"
    )


def interpret_times(messages: list[str]) -> list[float]:
    interpreter, library = RuleBasedInterpreter(), catalogue()
    timeline = project([])
    interpreter.interpret("warm up", View(timeline, library=library))
    out = []
    for message in messages:
        start = time.perf_counter()
        interpreter.interpret(message, View(timeline, library=library, seed="bench"))
        out.append((time.perf_counter() - start) * 1000)
    return out


def _photo(path: Path, colour: tuple[int, int, int]) -> Path:
    pixels = np.zeros((1200, 1600, 3), np.uint8)
    pixels[:] = colour
    pixels[:400] = (250, 250, 250)
    Image.fromarray(pixels).save(path, quality=90)
    return path


def turn_times(messages: list[str], folder: Path) -> list[float]:
    settings = Settings(data_dir=folder / "data", rate_limit_per_minute=100_000, free_credits=100_000)
    client = TestClient(create_app(settings))
    with client:
        r = client.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
        token = r.json()["data"]["token"]
        auth = {"Authorization": f"Bearer {token}"}
        colours = ((40, 70, 210), (40, 170, 60), (220, 60, 40), (235, 215, 40), (30, 25, 30))
        files = [_photo(folder / f"p{i}.jpg", c) for i, c in enumerate(colours)]
        out = []
        session = ""
        for k, message in enumerate(messages):
            if k % 20 == 0:  # a fresh session now and then, so the undo history stays a user's length
                r = client.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "b"}, headers=auth)
                session = r.json()["data"]["session_id"]
                upload = [("files", (p.name, p.read_bytes(), "image/jpeg")) for p in files]
                client.post(f"/api/upload-video/nemo_agent/me/{session}", files=upload, headers=auth)
            body = {
                "app_name": "nemo_agent",
                "user_id": "me",
                "session_id": session,
                "new_message": {"role": "user", "parts": [{"text": message}]},
            }
            start = time.perf_counter()
            with client.stream("POST", "/run_sse", json=body, headers=auth) as r:
                for _ in r.iter_bytes():
                    pass
            out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N messages")
    args = parser.parse_args()
    messages = [c["say"] for c in load()]
    # A turn that exports starts a render; that is the render benchmarks' to time, not this one's.
    timeline = project([])
    messages = [
        m
        for m in messages
        if not any(
            isinstance(s, Command) and s.name == "export"
            for s in RuleBasedInterpreter().interpret(m, View(timeline)).steps
        )
    ]
    if args.limit:
        messages = messages[: args.limit]
    print(f"interpret (rules only): {_percentiles(interpret_times(messages))}")
    with tempfile.TemporaryDirectory() as folder:
        print(f"/run_sse turn (in-process app): {_percentiles(turn_times(messages, Path(folder)))}")


if __name__ == "__main__":
    main()
