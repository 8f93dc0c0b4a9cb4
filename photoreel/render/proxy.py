"""Scrubbing copies of clips: the frame previews' stand-in for a clip, in which any frame is one decode away.

A phone or camera clip has a key frame every second or so, a downloaded or edited one often every 8 s or more.
A still in the middle of such a stretch costs decoding everything from the key frame before it (half a second on
W5's clip). The proxy has every frame as a key frame, small (854 px on its long side), already upright and in SDR
BT.709, at the source's own frame times (at most 60 a second): the clip reader finds the same frame in it at
every time, and the still fits it as it fits the source. Made once per clip, in the background, the first time a
still shows it; its first MAX_PROXY_S seconds only, so a copy stays under ~150 MB."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
from av.video.reformatter import ColorRange, Colorspace

from photoreel.errors import UnsupportedMedia
from photoreel.media.limits import MAX_VIDEO_PIXELS
from photoreel.media.streams import check_video_stream, clockwise_rotation, ffmpeg_reason
from photoreel.render.clips import Scalers, fit_clip_frame
from photoreel.render.fit import contained_size
from photoreel.render.output_file import written_atomically

PROXY_LONG_SIDE = 854
MAX_PROXY_S = 300  # past this a clip is previewed from its file (each still decoding at most a budget of frames)
MAX_PROXY_FPS = 60  # a 240 fps slow-motion clip is copied at 60: a still shows the frame of that 60th of a second
_TIME_BASE = Fraction(1, 90_000)


def _size(shown: tuple[int, int], long_side: int) -> tuple[int, int]:
    """`shown` made at most `long_side` on its long side (never larger), both sides even."""
    w, h = contained_size(shown, (min(long_side, max(shown)),) * 2)
    return max(2, w - w % 2), max(2, h - h % 2)


class Stopped(Exception):
    """The copy was stopped part-way (the server is shutting down)."""


def make_proxy(
    source: Path, target: Path, long_side: int = PROXY_LONG_SIDE, stop: Callable[[], bool] = lambda: False
) -> Path:
    """Write `source`'s scrubbing copy to `target` (atomically); UnsupportedMedia if it cannot be read, Stopped
    (and no file) when `stop()` turns true while it is made."""
    with written_atomically(target, f"writing the scrubbing copy of {source.name}") as partial:
        try:
            _write(source, partial, long_side, stop)
        except (av.error.FFmpegError, OSError) as exc:
            raise UnsupportedMedia(f"the clip could not be read ({ffmpeg_reason(exc)})", str(source)) from exc
    return target


def _write(source: Path, partial: Path, long_side: int, stop: Callable[[], bool]) -> None:
    with av.open(str(source), metadata_errors="ignore") as src:
        if not src.streams.video or src.streams.video[0].time_base is None:
            raise UnsupportedMedia("the clip holds no video stream", str(source))
        stream = src.streams.video[0]
        check_video_stream(stream, source, MAX_VIDEO_PIXELS)
        cc = stream.codec_context
        # As the clip reader decodes (media/video.py): frame threads up to HD, slice threads above, for memory.
        stream.thread_type = "AUTO" if cc.width * cc.height <= 1920 * 1088 else "SLICE"
        time_base = stream.time_base
        assert time_base is not None  # checked above
        origin = stream.start_time or 0
        with av.open(str(partial), "w", format="mp4") as out:
            video: av.VideoStream | None = None
            scalers = Scalers()
            last = -1
            step = round(1 / (MAX_PROXY_FPS * _TIME_BASE))
            until = round(MAX_PROXY_S / _TIME_BASE)
            for frame in src.decode(stream):
                if stop():
                    raise Stopped(f"the scrubbing copy of {source.name} was stopped")
                pts = frame.pts if frame.pts is not None else frame.dts
                # The same time from the clip's first frame as the clip reader gives the source's frames.
                at = round(((pts or 0) - origin) * time_base / _TIME_BASE)
                if at > until:
                    break
                if last >= 0 and at < last + step:
                    continue  # a repeated or out-of-order time, or faster than 60 a second: not kept
                if video is None:
                    turned = clockwise_rotation(frame) in (90, 270)
                    shown = (frame.height, frame.width) if turned else (frame.width, frame.height)
                    video = _stream(out, _size(shown, long_side))
                # "cover" at the clip's own shape: the whole picture, with no bar from rounding to even sides.
                picture = fit_clip_frame(frame, (video.width, video.height), "cover", scalers).to_frame()
                picture.pts, picture.time_base = at, _TIME_BASE
                for packet in video.encode(picture):
                    out.mux(packet)
                last = at
            if video is None:
                raise UnsupportedMedia("the clip holds no frames", str(source))
            for packet in video.encode(None):
                out.mux(packet)


def _stream(out: av.container.OutputContainer, size: tuple[int, int]) -> av.VideoStream:
    video = out.add_stream("libx264", rate=30)
    video.width, video.height = size
    video.pix_fmt = "yuv420p"
    video.time_base = _TIME_BASE
    video.codec_context.time_base = _TIME_BASE
    # Every frame a key frame; x264's fastest settings: the copy is for looking at, at a third of the size.
    video.options = {"preset": "ultrafast", "crf": "24", "g": "1", "keyint_min": "1", "bf": "0"}
    cc = video.codec_context
    cc.colorspace = Colorspace.ITU709
    cc.color_range = ColorRange.MPEG
    cc.color_primaries = 1  # BT.709
    cc.color_trc = 1  # BT.709
    return video
