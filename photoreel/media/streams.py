"""Probe audio and video files with PyAV: what streams they hold, how long they last, and for video how its
frames are to be shown (rate, rotation, HDR)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

from photoreel.errors import MediaTooLarge, UnsupportedMedia
from photoreel.media.limits import MAX_VIDEO_PIXELS, MAX_VIDEO_SECONDS

# FFmpeg's AVColorTransferCharacteristic codes of the two HDR transfers phones record.
_HDR_TRANSFERS = {16: "pq", 18: "hlg"}  # SMPTE ST 2084, ARIB STD-B67


@dataclass(frozen=True)
class StreamInfo:
    kind: str  # "audio" or "video"
    format: str
    duration_ms: int
    has_audio: bool
    has_video: bool
    width: int | None = None  # as shown, after rotation
    height: int | None = None
    fps: float | None = None  # average frame rate (phone video is often variable)
    rotation: int = 0  # clockwise degrees the stored frames are turned to be shown upright: 0, 90, 180, 270
    hdr: str | None = None  # "hlg" or "pq"
    codec: str | None = None
    bit_depth: int | None = None
    taken_at: str | None = None  # the container's creation time (ISO 8601), when it has one


def probe_streams(
    path: Path,
    expected_kind: str,
    *,
    max_pixels: int = MAX_VIDEO_PIXELS,
    max_seconds: float = MAX_VIDEO_SECONDS,
) -> StreamInfo:
    """Open with FFmpeg, check there is something playable within the limits, and decode to prove it."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            audio = container.streams.audio[0] if container.streams.audio else None
            video = container.streams.video[0] if container.streams.video else None
            if audio is None and video is None:
                raise UnsupportedMedia("the file holds no audio or video stream", str(path))
            if expected_kind == "audio" and audio is None:
                raise UnsupportedMedia("the file holds no audio stream", str(path))
            is_video = video is not None and expected_kind == "video"
            if is_video:
                assert video is not None
                check_video_stream(video, path, max_pixels)
            measured = video if is_video else (audio or video)
            assert measured is not None  # one of the two exists (checked above)
            duration_s = _duration_seconds(container, measured)
            if duration_s > max_seconds:
                raise MediaTooLarge(
                    f"the file lasts {duration_s / 60:.0f} minutes; the limit is {max_seconds / 60:.0f} minutes",
                    str(path),
                )
            first_stream = video if is_video else (audio or video)
            assert first_stream is not None
            first = _first_frame(container, first_stream)
            if first is None:
                raise UnsupportedMedia("the file could not be decoded; it may be truncated or corrupt", str(path))
            if is_video and duration_s <= 0:
                raise UnsupportedMedia("the video holds no frames to show (it lasts 0 seconds)", str(path))
            if not _decodes_near(container, first_stream, duration_s - 1.0):
                raise UnsupportedMedia(
                    f"the file says it lasts {duration_s:.1f} s but its data ends early: it is truncated", str(path)
                )
            info = StreamInfo(
                kind="video" if is_video else "audio",
                format=container.format.name.split(",")[0],
                duration_ms=round(duration_s * 1000),
                has_audio=audio is not None and _decodes_any(path, "audio"),
                has_video=video is not None,
                taken_at=_creation_time(container),
            )
            if not is_video:
                return info
            assert video is not None and isinstance(first, av.VideoFrame)
            return _with_video_facts(info, video, first)
    except (UnsupportedMedia, MediaTooLarge):
        raise
    except av.error.FFmpegError as exc:
        raise UnsupportedMedia(
            f"not a playable audio or video file ({ffmpeg_reason(exc)}); it may be truncated or corrupt", str(path)
        ) from exc
    except (OSError, ValueError, IndexError) as exc:
        raise UnsupportedMedia(f"not a playable audio or video file ({exc})", str(path)) from exc


def ffmpeg_reason(exc: BaseException) -> str:
    """FFmpeg's reason without the file name it was given (a temporary path on a server)."""
    if isinstance(exc, av.error.FFmpegError):
        return (exc.strerror or "unreadable").lower()
    return type(exc).__name__ if isinstance(exc, OSError) else str(exc)


def check_video_stream(video: av.video.stream.VideoStream, path: Path, max_pixels: int) -> None:
    """UnsupportedMedia or MediaTooLarge, from the stream's header alone, before any frame is decoded."""
    cc = video.codec_context
    name = video.codec_context.name if cc is not None else None
    if cc is None or name in (None, "none") or not _can_decode(name):
        raise UnsupportedMedia(f"its video codec ({name or 'unknown'}) cannot be decoded here", str(path))
    w, h = cc.width, cc.height
    if w * h > max_pixels:
        raise MediaTooLarge(
            f"the video is {w}x{h} ({w * h / 1e6:.3g} megapixels a frame); the limit is "
            f"{max_pixels / 1e6:.3g} megapixels",
            str(path),
        )


