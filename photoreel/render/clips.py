"""A clip ready to draw: its frames decoded by presentation time, turned upright, fitted to the output frame
and converted to BT.709 yuv420p, one frame at a time.

The same three fits as photos: `cover` crops, `contain` bars in black, `blur` lays the clip over a blurred,
darkened copy of itself. Scaling, the colour matrix and the range conversion are one swscale call into the
size the fit needs; rotation and the backdrop are plane operations on that small result.
"""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path

import av
import cv2
import numpy as np
from av.video.reformatter import ColorRange, Colorspace, Interpolation, VideoReformatter

from photoreel.errors import PhotoreelError, UnsupportedMedia
from photoreel.media.streams import clockwise_rotation
from photoreel.media.video import AnimationReader, ClipReader, open_clip
from photoreel.render.fit import contained_box
from photoreel.render.looks import grade
from photoreel.render.motion import canvas_size, view_box
from photoreel.render.picture import Picture
from photoreel.render.slides import SlideTiming, black_yuv
from photoreel.render.tonemap import is_hdr, tone_mapped
from photoreel.timeline.model import ClipSegment, MediaRef

# FFmpeg's AVColorSpace codes -> swscale's matrices; untagged video is BT.709 at HD sizes and BT.601 below.
_MATRICES = {1: Colorspace.ITU709, 5: Colorspace.ITU601, 6: Colorspace.SMPTE170M, 7: Colorspace.SMPTE240M}
_MATRICES.update({9: Colorspace.BT2020, 10: Colorspace.BT2020})
_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
_BACKDROP_SHRINK = 8
_BACKDROP_BLUR = 4.0
_BACKDROP_BRIGHTNESS = 0.55


def _matrix(frame: av.VideoFrame) -> Colorspace:
    known = _MATRICES.get(int(frame.colorspace or 2))
    if known is not None:
        return known
    return Colorspace.ITU709 if frame.height >= 720 else Colorspace.ITU601


def _range(frame: av.VideoFrame) -> ColorRange:
    full = int(frame.color_range or 0) == 2 or frame.format.name.startswith("yuvj")
    return ColorRange.JPEG if full else ColorRange.MPEG


class Scalers:
    """One swscale context per conversion a clip needs, kept for all its frames: a frame's own `reformat`
    would build a fresh context (and its filter buffers) for every frame."""

    def __init__(self) -> None:
        self.picture = VideoReformatter()
        self.backdrop = VideoReformatter()
        self.hdr = VideoReformatter()  # tone mapping's own scaling, one per size
        self.hdr_backdrop = VideoReformatter()


def upright_yuv(
    frame: av.VideoFrame,
    size: tuple[int, int],
    rotation: int,
    scaler: VideoReformatter,
    hdr_scaler: VideoReformatter | None = None,
) -> Picture:
    """`frame` scaled so that, once turned `rotation` degrees clockwise, it is `size` (even sides), as BT.709
    limited-range yuv420p. HDR frames are tone-mapped to SDR first."""
    stored = size if rotation in (0, 180) else (size[1], size[0])
    if is_hdr(frame):
        frame = tone_mapped(frame, stored, hdr_scaler or VideoReformatter())
    scaled = scaler.reformat(
        frame,
        width=stored[0],
        height=stored[1],
        format="yuv420p",
        src_colorspace=_matrix(frame),
        dst_colorspace=Colorspace.ITU709,
        src_color_range=_range(frame),
        dst_color_range=ColorRange.MPEG,
        interpolation=Interpolation.BICUBIC,
    )
    if scaled is frame:  # reformat hands back the frame itself when nothing changes; it is the decoder's
        scaled = Picture(frame).copy().frame
    picture = Picture(scaled)
    if rotation == 0:
        return picture
    out = Picture.blank(size)
    for (dst, _), (src, _) in zip(out.planes(), picture.planes(), strict=True):
        turned = cv2.rotate(src, _ROTATE[rotation])
        dst[:] = turned
    return out


