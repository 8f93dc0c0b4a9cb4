"""`make bench`: every workload, every contender, side by side; a table on stdout and in benchmarks/RESULTS.md.

Each run is its own process, so peak memory is that contender's alone. Times are medians of --runs runs and cover
the work only (not interpreter start-up). The encoder floor encodes photoreel's own composed frames, prepared
in memory beforehand.

`--short` checks rather than measures: W5 shrinks to 6 s (its own shorter clips), every output is decoded and
checked (size, frame count, sound), and nothing is written to RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import av

from benchmarks import workloads
from benchmarks.contenders import editly, encoder_floor, ffmpeg_cli, moviepy_v2
from benchmarks.motion import Smoothness, bar_positions, composed_positions, smoothness
from benchmarks.quality import video_ssim

ROOT = Path(__file__).resolve().parent
PLAN = {
    "W1": ["photoreel", "ffmpeg-cli", "ffmpeg-cli-smooth", "moviepy", "editly", "pyav-pillow", "floor"],
    "W2": ["photoreel", "ffmpeg-cli", "ffmpeg-cli-smooth", "floor"],
    "W3": ["photoreel", "ffmpeg-cli", "ffmpeg-cli-smooth", "moviepy", "floor"],
    "W4": ["photoreel-api"],
    "W5": ["photoreel", "ffmpeg-cli", "moviepy", "floor"],
    "M": ["photoreel", "ffmpeg-cli", "ffmpeg-cli-smooth", "moviepy", "editly", "pyav-pillow"],
}
FLOOR_GOALS = {"W5": 1.3}  # photoreel / encoder floor, as the workload's issue asks
MISSING = {  # contender -> (is it installed?, what the table says if not)
    "ffmpeg-cli": (ffmpeg_cli.available, "ffmpeg not installed"),
    "ffmpeg-cli-smooth": (ffmpeg_cli.available, "ffmpeg not installed"),
    "moviepy": (moviepy_v2.available, "moviepy not installed"),
    "editly": (editly.available, "Editly not installed (benchmarks/install_editly.sh)"),
}


@dataclass
class Measure:
    contender: str
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    size_mb: float = 0.0
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


def _run_child(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB), as the child measured them around its own work."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.one", *args], stdout=subprocess.PIPE, cwd=ROOT.parent, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed: {' '.join(args)}")
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return report["seconds"], report["peak_rss_mb"]


def _server(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PHOTOREEL_EXPORTS_PER_DAY": "1000", "PHOTOREEL_RATE_LIMIT_PER_MINUTE": "100000"}
    process = subprocess.Popen(
        [sys.executable, "-m", "photoreel", "serve", "--port", str(port), "--data-dir", str(data)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("photoreel serve did not start")


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench(
    name: str, runs: int, work: Path, contenders: set[str] | None, with_quality: bool = True, check: bool = False
) -> tuple[workloads.Workload, list[Measure], float]:
    """Run each contender `runs` times, in rounds (every contender once per round): this host drifts by up to 2x
    within an hour, and rounds spread that drift over everyone instead of favouring whoever runs first."""
    data = work / "inputs"
    w = workloads.build(name, data)
    reference = work / f"{name}-photoreel.mp4"
    held = "peak RSS includes the composed frames it holds"
    results = [Measure(c, note=held if c == "floor" else "") for c in PLAN[name] if not contenders or c in contenders]
    runnable: list[Measure] = []
    for measure in results:
        installed, missing_note = MISSING.get(measure.contender, (lambda: True, ""))
        if installed():
            runnable.append(measure)
        else:
            measure.note = missing_note
    server, url = _server(work / "server") if any(m.contender == "photoreel-api" for m in runnable) else (None, "")
    try:
        for i in range(runs):
            for measure in runnable:
                if measure.note.startswith("failed"):
                    continue  # one contender breaking must not cost the others their measurements
                contender = measure.contender
                out = work / f"{name}-{contender}.mp4" if i == 0 else work / f"{name}-{contender}-{i}.mp4"
                args = ["--workload", name, "--contender", contender, "--data", str(data), "--out", str(out)]
                if contender == "photoreel-api":
                    args += ["--server", url]
                try:
                    seconds, rss = _run_child(args)
                except RuntimeError:
                    measure.note = "failed: its error is in the benchmark's output"
                    print(f"  {name} {contender} run {i + 1}: failed", flush=True)
                    continue
                measure.seconds.append(seconds)
                measure.peak_rss_mb = max(measure.peak_rss_mb, rss)
                measure.size_mb = out.stat().st_size / 2**20
                print(f"  {name} {contender} run {i + 1}: {seconds:.2f} s", flush=True)
                if check and i == 0:
                    print(f"    {check_output(out, w, with_sound=contender != 'floor')}", flush=True)
        if server is not None:
            api = next(m for m in runnable if m.contender == "photoreel-api")
            api.peak_rss_mb = _vm_hwm_mb(server.pid)
            api.note = "peak RSS is the server's"
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
    quality = float("nan")
    if with_quality and reference.exists():
        high = work / f"{name}-reference.mp4"
        _run_child(
            [
                "--workload",
                name,
                "--contender",
                "photoreel",
                "--data",
                str(data),
                "--out",
                str(high),
                "--quality",
                "high",
            ]
        )
        quality = video_ssim(reference, high)
    return w, results, quality


def check_output(path: Path, w: workloads.Workload, with_sound: bool) -> str:
    """Decode an output: does it have the workload's size, frame count and (where expected) its sound?"""
    with av.open(str(path)) as container:
        frames = sum(1 for _ in container.decode(video=0))
        stream = container.streams.video[0]
        size = (stream.codec_context.width, stream.codec_context.height)
    samples, rate = 0, 0
    with av.open(str(path)) as container:
        if container.streams.audio:
            rate = container.streams.audio[0].rate
            samples = sum(frame.samples for frame in container.decode(audio=0))
    problems = [f"size {size[0]}x{size[1]}"] if size != w.size else []
    if frames != w.frames:
        problems.append(f"{frames} frames, not {w.frames}")
    if with_sound and w.music and (not rate or abs(samples / rate - w.duration_s) > 0.1):
        problems.append(f"sound {samples / rate:.2f} s" if rate else "no sound")
    sound = f", sound {samples / rate:.2f} s" if rate else ""
    found = f"{size[0]}x{size[1]}, {frames} frames{sound}"
    return f"check: {found}: " + ("; ".join(problems) if problems else "ok")


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ffmpeg = "not installed"
    if ffmpeg_cli.available():
        ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.split("\n")[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"PyAV {av.__version__} (FFmpeg {av.ffmpeg_version_info}); system {ffmpeg}"
    )