def _can_decode(codec_name: str) -> bool:
    try:
        av.codec.Codec(codec_name, "r")
    except (av.error.FFmpegError, ValueError):
        return False
    return True


def _with_video_facts(info: StreamInfo, video: av.video.stream.VideoStream, first: av.VideoFrame) -> StreamInfo:
    rotation = clockwise_rotation(first)
    w, h = first.width, first.height
    if rotation in (90, 270):
        w, h = h, w
    rate = video.average_rate or video.guessed_rate or video.base_rate
    transfer = first.color_trc if first.color_trc not in (None, 2) else video.codec_context.color_trc  # 2: unset
    return StreamInfo(
        **{
            **info.__dict__,
            "width": w,
            "height": h,
            "fps": round(float(rate), 3) if rate else None,
            "rotation": rotation,
            "hdr": _HDR_TRANSFERS.get(int(transfer or 0)),
            "codec": video.codec_context.name,
            "bit_depth": _bit_depth(first.format.name),
        }
    )


def clockwise_rotation(frame: av.VideoFrame) -> int:
    """How far a decoded frame must be turned clockwise to be upright. FFmpeg's display matrix (which
    `frame.rotation` reads) counts counter-clockwise, so a phone's portrait clip reads -90 and turns 90."""
    return round(-(frame.rotation or 0) / 90) % 4 * 90


def _bit_depth(pixel_format: str) -> int:
    for depth in (16, 12, 10):
        if f"p{depth}" in pixel_format:
            return depth
    return 8


def _creation_time(container: av.container.InputContainer) -> str | None:
    value = (container.metadata or {}).get("creation_time")
    if not value or value.startswith("1970") or value.startswith("1904"):
        return None  # an unset MP4 time reads as its epoch
    return value.replace("Z", "").split(".")[0]


def _decodes_any(path: Path, kind: str) -> bool:
    """Whether the file's first stream of `kind` yields a frame (a broken audio track is no sound)."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            streams = container.streams.audio if kind == "audio" else container.streams.video
            return _first_frame(container, streams[0]) is not None
    except (av.error.FFmpegError, OSError, ValueError, IndexError):
        return False


def _duration_seconds(container: av.container.InputContainer, stream: av.stream.Stream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return _duration_by_reading(container, stream)


def _duration_by_reading(container: av.container.InputContainer, stream: av.stream.Stream) -> float:
    """The end of the last packet, read off every packet (no decoding): a browser's MediaRecorder writes WebM
    with no duration in its header at all."""
    if stream.time_base is None:
        return 0.0
    end, first = 0, None
    for packet in container.demux(stream):
        if packet.pts is None:
            continue
        first = packet.pts if first is None else min(first, packet.pts)
        end = max(end, packet.pts + (packet.duration or 0))
    container.seek(0)
    return float((end - (first or 0)) * stream.time_base)


def _decodes_near(container: av.container.InputContainer, stream: av.stream.Stream, at_s: float) -> bool:
    """Whether data is there to decode about `at_s` seconds in: a cut-off file's header still claims its full
    length, so the start decoding proves little. Only the end is read, so this costs the same for any size."""
    if at_s <= 1.0 or stream.time_base is None:
        return True
    container.seek(int(at_s / stream.time_base), stream=stream)
    if stream.type == "video":
        # A seek lands on a key frame at or before the target, maybe seconds back: read on (packets only, no
        # decoding) until one as late as the target. A cut-off file runs out of packets first, however short it
        # is (decoding the key frame alone let a 4 s clip cut at 40% through).
        for packet_count, packet in enumerate(container.demux(stream)):
            pts, base = packet.pts, packet.time_base
            if packet.size and pts is not None and base is not None and float(pts * base) >= at_s - 0.5:
                return True
            if packet_count > 4000:
                break
        return False
    for packet_count, packet in enumerate(container.demux(stream)):
        for frame in packet.decode():
            shown = getattr(frame, "time", None)
            return shown is None or shown >= at_s - 1.5
        if packet_count > 200:
            break
    return False


def _first_frame(
    container: av.container.InputContainer, stream: av.stream.Stream
) -> av.VideoFrame | av.AudioFrame | None:
    for packet_count, packet in enumerate(container.demux(stream)):
        for frame in packet.decode():
            if isinstance(frame, av.VideoFrame | av.AudioFrame):
                return frame
        if packet_count > 200:
            break
    return None
