"""Run one contender on one workload once, in its own process; print {"seconds": ...} as JSON."""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import time
from pathlib import Path

from benchmarks import workloads

# contender -> (module in benchmarks.contenders, function); imported only when chosen, so a missing extra
# (MoviePy) does not stop the others.
RUNNERS = {
    "photoreel": ("photoreel_local", "run"),
    "photoreel-cached": ("photoreel_local", "run_cached"),
    "photoreel-api": ("photoreel_api", "run"),
    "ffmpeg-cli": ("ffmpeg_cli", "run"),
    "ffmpeg-cli-smooth": ("ffmpeg_cli", "run_smooth"),
    "moviepy": ("moviepy_v2", "run"),
    "pyav-pillow": ("pyav_pillow", "run"),
    "editly": ("editly", "run"),
}
RUNS_A_CHILD_PROCESS = {"ffmpeg-cli", "ffmpeg-cli-smooth", "editly"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", required=True)
    parser.add_argument("--contender", required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--server")
    parser.add_argument("--quality", default="standard")
    args = parser.parse_args()
    w = workloads.build(args.workload, args.data)
    if args.contender == "floor":
        from benchmarks.contenders import encoder_floor

        seconds = encoder_floor.run(w, args.out)  # times the encoding only
    else:
        if args.contender not in RUNNERS:
            raise SystemExit(f"unknown contender {args.contender}")
        module, function = RUNNERS[args.contender]
        contender = importlib.import_module(f"benchmarks.contenders.{module}")
        run = getattr(contender, function)
        if hasattr(contender, "prepare"):  # input conversions a contender needs are not part of its time
            w = contender.prepare(w)
        extra = {"photoreel": (args.quality,), "photoreel-cached": (args.quality,), "photoreel-api": (args.server,)}
        extra = extra.get(args.contender, ())
        started = time.perf_counter()
        run(w, args.out, *extra)
        seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork+exec, so it would report the runner's own size.
    own = _peak_kb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if args.contender in RUNS_A_CHILD_PROCESS else 0
    print(json.dumps({"seconds": seconds, "peak_rss_mb": max(own, children) / 1024}))


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
