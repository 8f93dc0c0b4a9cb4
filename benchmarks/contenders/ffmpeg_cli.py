"""The FFmpeg command-line recipe people use: per image scale+pad+zoompan, then a chain of xfade filters.

Two forms. The plain one is the recipe as usually posted: each photo is decoded and scaled to the frame once and
`zoompan` repeats it. `zoompan` crops whole input pixels, so its motion jitters by up to a pixel or two per frame;
the usual fix (the "smooth" form) upscales each photo first (4x the frame here; posts often say `scale=8000:-1`),
which shrinks the jitter but makes every frame a resample of a ~30 MP picture.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from benchmarks.workloads import FADE_S, FPS, X264_CRF, X264_PRESET, ZOOM, Workload
from photoreel.render.fonts import default_font_path

SMOOTH_UPSCALE = 4  # the anti-jitter upscale of the smooth form, as a multiple of the frame


def command(w: Workload, out: Path, smooth: bool = False) -> list[str]:
    n = len(w.photos)
    width, height = w.size
    up = SMOOTH_UPSCALE if smooth else 1
    # xfade overlaps neighbours, so each clip is longer than its share to end at the same total.
    clip_s = (w.duration_s + (n - 1) * FADE_S) / n
    frames = round(clip_s * FPS)
    cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]
    for photo in w.photos:
        cmd += ["-i", str(photo)]
    if w.music:
        cmd += ["-i", str(w.music)]
    chains = []
    for i in range(n):
        chains.append(
            f"[{i}:v]scale={width * up}:{height * up}:force_original_aspect_ratio=decrease,"
            f"pad={width * up}:{height * up}:(ow-iw)/2:(oh-ih)/2,setsar=1,"
            f"zoompan=z='1+{ZOOM - 1:.4f}*on/{frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)'"
            f":d={frames}:s={width}x{height}:fps={FPS},format=yuv420p[v{i}]"
        )
    last = "v0"
    for k in range(1, n):
        offset = k * (clip_s - FADE_S)
        chains.append(f"[{last}][v{k}]xfade=transition=fade:duration={FADE_S}:offset={offset:.3f}[x{k}]")
        last = f"x{k}"
    if w.caption:
        font = str(default_font_path()).replace(":", r"\:")
        chains.append(
            f"[{last}]drawtext=fontfile='{font}':text='{w.caption}':fontsize={round(0.08 * height)}:fontcolor=white:"
            f"x=(w-tw)/2:y=(h-th)/2:enable='lt(t,3)'[titled]"
        )
        last = "titled"
    cmd += ["-filter_complex", ";".join(chains), "-map", f"[{last}]"]
    if w.music:
        cmd += ["-map", f"{n}:a", "-c:a", "aac", "-b:a", "160k", "-ar", "48000"]
    cmd += ["-t", f"{w.duration_s}", "-c:v", "libx264", "-pix_fmt", "yuv420p"]
    cmd += ["-preset", X264_PRESET, "-crf", str(X264_CRF)]
    cmd += ["-r", str(FPS), "-movflags", "+faststart", str(out)]
    return cmd


def available() -> bool:
    return shutil.which("ffmpeg") is not None


def run(w: Workload, out: Path) -> Path:
    subprocess.run(command(w, out), check=True)
    return out


def run_smooth(w: Workload, out: Path) -> Path:
    subprocess.run(command(w, out, smooth=True), check=True)
    return out
