"""A slide ready to draw: its photo decoded once and fitted onto a canvas, plus its moment on screen."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from photoreel.media.faces import find_faces, focus_box, salient_region
from photoreel.media.images import load_image
from photoreel.render.fit import contained_box, contained_photo, content_box, cover_box, decode_target, fit_photo
from photoreel.render.looks import grade
from photoreel.render.motion import canvas_size, view_box
from photoreel.render.picture import Picture
from photoreel.render.resample import Box
from photoreel.timeline.model import MediaRef, PhotoSegment

CANVAS_MARGIN = 64  # luma pixels of repeated edge around a moving slide's canvas (see render/resample.py)


@lru_cache(maxsize=1)
def black_yuv() -> tuple[int, int, int]:
    """Black as the canvas holds it (limited-range Y, neutral chroma), read off one conversion, not assumed."""
    sample = Picture.solid((2, 2), (0, 0, 0))
    return int(sample.y[0, 0]), int(sample.u[0, 0]), int(sample.v[0, 0])


@dataclass(frozen=True)
class SlideTiming:
    """When a slide is the main picture (`start`..`end`) and when any part of it shows (`shown_*`)."""

    start_ms: float
    end_ms: float
    shown_from_ms: float  # start minus half the incoming transition
    shown_until_ms: float  # end plus half the outgoing transition


CanvasKey = tuple[object, ...]
Prepared = tuple[Picture, Box | None, tuple[float, float] | None]  # canvas, content box, focus


class PhotoSlide:
    """One photo segment, prepared for drawing frames."""

    def __init__(
        self, segment: PhotoSegment, timing: SlideTiming, source: Path, ref: MediaRef | None, look: str = "none"
    ) -> None:
        self.segment = segment
        self.look = look
        self.timing = timing
        self.source = source
        self.ref = ref
        self.canvas: Picture | None = None
        self.content: Box | None = None  # the non-black part of a contain canvas
        self.focus: tuple[float, float] | None = None  # where the faces are on the canvas (fractions), if any
        self._found: tuple[tuple[float, float, float, float] | None] | None = None  # what _region found, once
        self._pending: Future[tuple[Picture, Box | None]] | None = None

    @property
    def static(self) -> bool:
        return self.segment.motion == "none"

    def _build(self, frame_size: tuple[int, int]) -> tuple[Picture, Box | None]:
        size = canvas_size(frame_size, self.segment.motion)
        if self.ref is not None and self.ref.width and self.ref.height:
            target = decode_target((self.ref.width, self.ref.height), size, self.segment.fit)
        else:
            target = size
        # Each step's input is dropped as soon as its output exists, and a `contain` canvas converts only the
        # photo's own pixels (its bars are black in YUV from the start): a 12 MP album photo holds ~20 MB at
        # its peak instead of ~45 MB, beside x264's own ~210 MB.
        photo = load_image(self.source, fit_within=target)
        content = content_box(photo.size, size, self.segment.fit)
        region = self._region(photo)
        self.focus = self._focus_on(photo.size, size, region)
        if content is None:
            fitted = fit_photo(photo, size, self.segment.fit, region)
            del photo
            canvas = Picture.from_rgb(fitted)
            grade(canvas, self.look)  # once per slide, not per frame
        else:
            fitted = contained_photo(photo, size)
            del photo
            canvas = Picture.solid(size, (0, 0, 0))
            inner = Picture.from_rgb(fitted)
            grade(inner, self.look)  # the photo only: the bars stay black
            canvas.paste(inner, (int(content[0]), int(content[1])))
        del fitted
        if self.static:
            return canvas, content
        # Moving views come close to the canvas edges; the margin keeps them on the fast resampler.
        m = CANVAS_MARGIN
        return canvas.with_margin(m), None if content is None else _shifted(content, m)

    def _region(self, photo: Image.Image | None = None) -> tuple[float, float, float, float] | None:
        """What to keep in view: the faces, else where the detail is. Found at upload; a photo that was never
        analysed (`photoreel make`) is looked at here, once, on the copy just decoded, when it is cropped."""
        if self.ref is not None and self.ref.sharpness is not None:
            return focus_box(self.ref.faces) or self.ref.salient
        if photo is None or self.segment.fit != "cover":
            # Unanalysed photos are looked at only where a crop could cut someone off: finding faces costs ~0.1 s
            # and ~50 MB a photo beside x264 (measured on W1), too much to spend on where a zoom drifts.
            return None
        if self._found is None:
            faces = find_faces(photo)
            self._found = (focus_box(faces) or (None if faces else salient_region(photo)),)
        return self._found[0]

    def _focus_on(
        self, photo: tuple[int, int], canvas: tuple[int, int], region: tuple[float, float, float, float] | None
    ) -> tuple[float, float] | None:
        """The centre of `region` (the faces) as fractions of the canvas the photo is fitted onto."""
        if region is None:
            return None
        fx, fy = (region[0] + region[2]) / 2, (region[1] + region[3]) / 2
        if self.segment.fit == "cover":
            x0, y0, x1, y1 = cover_box(photo, canvas, region)
            return (fx * photo[0] - x0) / (x1 - x0), (fy * photo[1] - y0) / (y1 - y0)
        x0, y0, x1, y1 = contained_box(photo, canvas)
        return (x0 + fx * (x1 - x0)) / canvas[0], (y0 + fy * (y1 - y0)) / canvas[1]

    def prefetch(self, pool: Executor, frame_size: tuple[int, int]) -> None:
        """Start decoding in the background, so the frame loop never waits for a big JPEG."""
        if self.canvas is None and self._pending is None:
            self._pending = pool.submit(self._build, frame_size)

    def canvas_key(self, frame_size: tuple[int, int]) -> CanvasKey:
        """What the prepared canvas depends on: equal keys, the same canvas (not the timing: that is per frame)."""
        return (str(self.source), self.segment.fit, self.segment.motion, self.look, self.ref, frame_size)

    def handed(self) -> Prepared | None:
        """The prepared canvas, for another slide with an equal key; None before it is prepared."""
        return None if self.canvas is None else (self.canvas, self.content, self.focus)

    def adopt(self, prepared: Prepared) -> None:
        """Take a canvas prepared for an equal key (by the chunk before this one), instead of decoding again."""
        (self.canvas, self.content, self.focus), self._pending = prepared, None

    def prepare(self, frame_size: tuple[int, int]) -> None:
        """Decode, fit and convert the photo to YUV (once); cheap to call again."""
        if self.canvas is not None:
            return
        if self._pending is not None:
            (self.canvas, self.content), self._pending = self._pending.result(), None
        else:
            self.canvas, self.content = self._build(frame_size)

    def release(self) -> None:
        self.canvas = None
        self._pending = None

    def frame_at(self, t_ms: float, frame_size: tuple[int, int]) -> Picture:
        """The slide as seen at `t_ms`. For static slides this is the shared canvas: copy before drawing on it."""
        self.prepare(frame_size)
        assert self.canvas is not None
        if self.static:
            return self.canvas
        span = self.timing.shown_until_ms - self.timing.shown_from_ms
        progress = (t_ms - self.timing.shown_from_ms) / span if span > 0 else 0.0
        m = CANVAS_MARGIN
        width, height = self.canvas.size
        inner = (width - 2 * m, height - 2 * m)
        box = _shifted(view_box(self.segment.motion, progress, inner, frame_size, self.focus), m)
        return self.canvas.resized(frame_size, box, self.content, black_yuv())


def _shifted(box: Box, by: float) -> Box:
    return box[0] + by, box[1] + by, box[2] + by, box[3] + by
