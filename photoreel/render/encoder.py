"""The output file: container, codecs and their settings for each format, written through PyAV."""

from __future__ import annotations

import contextlib
import os
from fractions import Fraction
from pathlib import Path

import av
from av.video.frame import PictureType
from av.video.reformatter import ColorRange, Colorspace

from photoreel.render.audio import SAMPLE_RATE
from photoreel.timeline.output import OutputSpec

# libx264 preset and CRF per quality; `standard` is what the benchmarks compare at.
_X264 = {
    "draft": ("ultrafast", 28),
    "standard": ("veryfast", 23),
    "high": ("medium", 18),
}
SMALL_FRAME_PIXELS = 640 * 360  # at or under this, x264 runs on one thread (see Encoder)
_VP9_CRF = {"draft": 40, "standard": 32, "high": 24}
_CONTAINER = {"mp4": "mp4", "mov": "mov", "mkv": "matroska", "webm": "webm", "gif": "gif"}


def open_output(path: Path, fmt: str) -> av.container.OutputContainer:
    """The output container for `fmt`; MP4 and MOV put their index first so phones start playing at once."""
    options = {"movflags": "+faststart"} if fmt in ("mp4", "mov") else {}
    return av.open(str(path), mode="w", format=_CONTAINER[fmt], options=options)


def add_audio_stream(container: av.container.OutputContainer, fmt: str) -> av.AudioStream:
    """The soundtrack's stream: AAC 48 kHz stereo (Opus in WebM)."""
    audio = container.add_stream("libopus" if fmt == "webm" else "aac", rate=SAMPLE_RATE)
    audio.layout = "stereo"
    audio.format = "flt" if fmt == "webm" else "fltp"
    audio.bit_rate = 160_000
    audio.time_base = Fraction(1, SAMPLE_RATE)
    return audio


def audio_frame_size(stream: av.AudioStream) -> int:
    return stream.codec_context.frame_size or 1024


class Encoder:
    """Owns the output container; takes RGB frames and soundtrack frames, writes packets in time order."""

    def __init__(self, path: Path, spec: OutputSpec, with_audio: bool, *, threads: int | None = None) -> None:
        self.spec = spec
        fmt = spec.format
        self.container = open_output(path, fmt)
        rate = Fraction(spec.rate, 1)
        if fmt == "gif":
            self.video = self.container.add_stream("gif", rate=rate)
            self.video.pix_fmt = "rgb8"
        elif fmt == "webm":
            self.video = self.container.add_stream("libvpx-vp9", rate=rate)
            self.video.pix_fmt = "yuv420p"
            self.video.options = {
                "crf": str(_VP9_CRF[spec.quality]),
                "b": "0",
                "deadline": "good" if spec.quality == "high" else "realtime",
                "cpu-used": "2" if spec.quality == "high" else "8",
                "row-mt": "1",
            }
        else:
            preset, crf = _X264[spec.quality]
            self.video = self.container.add_stream("libx264", rate=rate)
            self.video.pix_fmt = "yuv420p"
            self.video.profile = "High"
            self.video.options = {"preset": preset, "crf": str(crf)}
        self.video.width, self.video.height = spec.size
        self.video.time_base = Fraction(1, spec.rate)
        # Frames are numbered in this time base; the stream's own is changed by the muxer once it starts.
        self.frame_time_base = Fraction(1, spec.rate)
        # x264 must give the same bits whatever the load, so that a chunk rendered again matches the cached one:
        # its frame threads do not (a stream's last frames differed in 4 of 16 renders on a busy machine).
        # Slice threads do, as fast as frame threads at 1080p (17-19 s for 24 s on 2 cores) but 40% slower on
        # small frames, where one thread is deterministic and nearly as fast (640x360: 2.6 s against 2.4 s
        # with frame threads, 3.4 s with slices). One thread per core, not x264's own 1.5 per core.
        cores = threads if threads is not None else len(os.sched_getaffinity(0))
        if self.video.codec_context.name == "libx264":
            small = spec.size[0] * spec.size[1] <= SMALL_FRAME_PIXELS
            self.video.thread_type = "SLICE"
            self.video.thread_count = 1 if small else cores
        else:
            self.video.thread_type = "AUTO"
            self.video.thread_count = cores
        self.yuv = fmt != "gif"
        if self.yuv:
            cc = self.video.codec_context
            cc.colorspace = Colorspace.ITU709
            cc.color_range = ColorRange.MPEG
            cc.color_primaries = 1  # BT.709
            cc.color_trc = 1  # BT.709

        self.audio = add_audio_stream(self.container, fmt) if with_audio and fmt != "gif" else None

    @property
    def audio_frame_size(self) -> int:
        assert self.audio is not None
        return audio_frame_size(self.audio)

    def to_frame(self, frame: av.VideoFrame) -> av.VideoFrame:
        """Frames arrive as BT.709 yuv420p, which is what the video encoders take; GIF needs a palette format."""
        return frame if self.yuv else frame.reformat(format="rgb8")

    def write_video(self, frame: av.VideoFrame, index: int) -> None:
        frame.pts = index
        # A frame scaled from a clip's decoded frame carries that frame's properties: its time base would rescale
        # `index`, its duration (in that time base) would mislead the muxer, and its picture type (I/P/B) would
        # force x264's choice of frame type. Composed frames carry none of them.
        frame.time_base = self.frame_time_base
        frame.duration = 0
        frame.pict_type = PictureType.NONE
        self.container.mux(self.video.encode(frame))

    def write_audio(self, frame: av.AudioFrame) -> None:
        assert self.audio is not None
        self.container.mux(self.audio.encode(frame))

    def finish(self) -> None:
        self.container.mux(self.video.encode(None))
        if self.audio is not None:
            self.container.mux(self.audio.encode(None))
        self.container.close()

    def abort(self) -> None:
        # The file is deleted next; a second error here would hide the first.
        with contextlib.suppress(Exception):
            self.container.close()