def _cover_size(shown: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    """The smallest even size with the clip's aspect that covers `size`."""
    scale = max(size[0] / shown[0], size[1] / shown[1])
    w = max(size[0], int(np.ceil(shown[0] * scale / 2)) * 2)
    h = max(size[1], int(np.ceil(shown[1] * scale / 2)) * 2)
    return w, h


def _centre_crop(picture: Picture, size: tuple[int, int]) -> Picture:
    w, h = picture.size
    x, y = (w - size[0]) // 2, (h - size[1]) // 2
    x, y = x - x % 2, y - y % 2
    return picture if (w, h) == size else picture.crop((x, y, x + size[0], y + size[1]))


def _backdrop(
    frame: av.VideoFrame, shown: tuple[int, int], size: tuple[int, int], rotation: int, scalers: Scalers
) -> Picture:
    """A blurred, darkened cover of the frame: made small, blurred and darkened in YUV, scaled up."""
    small_target = (max(2, size[0] // _BACKDROP_SHRINK // 2 * 2), max(2, size[1] // _BACKDROP_SHRINK // 2 * 2))
    small_cover = _cover_size(shown, small_target)
    small = _centre_crop(
        upright_yuv(frame, small_cover, rotation, scalers.backdrop, scalers.hdr_backdrop), small_target
    )
    out = Picture.blank(size)
    neutral = (16.0, 128.0, 128.0)  # limited-range black: darkening moves every sample toward it
    for i, ((dst, shift), (src, _)) in enumerate(zip(out.planes(), small.planes(), strict=True)):
        blurred = cv2.GaussianBlur(src, (0, 0), _BACKDROP_BLUR / (1 << shift))
        darker = cv2.addWeighted(blurred, _BACKDROP_BRIGHTNESS, blurred, 0.0, neutral[i] * (1 - _BACKDROP_BRIGHTNESS))
        dst[:] = cv2.resize(darker, (dst.shape[1], dst.shape[0]), interpolation=cv2.INTER_LINEAR)
    return out


def fit_clip_frame(
    frame: av.VideoFrame, size: tuple[int, int], fit: str, scalers: Scalers | None = None, look: str = "none"
) -> Picture:
    """One decoded frame upright on a `size` picture, per `fit`, graded with `look` (bars stay black)."""
    scalers = scalers or Scalers()
    rotation = clockwise_rotation(frame)
    shown = (frame.height, frame.width) if rotation in (90, 270) else (frame.width, frame.height)
    if fit == "cover":
        covered = upright_yuv(frame, _cover_size(shown, size), rotation, scalers.picture, scalers.hdr)
        picture = _centre_crop(covered, size)
        grade(picture, look)
        return picture
    x0, y0, x1, y1 = contained_box(shown, size)
    inner = upright_yuv(frame, (x1 - x0, y1 - y0), rotation, scalers.picture, scalers.hdr)
    grade(inner, look)
    if (x1 - x0, y1 - y0) == size:
        return inner
    if fit == "blur":
        canvas = _backdrop(frame, shown, size, rotation, scalers)
        grade(canvas, look)
    else:
        canvas = Picture.blank(size)
        for (plane, _), value in zip(canvas.planes(), black_yuv(), strict=True):
            plane[:] = value
    canvas.paste(inner, (x0, y0))
    return canvas


class ClipSlide:
    """One clip segment, prepared for drawing frames: the same face to the composer as a photo's PhotoSlide."""

    static = False  # a clip's picture changes from frame to frame

    def __init__(
        self, segment: ClipSegment, timing: SlideTiming, source: Path, ref: MediaRef | None, look: str = "none"
    ) -> None:
        self.segment = segment
        self.look = look
        self.timing = timing
        self.source = source
        self.ref = ref
        self._reader: ClipReader | AnimationReader | None = None
        self._last: tuple[int, Picture] | None = None  # the reader's serial of the last frame, and its picture
        self._scalers: Scalers | None = None
        self.decode_budget: int | None = None  # stills: frames decoded at most per picture (media/video.py)

    @property
    def seeks(self) -> int:
        return self._reader.seeks if self._reader is not None else 0

    def prefetch(self, pool: Executor, frame_size: tuple[int, int]) -> None:
        """Nothing to decode ahead: frames are read as they are shown (opening the file is cheap)."""

    def handed_reader(self) -> ClipReader | AnimationReader | None:
        """The open reader, taken out of the slide (so `release` leaves it open), for a later still of the same
        clip: scrubbing forward decodes on from where it is instead of seeking back to a key frame."""
        reader, self._reader, self._last = self._reader, None, None
        return reader

    def adopt_reader(self, reader: ClipReader | AnimationReader) -> None:
        self._reader, self._scalers, self._last = reader, Scalers(), None

    def release(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self._reader = None
        self._last = None
        self._scalers = None

    def source_seconds(self, t_ms: float) -> float:
        """Where in the clip the timeline's moment `t_ms` falls; before the in-point during the transition in,
        past the out-point during the transition out (the clip's handles), held at the clip's own ends."""
        at = (self.segment.in_ms + (t_ms - self.timing.start_ms)) / 1000
        length = self.ref.duration_ms / 1000 if self.ref is not None and self.ref.duration_ms else None
        if length is not None:
            at = min(at, length)
        return max(0.0, at)

    def frame_at(self, t_ms: float, frame_size: tuple[int, int]) -> Picture:
        try:
            return self._frame_at(t_ms, frame_size)
        except PhotoreelError:
            raise  # already says what is wrong with the clip (e.g. over the frame-size limit)
        except (av.error.FFmpegError, ValueError) as exc:
            # A clip that probed well at upload and fails now (a damaged frame mid-file): say which one.
            name = self.ref.name if self.ref is not None else self.source.name
            raise UnsupportedMedia(f"the clip {name!r} could not be decoded at {t_ms / 1000:.1f} s", name) from exc

    def _frame_at(self, t_ms: float, frame_size: tuple[int, int]) -> Picture:
        if self._reader is None:
            self._reader = open_clip(self.source)
            self._scalers = Scalers()
        frame = self._reader.frame_at(self.source_seconds(t_ms), self.decode_budget)
        motion = self.segment.motion
        size = canvas_size(frame_size, motion)
        if motion == "none":
            # A picture of its own every time: the composer draws text on what it gets, and fitting again (for
            # a clip slower than the output) costs what keeping a clean copy would.
            return fit_clip_frame(frame, size, self.segment.fit, self._scalers, self.look)
        if self._last is not None and self._last[0] == self._reader.serial:
            canvas = self._last[1]  # only read from below: a frame shown twice is fitted once
        else:
            canvas = fit_clip_frame(frame, size, self.segment.fit, self._scalers, self.look)
            self._last = (self._reader.serial, canvas)
        span = self.timing.shown_until_ms - self.timing.shown_from_ms
        progress = (t_ms - self.timing.shown_from_ms) / span if span > 0 else 0.0
        return canvas.resized(frame_size, view_box(motion, progress, size, frame_size))
