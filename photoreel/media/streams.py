"""Probe audio and video files with PyAV: what streams they hold and how long they last."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

from photoreel.errors import UnsupportedMedia


@dataclass(frozen=True)
class StreamInfo:
    kind: str  # "audio" or "video"
    format: str
    duration_ms: int
    has_audio: bool
    has_video: bool
    width: int | None = None
    height: int | None = None


def probe_streams(path: Path, expected_kind: str) -> StreamInfo:
    """Open with FFmpeg, check there is something playable, and decode one packet to prove it."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            audio = container.streams.audio[0] if container.streams.audio else None
            video = container.streams.video[0] if container.streams.video else None
            if audio is None and video is None:
                raise UnsupportedMedia("the file holds no audio or video stream", str(path))
            if expected_kind == "audio" and audio is None:
                raise UnsupportedMedia("the file holds no audio stream", str(path))
            duration_s = _duration_seconds(container, audio or video)
            first = audio if expected_kind == "audio" else (video or audio)
            if not _decodes(container, first):
                raise UnsupportedMedia("the file could not be decoded; it may be truncated or corrupt", str(path))
            if not _decodes_near(container, first, duration_s - 1.0):
                raise UnsupportedMedia(
                    f"the file says it lasts {duration_s:.1f} s but its data ends early: it is truncated", str(path)
                )
            return StreamInfo(
                kind="video" if video is not None and expected_kind == "video" else "audio",
                format=container.format.name.split(",")[0],
                duration_ms=round(duration_s * 1000),
                has_audio=audio is not None,
                has_video=video is not None,
                width=video.codec_context.width if video is not None else None,
                height=video.codec_context.height if video is not None else None,
            )
    except UnsupportedMedia:
        raise
    except (av.error.FFmpegError, OSError, ValueError, IndexError) as exc:
        raise UnsupportedMedia(f"not a playable audio or video file ({exc})", str(path)) from exc


def _duration_seconds(container: av.container.InputContainer, stream: av.stream.Stream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def _decodes_near(container: av.container.InputContainer, stream: av.stream.Stream, at_s: float) -> bool:
    """Whether data is there to decode about `at_s` seconds in: a cut-off file's header still claims its full
    length, so the start decoding proves little. Only the end is read, so this costs the same for any size."""
    if at_s <= 1.0 or stream.time_base is None:
        return True
    container.seek(int(at_s / stream.time_base), stream=stream)
    for packet_count, packet in enumerate(container.demux(stream)):
        for frame in packet.decode():
            # A seek lands on a key frame at or before the target: any audio frame, but a video's may be seconds back.
            slack = 12.0 if stream.type == "video" else 1.5
            return frame.time is None or frame.time >= at_s - slack
        if packet_count > 200:
            break
    return False


def _decodes(container: av.container.InputContainer, stream: av.stream.Stream) -> bool:
    for packet_count, packet in enumerate(container.demux(stream)):
        for _frame in packet.decode():
            return True
        if packet_count > 200:
            break
    return False
