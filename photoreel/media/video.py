"""Decode a video clip's frames by presentation time: the frame shown at any moment, read forward, one decoder
and two frames held, whatever the clip's length."""

from __future__ import annotations

import bisect
import contextlib
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import av
from PIL import Image

from photoreel.errors import MediaError, UnsupportedMedia
from photoreel.media.images import frame_durations_ms
from photoreel.media.limits import MAX_VIDEO_PIXELS, SNIFF_BYTES
from photoreel.media.sniff import sniff
from photoreel.media.streams import check_video_stream, ffmpeg_reason

# Frame times are floats from integer timestamps; a request exactly on a frame's time must get that frame.
_EPSILON_S = 1e-4
_FRAME_THREADS_MAX_PIXELS = 1920 * 1088
# Reading forward this far is cheaper than a seek (which restarts decoding at the key frame before).
_SEEK_AHEAD_S = 2.0


class _Reader:
    """What both readers share: closing, and use in a `with`."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ClipReader(_Reader):
    """The frames of one clip's video stream, asked for by time (seconds from the clip's first frame).

    `frame_at(t)` is the frame on screen at `t`: the last one whose presentation time is at or before it, so
    variable frame rates, dropped frames and rates unlike the output's all come out right and never drift.
    Reading forward decodes forward; reading backward, or far ahead, seeks to the key frame before and
    decodes from there, so any start (a chunk beginning inside the clip) gives the same frames as reading
    from the beginning.
    """

    def __init__(self, path: Path, *, threads: int = 0) -> None:
        self.path = path
        try:
            self._container = av.open(str(path), metadata_errors="ignore")
        except (av.error.FFmpegError, OSError) as exc:
            raise UnsupportedMedia(f"the clip could not be opened ({ffmpeg_reason(exc)})", str(path)) from exc
        if not self._container.streams.video or self._container.streams.video[0].time_base is None:
            self._container.close()
            raise UnsupportedMedia("the clip holds no video stream", str(path))
        self._stream = self._container.streams.video[0]
        try:
            # Checked at upload; again here, from the header, before a frame is decoded: a render never trusts a
            # file to be what its row says (a stored file replaced, an old upload from before a limit was lowered).
            check_video_stream(self._stream, path, MAX_VIDEO_PIXELS)
        except MediaError:
            self._container.close()
            raise
        # Frame threads decode several frames at once, each holding frames of its own: cheap at 1080p, ~40 MB more
        # for a 4K clip beside x264's ~210 MB. Above HD, slice threads (HEVC's rows) keep memory flat for a small
        # loss of speed (4K HEVC here: ~76 fps instead of ~95, still over twice what a 30 fps render uses).
        cc = self._stream.codec_context
        self._stream.thread_type = "AUTO" if cc.width * cc.height <= _FRAME_THREADS_MAX_PIXELS else "SLICE"
        if threads:
            self._stream.codec_context.thread_count = threads
        self._time_base = float(self._stream.time_base or 0)  # checked above: never None here
        start = self._stream.start_time
        self._origin = (start or 0) * self._time_base
        self._frames: Iterator[av.VideoFrame] | None = None
        self._current: av.VideoFrame | None = None
        self._current_t = 0.0
        self._next: av.VideoFrame | None = None
        self._next_t = 0.0
        self._first_t: float | None = None  # the first frame's time, once read from the start
        self.seeks = 0  # how often reading restarted at a key frame (tests check chunks seek once)
        self.serial = 0  # changes whenever frame_at hands out another frame: equal serials, equal pictures

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._container.close()

    def _time(self, frame: av.VideoFrame) -> float:
        pts = frame.pts if frame.pts is not None else frame.dts
        return (pts or 0) * self._time_base - self._origin

    def _decode_next(self) -> av.VideoFrame | None:
        assert self._frames is not None
        try:
            return next(self._frames, None)
        except (av.error.FFmpegError, OSError) as exc:
            raise UnsupportedMedia(f"the clip could not be decoded ({ffmpeg_reason(exc)})", str(self.path)) from exc

    def _restart(self, t: float) -> None:
        """Position before `t`: at the start, or at the key frame before it."""
        self.serial += 1
        seek_to = t if t > _SEEK_AHEAD_S or self._frames is not None else None
        self._begin_at(seek_to)
        if seek_to is None:
            self._first_t = self._current_t
        elif self._current_t > t + _EPSILON_S and t > 0:
            self._begin_at(0.0)  # the seek landed past `t` (an index that points late): read from the start

    def _begin_at(self, t: float | None) -> None:
        if t is not None:
            offset = int((t + self._origin) / self._time_base)
            try:
                self._container.seek(max(0, offset), stream=self._stream, backward=True)
            except (av.error.FFmpegError, OSError) as exc:
                raise UnsupportedMedia(f"the clip could not be read ({ffmpeg_reason(exc)})", str(self.path)) from exc
            self.seeks += 1
        self._frames = self._container.decode(self._stream)
        self._current = self._decode_next()
        if self._current is None:
            raise UnsupportedMedia("the clip holds no frames", str(self.path))
        self._current_t = self._time(self._current)
        self._next = self._decode_next()
        self._next_t = self._time(self._next) if self._next is not None else float("inf")

    def frame_at(self, t: float, most: int | None = None) -> av.VideoFrame:
        """The frame on screen `t` seconds into the clip (the first before it starts, the last after it ends).
        With `most`, at most that many frames are decoded to get there: a preview that must not take long shows
        the frame it got to (the next call reads on from it)."""
        if self._first_t is not None:
            t = max(t, self._first_t)  # before the first frame it is the first frame, not a reason to seek
        if self._current is None or t + _EPSILON_S < self._current_t or t > self._next_t + _SEEK_AHEAD_S:
            self._restart(t)
        decoded = 0
        while self._next is not None and self._next_t <= t + _EPSILON_S and (most is None or decoded < most):
            decoded += 1
            self._current, self._current_t = self._next, self._next_t
            self.serial += 1
            self._next = self._decode_next()
            self._next_t = self._time(self._next) if self._next is not None else float("inf")
        assert self._current is not None
        return self._current


class AnimationReader(_Reader):
    """An animated GIF or WEBP read like a clip, with Pillow (FFmpeg cannot decode animated WEBP): the same
    `frame_at` by presentation time, frames converted to RGB as they are shown."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._image = Image.open(path)
        except (OSError, ValueError) as exc:
            raise UnsupportedMedia(f"the animation could not be opened ({exc})", str(path)) from exc
        try:
            durations = frame_durations_ms(self._image)
        except (OSError, ValueError, EOFError) as exc:
            self._image.close()
            raise UnsupportedMedia(f"the animation could not be read ({exc})", str(path)) from exc
        self._starts = [0.0, *(ms / 1000 for ms in itertools.accumulate(durations[:-1]))]
        self._index = -1
        self._frame: av.VideoFrame | None = None
        self.seeks = 0
        self.serial = 0

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._image.close()

    def frame_at(self, t: float, most: int | None = None) -> av.VideoFrame:
        wanted = max(0, bisect.bisect_right(self._starts, t + _EPSILON_S) - 1)
        if wanted != self._index or self._frame is None:
            try:
                self._image.seek(wanted)
                rgb = self._image.convert("RGB")
            except (OSError, ValueError, EOFError) as exc:
                raise UnsupportedMedia(f"the animation could not be decoded ({exc})", str(self.path)) from exc
            self._frame = av.VideoFrame.from_image(rgb)  # type: ignore[no-untyped-call]  # PyAV ships it untyped
            self._index = wanted
            self.serial += 1
        return self._frame


def open_clip(path: Path) -> ClipReader | AnimationReader:
    """The reader for a clip's file, judged by its content: an animated image or a video."""
    try:
        with path.open("rb") as fh:
            sniffed = sniff(fh.read(SNIFF_BYTES))
    except OSError as exc:
        raise UnsupportedMedia("the clip's file cannot be read (it may have been removed)", str(path)) from exc
    return AnimationReader(path) if sniffed is not None and sniffed.kind == "image" else ClipReader(path)
