"""One long video as several chunks rendered apart and joined without re-encoding.

Each chunk is `render(..., frames=range)`: the same encoder settings, its own x264 instance, so it starts with
an IDR frame and carries identical SPS/PPS. Joining copies the H.264 packets into one container, shifting each
chunk's timestamps by its first frame, and encodes the soundtrack once for the whole video: AAC encoded per
chunk would restart its priming samples at every seam and click there.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from photoreel.errors import RenderError
from photoreel.render.audio import SAMPLE_RATE, audio_frames
from photoreel.render.encoder import add_audio_stream, audio_frame_size, open_output
from photoreel.render.engine import RenderResult, soundtrack, total_frames
from photoreel.render.output_file import written_atomically
from photoreel.timeline.model import Timeline

# Formats whose video is H.264 and so can be joined by copying packets (WebM's VP9 and GIF render whole).
CHUNKABLE_FORMATS = frozenset({"mp4", "mov", "mkv"})


def plan_chunks(timeline: Timeline, chunk_s: float) -> list[range]:
    """Frame ranges of about `chunk_s` seconds each, covering the video; one range when it is short or can't split."""
    total = total_frames(timeline)
    per_chunk = max(1, round(chunk_s * timeline.output.rate))
    if timeline.output.format not in CHUNKABLE_FORMATS or total <= per_chunk:
        return [range(total)]
    count = math.ceil(total / per_chunk)
    # Even sizes, so no chunk is a runt that costs a task for a handful of frames.
    bounds = [round(i * total / count) for i in range(count + 1)]
    return [range(a, b) for a, b in itertools.pairwise(bounds)]


def join_chunks(
    timeline: Timeline,
    sources: Mapping[str, Path | str],
    chunks: Sequence[tuple[range, Path]],
    output: Path | str,
) -> RenderResult:
    """Concatenate rendered chunks (in frame order) into `output`, adding the whole soundtrack once.

    Like `render`, the file appears only when complete (written under a temporary name, then renamed).
    """
    output = Path(output)
    spec = timeline.output
    expected = 0
    for frames, _ in chunks:
        if frames.start != expected:
            raise RenderError(f"chunk frames {frames.start}..{frames.stop} leave a gap or overlap at frame {expected}")
        expected = frames.stop
    if expected != total_frames(timeline):
        raise RenderError(f"the chunks cover {expected} frames of {total_frames(timeline)}")
    music = soundtrack(timeline, {k: Path(v) for k, v in sources.items()})

    with written_atomically(output, f"joining the chunks of {output.name}") as partial:
        out: av.container.OutputContainer | None = None
        try:
            with av.open(str(chunks[0][1])) as first:
                template = first.streams.video[0]
                out = open_output(partial, spec.format)
                video = out.add_stream_from_template(template)
                extradata = bytes(template.codec_context.extradata or b"")
            audio = add_audio_stream(out, spec.format) if music is not None else None
            pending = (
                audio_frames(music, audio_frame_size(audio), audio.format.name) if audio and music is not None else None
            )
            next_audio = next(pending, None) if pending is not None else None

            for frames, path in chunks:
                for packet, t in _chunk_packets(path, frames, spec.rate, extradata):
                    # Audio just ahead of video, so the muxer interleaves without holding the whole track.
                    while audio is not None and pending is not None and next_audio is not None:
                        if (next_audio.pts or 0) / SAMPLE_RATE > t + 0.5:
                            break
                        out.mux(audio.encode(next_audio))
                        next_audio = next(pending, None)
                    packet.stream = video
                    out.mux(packet)
            while audio is not None and pending is not None and next_audio is not None:
                out.mux(audio.encode(next_audio))
                next_audio = next(pending, None)
            if audio is not None:
                out.mux(audio.encode(None))
            out.close()
            out = None
        finally:
            if music is not None:
                music.close()
            if out is not None:
                with contextlib.suppress(Exception):
                    out.close()
    total = total_frames(timeline)
    return RenderResult(
        path=output,
        duration_s=total / spec.rate,
        frames=total,
        size_bytes=output.stat().st_size,
        width=spec.width,
        height=spec.height,
        has_audio=music is not None,
    )


def _chunk_packets(path: Path, frames: range, rate: int, extradata: bytes) -> Iterator[tuple[av.Packet[Any], float]]:
    """The chunk's video packets with timestamps moved to its place in the whole video, and each one's time (s)."""
    with av.open(str(path)) as chunk:
        stream = chunk.streams.video[0]
        if bytes(stream.codec_context.extradata or b"") != extradata:
            raise RenderError(f"chunk {path.name} was encoded with other settings and cannot be joined")
        time_base = stream.time_base
        assert time_base is not None
        shift = Fraction(frames.start, rate) / time_base
        if shift.denominator != 1:
            raise RenderError(f"chunk {path.name}: time base {time_base} cannot place frame {frames.start}")
        count = 0
        for packet in chunk.demux(stream):
            if packet.size == 0:  # the demuxer's end-of-stream marker
                continue
            if count == 0 and not packet.is_keyframe:
                raise RenderError(f"chunk {path.name} does not start with a key frame")
            count += 1
            if packet.pts is not None:
                packet.pts += int(shift)
            if packet.dts is not None:
                packet.dts += int(shift)
            yield packet, float((packet.pts or 0) * time_base)
    if count != len(frames):
        raise RenderError(f"chunk {path.name} holds {count} frames, not {len(frames)}")
