"""Video clips made by the tests with PyAV: colours that change on known seconds, optional sound, a rotated
phone clip, irregular (VFR) timestamps, 10-bit HLG, animated GIF. Nothing is downloaded."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

Colour = tuple[int, int, int]


def clip_picture(size: tuple[int, int], colour: Colour, bottom: Colour | None) -> np.ndarray:
    """An upright picture: `colour`, or `colour` above `bottom` (to tell up from down)."""
    w, h = size
    pixels = np.empty((h, w, 3), np.uint8)
    pixels[:] = colour
    if bottom is not None:
        pixels[h // 2 :] = bottom
    return pixels


def write_clip(
    path: Path,
    colours: Sequence[Colour] = ((200, 40, 40),),
    seconds_each: float = 1.0,
    *,
    size: tuple[int, int] = (320, 180),
    fps: int = 30,
    bottom: Colour | None = None,
    tone_hz: float | None = 440.0,
    amplitude: float = 0.5,
    display_rotation: int = 0,
    timestamps: Sequence[float] | None = None,
    codec: str = "libx264",
    pix_fmt: str = "yuv420p",
    hlg: bool = False,
    gop: int | None = None,
) -> Path:
    """A clip showing each of `colours` for `seconds_each`, upright as `size` once shown.

    `display_rotation` is the display matrix's counter-clockwise degrees (a phone's portrait clip is -90):
    the stored frames are turned the other way so the clip shows upright only if the matrix is honoured.
    `timestamps` (seconds) replaces the regular frame times: a variable-frame-rate clip.
    """
    duration = seconds_each * len(colours)
    times = list(timestamps) if timestamps is not None else [i / fps for i in range(round(duration * fps))]
    turn = round(-display_rotation / 90) % 4  # clockwise quarter turns that show a stored frame upright
    stored = size if turn % 2 == 0 else (size[1], size[0])
    time_base = Fraction(1, 90_000)
    with av.open(str(path), "w") as container:
        video = container.add_stream(codec, rate=fps)
        video.width, video.height = stored
        video.pix_fmt = pix_fmt
        video.time_base = time_base
        video.codec_context.time_base = time_base  # frame times are kept exactly, irregular ones too
        options = {"preset": "ultrafast"} if codec in ("libx264", "libx265") else {}
        if gop is not None:
            options["g" if codec != "libx265" else "x265-params"] = str(gop) if codec != "libx265" else f"keyint={gop}"
        video.options = options
        if hlg:
            cc = video.codec_context
            cc.color_primaries = 9  # BT.2020
            cc.color_trc = 18  # ARIB STD-B67 (HLG)
            cc.colorspace = 9  # BT.2020 non-constant
        if display_rotation:
            video.set_display_rotation(display_rotation)
        audio = None
        if tone_hz is not None:
            audio = container.add_stream("aac", rate=48_000)
            audio.layout = "stereo"
        for t in times:
            index = min(len(colours) - 1, int(t / seconds_each))
            upright = clip_picture(size, colours[index], bottom)
            pixels = np.ascontiguousarray(np.rot90(upright, k=turn))  # rot90 turns counter-clockwise
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            if hlg:
                frame = frame.reformat(format=pix_fmt, dst_colorspace=av.video.reformatter.Colorspace.ITU709)
            frame.pts = round(t / time_base)
            frame.time_base = time_base
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if audio is not None and tone_hz is not None:
            mux_tone(container, audio, duration, tone_hz, amplitude, rate=48_000, frame_size=1024)
    return path


def mux_tone(
    container: av.container.OutputContainer,
    stream: av.AudioStream,
    seconds: float,
    freq: float,
    amplitude: float,
    rate: int,
    frame_size: int,
) -> None:
    """A stereo sine tone of `seconds` encoded into `stream` and muxed, then the encoder flushed."""
    mono = (amplitude * np.sin(2 * np.pi * freq * np.arange(round(seconds * rate)) / rate)).astype(np.float32)
    for pos in range(0, len(mono), frame_size):
        chunk = mono[pos : pos + frame_size]
        frame = av.AudioFrame.from_ndarray(np.stack([chunk, chunk]), format="fltp", layout="stereo")
        frame.sample_rate = rate
        frame.pts = pos
        container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


def write_gif(
    path: Path, colours: Sequence[Colour], seconds_each: float = 0.5, size: tuple[int, int] = (120, 90)
) -> Path:
    frames = [Image.new("RGB", size, c) for c in colours]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=round(seconds_each * 1000), loop=0)
    return path
