"""Peak memory of rendering one long 4K HEVC phone clip (with sound) to 1080p30, measured from outside.

    .venv/bin/python -m benchmarks.clip_memory [--seconds 60] [--work DIR]

The clip is generated once (x265 10-bit would be slower still; 8-bit HEVC is what most Android phones write) and
cached in the work folder. The render runs in a child process whose peak resident set (VmHWM) is read from
/proc, so the number includes everything: the interpreter, PyAV's decoder threads and x264.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from benchmarks.workloads import _texture

SIZE = (3840, 2160)
FPS = 30


def make_clip(path: Path, seconds: float) -> Path:
    if path.exists():
        return path
    base = np.asarray(_texture((SIZE[0] + 8 * FPS, SIZE[1]), seed=7))
    partial = path.with_suffix(".part.mp4")
    with av.open(str(partial), "w") as container:
        video = container.add_stream("libx265", rate=FPS)
        video.width, video.height = SIZE
        video.pix_fmt = "yuv420p"
        video.options = {"preset": "ultrafast", "crf": "28", "x265-params": "log-level=error:keyint=60"}
        audio = container.add_stream("aac", rate=48_000)
        audio.layout = "stereo"
        for i in range(round(seconds * FPS)):
            x = (i * 8) % (8 * FPS)  # the picture pans: real motion for the decoder
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(base[:, x : x + SIZE[0]]), format="rgb24")
            frame.pts = i
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        rate, n = 48_000, round(seconds * 48_000)
        tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(n) / rate)).astype(np.float32)
        for pos in range(0, n, 1024):
            chunk = tone[pos : pos + 1024]
            frame = av.AudioFrame.from_ndarray(np.stack([chunk, chunk]), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts, frame.time_base = rate, pos, Fraction(1, rate)
            container.mux(audio.encode(frame))
        container.mux(audio.encode(None))
    partial.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--work", type=Path, default=Path("out/bench/clip-memory"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    clip = make_clip(args.work / f"hevc-4k-{args.seconds:g}s.mp4", args.seconds)
    print(f"clip ready ({time.monotonic() - started:.0f} s): {clip}", flush=True)
    out = args.work / "out.mp4"
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(clip), str(out)], stdout=subprocess.PIPE, text=True)
    started = time.monotonic()
    stdout, _ = child.communicate()
    print(
        f"rendered {args.seconds:g} s of 4K HEVC to 1080p30 in {time.monotonic() - started:.1f} s; "
        f"peak RSS {stdout.strip()} MB"
    )


# The child reads its own VmHWM just before it exits: the whole render's peak.
_CHILD = """
import sys
from pathlib import Path
from photoreel.service.make import MakeOptions, make_video
make_video([sys.argv[1]], sys.argv[2], MakeOptions(motion="none", transition="none"))
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmHWM:"):
        print(round(int(line.split()[1]) / 1024))
"""


if __name__ == "__main__":
    main()
