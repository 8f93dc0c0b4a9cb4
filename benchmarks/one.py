"""Run one contender on one workload once, in its own process; print {"seconds": ...} as JSON."""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from benchmarks import workloads


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
        started = time.perf_counter()
        if args.contender == "photoreel":
            from benchmarks.contenders import photoreel_local

            photoreel_local.run(w, args.out, args.quality)
        elif args.contender == "photoreel-api":
            from benchmarks.contenders import photoreel_api

            photoreel_api.run(w, args.out, args.server)
        elif args.contender == "ffmpeg-cli":
            from benchmarks.contenders import ffmpeg_cli

            ffmpeg_cli.run(w, args.out)
        elif args.contender == "moviepy":
            from benchmarks.contenders import moviepy_v2

            moviepy_v2.run(w, args.out)
        else:
            raise SystemExit(f"unknown contender {args.contender}")
        seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork+exec, so it would report the runner's own size.
    own = _peak_kb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if args.contender == "ffmpeg-cli" else 0
    print(json.dumps({"seconds": seconds, "peak_rss_mb": max(own, children) / 1024}))


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main()
