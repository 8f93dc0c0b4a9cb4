"""photoreel's own engine, as `photoreel make` runs it."""

from __future__ import annotations

from pathlib import Path

from benchmarks.workloads import FADE_S, Workload
from photoreel.service.make import MakeOptions, make_video


def options(w: Workload, quality: str = "standard") -> MakeOptions:
    return MakeOptions(
        aspect=w.aspect,
        duration_s=w.duration_s,
        transition="fade",
        transition_s=FADE_S,
        motion="zoom-in",
        fit="contain",  # the FFmpeg recipe pads and MoviePy composes on black: the same look for everyone
        title=w.caption,
        music=w.music,
        volume_pct=100,
        quality=quality,
    )


def run(w: Workload, out: Path, quality: str = "standard") -> Path:
    result, _ = make_video(w.photos, out, options(w, quality))
    return result.path