def table(w: workloads.Workload, results: list[Measure], quality: float, w1_local: float | None) -> str:
    by = {m.contender: m for m in results}
    ours = by.get("photoreel") or by.get("photoreel-api")
    lines = [
        f"### {w.name}: {w.title} ({w.described} -> {w.duration_s:g} s, {w.size[0]}x{w.size[1]} @30)",
        "",
        "| contender | median s | runs | realtime x | photoreel is N x faster | peak RSS MB | output MB | note |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for m in results:
        if not m.seconds:
            lines.append(f"| {m.contender} | - | 0 | - | - | - | - | {m.note} |")
            continue
        speedup = m.median / ours.median if ours and ours.seconds and m is not ours else None
        lines.append(
            f"| {m.contender} | {m.median:.2f} | {len(m.seconds)} | {w.duration_s / m.median:.2f} | "
            f"{f'{speedup:.2f}' if speedup else '-'} | {m.peak_rss_mb:.0f} | {m.size_mb:.1f} | {m.note} |"
        )
    if "floor" in by and by["floor"].seconds and ours and ours.seconds:
        lines.append("")
        goal = FLOOR_GOALS.get(w.name)
        lines.append(
            f"photoreel / encoder floor = **{ours.median / by['floor'].median:.2f}x**"
            + (f" (goal <= {goal:g}x); photoreel's peak RSS **{ours.peak_rss_mb:.0f} MB**" if goal else "")
        )
    if w.name == "W4" and w1_local:
        lines.append("")
        lines.append(f"time to video through the API / W1 local render = **{ours.median / w1_local:.2f}x**")
    if quality == quality:
        lines.append(
            f"SSIM of photoreel's output against a high-quality render of the same timeline: **{quality:.4f}**"
        )
    return "\n".join(lines)


def motion_table(work: Path, contenders: set[str] | None) -> str:
    """Workload M: each contender zooms into the motion probe once; how evenly does the picture move?"""
    w, results, _ = bench("M", 1, work, contenders, with_quality=False)
    lines = [
        "### M: motion smoothness (one photo, 3 s zoom-in, 1920x1080 @30)",
        "",
        "Jitter: how far each frame's step departs from a smooth curve, in output pixels near the frame edge "
        "(`benchmarks/motion.py`); a backward step is the picture moving against the zoom.",
        "",
        "| contender | max jitter px | rms jitter px | backward steps | frames |",
        "|---|---:|---:|---:|---:|",
    ]
    for m in results:
        if not m.seconds:
            lines.append(f"| {m.contender} | - | - | - | - |")
            continue
        lines.append(_smoothness_row(m.contender, smoothness(bar_positions(work / f"M-{m.contender}.mp4"))))
    if not contenders or "photoreel" in contenders:
        # The same measure before x264 sees the frames: photoreel's motion alone, without coding noise.
        before = smoothness(composed_positions(encoder_floor.composed_frames(w)))
        lines.append(_smoothness_row("photoreel's frames before encoding", before))
    return "\n".join(lines)


def _smoothness_row(label: str, found: Smoothness) -> str:
    return (
        f"| {label} | {found.max_jitter_px:.3f} | {found.rms_jitter_px:.3f} | {found.backward_steps} | {found.frames} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--workloads", default="M,W1,W3,W4,W5", help="comma-separated; W2 (2 minutes, 40 photos) is long"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--contenders", default="", help="comma-separated subset")
    parser.add_argument("--work", type=Path, default=ROOT / ".work")
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    parser.add_argument("--append", action="store_true", help="add these sections to benchmarks/RESULTS.md")
    parser.add_argument(
        "--short", action="store_true", help="a check, not a measurement: W5 in 6 s, outputs verified, no RESULTS.md"
    )
    args = parser.parse_args()
    if args.short:
        os.environ["PHOTOREEL_BENCH_SHORT"] = "1"  # read by workloads.build, here and in every child
        if args.write or args.append:
            print("--short is a check: benchmarks/RESULTS.md is left as it is", flush=True)
        args.write = args.append = False
    args.work.mkdir(parents=True, exist_ok=True)
    contenders = {c for c in args.contenders.split(",") if c} or None
    sections = []
    w1_local = None
    for name in [n.strip() for n in args.workloads.split(",") if n.strip()]:
        print(f"{name}…", flush=True)
        if name == "M":
            sections.append(motion_table(args.work, contenders))
            print(sections[-1], flush=True)
            continue
        w, results, quality = bench(name, args.runs, args.work, contenders, not args.short, args.short)
        if name == "W1":
            w1_local = next((m.median for m in results if m.contender == "photoreel" and m.seconds), None)
        sections.append(table(w, results, quality, w1_local))
        print(sections[-1], flush=True)
    report = (
        f"# Benchmark results\n\nMeasured {date.today().isoformat()} on {_machine()}.\n"
        f"libx264 `{workloads.X264_PRESET}`, CRF {workloads.X264_CRF}, yuv420p, 30 fps for every contender; "
        f"median of {args.runs} runs; times cover the work only. Regenerate with `make bench`.\n\n"
        + "\n\n".join(sections)
        + "\n"
    )
    if args.append and (ROOT / "RESULTS.md").exists():
        with (ROOT / "RESULTS.md").open("a") as out:
            out.write(f"\n(median of {args.runs} run(s))\n\n" + "\n\n".join(sections) + "\n")
    elif args.write:
        (ROOT / "RESULTS.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
