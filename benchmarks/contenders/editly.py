"""Editly (Node.js) with the same effects: a JSON spec of image clips, each contained and zooming 1.0 -> 1.08, joined
by `fade` transitions. Editly draws every frame with node-canvas/fabric and headless-gl (under Xvfb) and pipes raw
RGBA to the system `ffmpeg`, which encodes with the same x264 settings as everyone else.

`benchmarks/install_editly.sh` (run by `make bench`) installs it into benchmarks/.work/editly; without it the
column says why it is empty.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

from PIL import Image

from benchmarks.workloads import FADE_S, FPS, X264_CRF, X264_PRESET, ZOOM, Workload

HOME = Path(__file__).resolve().parents[1] / ".work" / "editly"
CLI = HOME / "node_modules" / "editly" / "cli.js"
# Its native modules: npm can leave the JavaScript in place when one of these failed to build.
NATIVE = [HOME / "node_modules/canvas/build/Release/canvas.node", HOME / "node_modules/gl/build/Release/webgl.node"]
# Editly's own default is `medium` at CRF 18; these are the settings every contender shares.
OUTPUT_ARGS = ["-vf", "format=yuv420p", "-vcodec", "libx264", "-profile:v", "high", "-preset:v", X264_PRESET]
OUTPUT_ARGS += ["-crf", str(X264_CRF), "-r", str(FPS), "-movflags", "faststart"]


def available() -> bool:
    installed = CLI.exists() and all(module.exists() for module in NATIVE)
    return installed and all(shutil.which(tool) for tool in ("node", "xvfb-run", "ffmpeg"))


def spec(w: Workload, out: Path) -> dict[str, object]:
    width, height = w.size
    n = len(w.photos)
    clip_s = (w.duration_s + (n - 1) * FADE_S) / n  # transitions overlap neighbours, as with xfade
    clips = [
        {
            "duration": clip_s,
            "layers": [
                {
                    "type": "image",
                    "path": str(photo.resolve()),
                    "resizeMode": "contain",
                    "zoomDirection": "in",
                    "zoomAmount": round(ZOOM - 1, 4),
                }
            ],
        }
        for photo in w.photos
    ]
    if w.caption:
        clips[0]["layers"].append({"type": "title", "text": w.caption, "position": "center", "zoomAmount": 0})
    audio = {"audioFilePath": str(w.music.resolve()), "loopAudio": True} if w.music else {}
    return {
        "outPath": str(out.resolve()),
        "width": width,
        "height": height,
        "fps": FPS,
        "defaults": {"transition": {"name": "fade", "duration": FADE_S}},
        "clips": clips,
        "customOutputArgs": (["-acodec", "aac", "-b:a", "160k"] if w.music else []) + OUTPUT_ARGS,
        **audio,
    }


def prepare(w: Workload) -> Workload:
    """Editly's image loader (node-canvas) cannot read WEBP: such photos are handed to it as PNG copies, made
    here, before the clock starts. (It also ignores EXIF orientation: W1's rotated photo shows sideways.)"""
    folder = HOME / "inputs"
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for photo in w.photos:
        if photo.suffix.lower() == ".webp":
            copy = folder / f"{photo.stem}.png"
            if not copy.exists():
                with Image.open(photo) as img:
                    img.save(copy)
            photo = copy
        photos.append(photo)
    return dataclasses.replace(w, photos=photos)


def run(w: Workload, out: Path) -> Path:
    spec_path = out.with_suffix(".editly.json")
    spec_path.write_text(json.dumps(spec(w, out), indent=1))
    # headless-gl needs an X display; xvfb-run gives it a virtual one for this run only.
    command = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", "node", str(CLI), "--json", str(spec_path)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=HOME)
    return out
