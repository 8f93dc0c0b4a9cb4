"""photoreel's own engine, as `photoreel make` runs it (photos and, in W5, video clips, in play order)."""

from __future__ import annotations

import tempfile
from dataclasses import replace
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
        volume_pct=round(100 * w.music_volume),
        quality=quality,
        # W5: each clip plays its first `clip_s` (all of it); motion applies to photos only (clips keep `none`),
        # and the music ducks under the clips' own sound (photoreel's default).
        clip_max_s=w.clip_s or MakeOptions.clip_max_s,
    )


def run(w: Workload, out: Path, quality: str = "standard") -> Path:
    result, _ = make_video(w.photos, out, options(w, quality))
    return result.path


def run_cached(w: Workload, out: Path, quality: str = "standard") -> Path:
    """As `photoreel make` runs by default: chunks kept in a cache folder (empty here, so this is a first run)."""
    with tempfile.TemporaryDirectory(prefix="photoreel-chunks-") as cache:
        result, _ = make_video(w.photos, out, replace(options(w, quality), cache_dir=Path(cache)))
    return result.path
