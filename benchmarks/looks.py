"""What a colour look costs: W1 rendered with no look and with each kind of grade, in alternating rounds.

    .venv/bin/python -m benchmarks.looks [--rounds 2]

`vivid` is a plain grade (luma table, chroma scale), `cinematic` the dearest (a luma-dependent chroma shift and
the bars on every frame). The goal is at most 10% over W1 with no look.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from pathlib import Path

from benchmarks.contenders.photoreel_local import options
from benchmarks.workloads import build
from photoreel.service.make import make_video

LOOKS = ("none", "vivid", "cinematic")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path(__file__).parent / ".work")
    args = parser.parse_args()
    w = build("W1", args.work / "inputs")
    out = args.work / "looks"
    out.mkdir(parents=True, exist_ok=True)
    times: dict[str, list[float]] = {look: [] for look in LOOKS}
    for _ in range(args.rounds):
        for look in LOOKS:
            started = time.perf_counter()
            make_video(w.photos, out / f"{look}.mp4", dataclasses.replace(options(w), look=look))
            times[look].append(time.perf_counter() - started)
            print(f"  {look}: {times[look][-1]:.2f} s", flush=True)
    base = statistics.median(times["none"])
    for look in LOOKS:
        m = statistics.median(times[look])
        print(f"| W1, look {look} | {m:.2f} s | {m / base:.2f}x |")


if __name__ == "__main__":
    main()
