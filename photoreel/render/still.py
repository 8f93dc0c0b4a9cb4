"""One frame of the video at a time, small: the picture under the web page's playhead. It is composed by the
export's own code (the same fit, motion, transition, look and text at that instant), at a small size of the
output's shape, so what the page shows is what the export will show."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from PIL import Image

from photoreel.errors import TimelineError
from photoreel.render.engine import Shown, compose_still, total_frames
from photoreel.render.scene import scene_of
from photoreel.render.slides import CanvasKey, PhotoSlide, Prepared
from photoreel.timeline.model import Timeline
from photoreel.timeline.output import OutputSpec

PREVIEW_SIDES = (180, 240, 360, 480)  # the short side of a still, in pixels
DEFAULT_SIDE = 360


def preview_spec(output: OutputSpec, short_side: int) -> OutputSpec:
    """`output` at `short_side` pixels on its short side (both sides even), at its own frame rate."""
    width, height = output.size
    scale = short_side / min(width, height)
    return replace(
        output,
        width_override=max(16, round(width * scale / 2) * 2),
        height_override=max(16, round(height * scale / 2) * 2),
    )


class CanvasMemo:
    """Photo canvases prepared for earlier stills, newest kept: scrubbing back and forth decodes each photo once
    (a 12 MP JPEG costs ~60 ms even at preview size; its canvas costs nothing to reuse). Shared by the server's
    request threads, hence the lock; at 360 p a canvas is ~0.5 MB, so the default bound is ~30 MB."""

    def __init__(self, most: int = 64) -> None:
        self.most = most
        self._kept: OrderedDict[CanvasKey, Prepared] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def lend(self, slides: list[Shown], size: tuple[int, int]) -> None:
        with self._lock:
            for slide in slides:
                if isinstance(slide, PhotoSlide) and (kept := self._kept.get(key := slide.canvas_key(size))):
                    self._kept.move_to_end(key)
                    slide.adopt(kept)

    def keep(self, slides: list[Shown], size: tuple[int, int]) -> None:
        with self._lock:
            for slide in slides:
                if isinstance(slide, PhotoSlide) and (prepared := slide.handed()) is not None:
                    self._kept[slide.canvas_key(size)] = prepared
                    self._kept.move_to_end(slide.canvas_key(size))
            while len(self._kept) > self.most:
                self._kept.popitem(last=False)


def still_frame(
    timeline: Timeline,
    sources: Mapping[str, Path | str],
    at_ms: float,
    *,
    short_side: int = DEFAULT_SIDE,
    canvases: CanvasMemo | None = None,
) -> Image.Image:
    """The frame shown at `at_ms` (clamped to the video), `short_side` pixels on its short side, as RGB."""
    if short_side not in PREVIEW_SIDES:
        raise TimelineError(f"a still is {', '.join(map(str, PREVIEW_SIDES))} pixels on its short side")
    if not timeline.segments:
        raise TimelineError("the timeline has no photos or clips yet")
    small = replace(timeline, output=preview_spec(timeline.output, short_side))
    last = total_frames(small) - 1
    n = min(max(0, round(at_ms * small.output.rate / 1000)), max(0, last))
    return compose_still(scene_of(small, range(n, n + 1)), sources, canvases).to_rgb()
