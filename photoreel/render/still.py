"""One frame of the video at a time, small: the picture under the web page's playhead. It is composed by the
export's own code (the same fit, motion, transition, look and text at that instant), at a small size of the
output's shape, so what the page shows is what the export will show."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from PIL import Image

from photoreel.errors import TimelineError
from photoreel.media.video import AnimationReader, ClipReader
from photoreel.render.clips import ClipSlide
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


class StillMemo:
    """What earlier stills prepared, kept for the next ones: photo canvases (a 12 MP JPEG costs ~50 ms to decode
    even at preview size; its canvas costs nothing to reuse) and open clip readers (a clip decoded on from the
    last still's frame, not from its key frame: a drag along a clip is a few frames a step). Shared by the
    server's request threads: a reader is lent to one still at a time. At 360 p a canvas is ~0.5 MB, so the
    default bounds hold ~30 MB of canvases and two decoders."""

    def __init__(self, canvases: int = 64, readers: int = 2) -> None:
        self.most_canvases, self.most_readers = canvases, readers
        self._canvases: OrderedDict[CanvasKey, Prepared] = OrderedDict()
        self._readers: OrderedDict[str, ClipReader | AnimationReader] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._canvases) + len(self._readers)

    def readers(self) -> list[ClipReader | AnimationReader]:
        """The clip readers kept now (each positioned where its last still left it)."""
        with self._lock:
            return list(self._readers.values())

    def lend(self, slides: list[Shown], size: tuple[int, int]) -> None:
        with self._lock:
            for slide in slides:
                if isinstance(slide, PhotoSlide) and (kept := self._canvases.get(key := slide.canvas_key(size))):
                    self._canvases.move_to_end(key)
                    slide.adopt(kept)
                elif isinstance(slide, ClipSlide) and (reader := self._readers.pop(str(slide.source), None)):
                    slide.adopt_reader(reader)

    def keep(self, slides: list[Shown], size: tuple[int, int]) -> None:
        closing = []
        with self._lock:
            for slide in slides:
                if isinstance(slide, PhotoSlide) and (prepared := slide.handed()) is not None:
                    self._canvases[key := slide.canvas_key(size)] = prepared
                    self._canvases.move_to_end(key)
                elif isinstance(slide, ClipSlide) and (reader := slide.handed_reader()) is not None:
                    if (other := self._readers.pop(str(slide.source), None)) is not None:
                        closing.append(other)  # two stills of one clip at once: keep the newer reader
                    self._readers[str(slide.source)] = reader
            while len(self._canvases) > self.most_canvases:
                self._canvases.popitem(last=False)
            while len(self._readers) > self.most_readers:
                closing.append(self._readers.popitem(last=False)[1])
        for reader in closing:
            reader.close()


def still_frame(
    timeline: Timeline,
    sources: Mapping[str, Path | str],
    at_ms: float,
    *,
    short_side: int = DEFAULT_SIDE,
    memo: StillMemo | None = None,
) -> Image.Image:
    """The frame shown at `at_ms` (clamped to the video), `short_side` pixels on its short side, as RGB."""
    if short_side not in PREVIEW_SIDES:
        raise TimelineError(f"a still is {', '.join(map(str, PREVIEW_SIDES))} pixels on its short side")
    if not timeline.segments:
        raise TimelineError("the timeline has no photos or clips yet")
    small = replace(timeline, output=preview_spec(timeline.output, short_side))
    last = total_frames(small) - 1
    # The frame on screen at that instant, as a player shows it (not the nearest: at 1.99 s, not the cut's next photo).
    n = min(max(0, math.floor(at_ms * small.output.rate / 1000 + 1e-6)), max(0, last))
    return compose_still(scene_of(small, range(n, n + 1)), sources, memo).to_rgb()
