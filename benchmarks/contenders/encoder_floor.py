"""The encoder floor: libx264 (same settings) encoding photoreel's composed frames with nothing else to do.

The frames are composed first, untimed, and held in memory; only the encoding is timed. Longer photo workloads
cycle through the first MAX_FRAMES_IN_MEMORY frames (1080p yuv420p is 3 MB a frame). A timeline with clips (W5)
holds all of its frames (900, 2.8 GB): every clip frame differs, and cycling would put a scene cut where the
video has none. photoreel's composer draws clips as it draws photos, so the frames are its own either way.
"""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path

import av

from benchmarks.workloads import FPS, X264_CRF, X264_PRESET, Workload

MAX_FRAMES_IN_MEMORY = 600  # 1080p yuv420p is 3 MB a frame; longer workloads cycle through this many


def composed_frames(w: Workload, limit: int = MAX_FRAMES_IN_MEMORY) -> list[av.VideoFrame]:
    """photoreel's own composed frames for the workload, exactly as its encoder receives them (not timed)."""
    from benchmarks.contenders.photoreel_local import options
    from photoreel.render.encoder import Encoder
    from photoreel.render.engine import _Composer, _slides
    from photoreel.render.scene import scene_of
    from photoreel.render.text import build_text_layer
    from photoreel.service.make import build_timeline, collect_visuals

    timeline, sources = build_timeline(collect_visuals(w.photos, "given", False).visuals, options(w))
    spec = timeline.output
    count = min(limit, spec.frames_for(timeline.duration_ms))
    scene = scene_of(timeline, range(count))  # as an export draws the video (one chunk of it)
    texts = [build_text_layer(t, spec.size, t.start_ms + (t.duration_ms or 0)) for t in scene.texts]
    encoder = Encoder(Path("/dev/null"), spec, with_audio=False)
    composer = _Composer(scene, _slides(scene, sources), texts, encoder)
    frames = [composer.frame(n, None) for n in range(count)]
    encoder.abort()
    return frames


def encode(frames: list[av.VideoFrame], total: int, out: Path) -> float:
    """Encode `total` frames (cycling through `frames`); returns the seconds the encoding took."""
    started = time.perf_counter()
    with av.open(str(out), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=Fraction(FPS, 1))
        stream.width, stream.height = frames[0].width, frames[0].height
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": X264_PRESET, "crf": str(X264_CRF)}
        stream.thread_type = "SLICE"  # as photoreel's own encoder (render/encoder.py)
        rate = Fraction(1, FPS)
        for i in range(total):
            frame = frames[i % len(frames)]
            frame.pts = i
            frame.time_base = rate
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return time.perf_counter() - started


def run(w: Workload, out: Path) -> float:
    limit = max(MAX_FRAMES_IN_MEMORY, w.frames) if w.clips else MAX_FRAMES_IN_MEMORY
    return encode(composed_frames(w, limit), w.frames, out)
