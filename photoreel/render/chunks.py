"""One video as several chunks rendered apart and joined without re-encoding, and kept for the next export.

Each chunk is `render(..., frames=range)`, which draws its scene (render/scene.py): the same encoder settings,
its own x264 instance, so it starts with an IDR frame and carries identical SPS/PPS. A chunk is named by its
scene's identity, so an export after an edit renders only the chunks whose pictures changed.

Joining copies the H.264 packets into one container, shifting each chunk's timestamps by its first frame, and
encodes the soundtrack once for the whole video: AAC encoded per chunk would restart its priming samples at
every seam and click there. So a change to the music alone renders no chunk at all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import tempfile
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

import av

from photoreel.errors import RenderError, TimelineError
from photoreel.render.ahead import ahead
from photoreel.render.audio import SAMPLE_RATE, audio_frames
from photoreel.render.encoder import add_audio_stream, audio_frame_size, open_output
from photoreel.render.engine import HandedOver, RenderResult, render_scene, soundtrack, total_frames
from photoreel.render.output_file import written_atomically
from photoreel.render.scene import cut_candidates, scene_of
from photoreel.timeline.model import Timeline
from photoreel.timeline.validate import validate

# Formats whose video is H.264 and so can be joined by copying packets (WebM's VP9 and GIF render whole).
CHUNKABLE_FORMATS = frozenset({"mp4", "mov", "mkv"})


_AUDIO_AHEAD = 48  # soundtrack frames (1024 samples each) mixed ahead of the encoder: about a second
FIRST_CHUNK_S = 1.0  # the first chunk is short: its second is the first to play


def plan_chunks(timeline: Timeline, chunk_s: float, digests: Mapping[str, str] | None = None) -> list[range]:
    """Frame ranges of about `chunk_s` seconds on average, covering the video; one range when it can't split.

    Cuts fall where a segment's stretch outside transitions begins, and which of those become cuts depends
    only on the segment there (its content, through `digests`, and its settings) and the distance from the
    previous cut: the way content-defined chunking picks block boundaries. So after a photo is inserted or
    removed the cuts fall where they fell before from the next cut on, and every chunk from there is the
    same scene as before and comes from the cache.

    The first chunk is about FIRST_CHUNK_S long and each next one at least twice the one before until they reach
    the usual length: the first second plays soon, and each chunk is rendered while the one before plays.
    """
    total = total_frames(timeline)
    if timeline.output.format not in CHUNKABLE_FORMATS or total <= 1:
        return [range(total)]
    rate = timeline.output.rate
    cuts = [0]
    shortest, longest = chunk_s / 2, chunk_s * 2
    ramp = min(FIRST_CHUNK_S, shortest)  # the least the next chunk may last while the chunks ramp up
    for frame, k in cut_candidates(timeline, every_s=chunk_s, first_s=ramp):
        elapsed = (frame - cuts[-1]) / rate
        if frame >= total or elapsed <= 0:
            continue
        if ramp < shortest:
            if elapsed >= ramp:
                cuts.append(frame)
                ramp = 2 * elapsed
            continue
        if elapsed >= longest or (elapsed >= shortest and _chosen(timeline, k, frame, chunk_s, digests or {})):
            cuts.append(frame)
    cuts.append(total)
    return [range(a, b) for a, b in itertools.pairwise(cuts)]


def _chosen(timeline: Timeline, k: int, frame: int, chunk_s: float, digests: Mapping[str, str]) -> bool:
    """Whether the candidate cut in segment `k` becomes a cut: a draw fixed by the segment alone, likelier the
    longer the segment, so that past the shortest chunk a cut comes after about `chunk_s / 2` more seconds."""
    segment = timeline.segments[k]
    start = timeline.segment_starts()[k]
    if frame * 1000 / timeline.output.rate - start >= chunk_s * 1000:
        return True  # a cut inside a long segment (a clip): there is no other place to cut it
    described = dataclasses.asdict(segment)
    described["media_id"] = digests.get(segment.media_id, segment.media_id)
    draw = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).digest()
    chance = min(1.0, segment.duration_ms / (chunk_s * 500))
    return int.from_bytes(draw[:4], "big") / 2**32 < chance


class ChunkCache(Protocol):
    """Rendered chunks kept by their scene's identity (render/scene.py)."""

    def find(self, identity: str) -> Path | None:
        """The chunk's file, if it is kept."""
        ...

    def keep(self, identity: str, rendered: Path) -> Path:
        """Move a freshly rendered chunk in; its file from now on."""
        ...


def render_in_chunks(
    timeline: Timeline,
    sources: Mapping[str, Path | str],
    output: Path | str,
    cache: ChunkCache,
    *,
    chunk_s: float,
    digests: Mapping[str, str],
    progress: Callable[[float], None] | None = None,
) -> RenderResult:
    """Render the chunks the cache lacks, one after another, and join them all with the soundtrack: the whole
    video as `render` would make it, at the cost of what changed since the cache last saw it."""
    validate(timeline)
    if not timeline.segments:
        raise TimelineError("the timeline has no photos or clips to render")
    output = Path(output)
    chunk_timeline = as_chunk(timeline)
    plan = [(frames, scene_of(chunk_timeline, frames)) for frames in plan_chunks(timeline, chunk_s, digests)]
    total = sum(len(frames) for frames, _ in plan)
    done = 0
    parts: list[tuple[range, Path]] = []
    handed_over = HandedOver()
    with tempfile.TemporaryDirectory(prefix=".photoreel-chunks-", dir=output.parent) as work:
        for i, (frames, scene) in enumerate(plan):
            identity = scene.identity(digests)
            kept = cache.find(identity)
            if kept is None:

                def step(fraction: float, before: int = done, count: int = len(frames)) -> None:
                    if progress is not None:
                        progress((before + fraction * count) / total)

                fresh = Path(work) / f"{i:04d}.mp4"
                render_scene(scene, sources, fresh, progress=step, handed_over=handed_over)
                kept = cache.keep(identity, fresh)
            done += len(frames)
            if progress is not None:
                progress(done / total)
            parts.append((frames, kept))
        return join_chunks(timeline, sources, parts, output)


def as_chunk(timeline: Timeline) -> Timeline:
    """Chunks are always MP4 (H.264 with an exact time base); the join writes the container asked for."""
    return dataclasses.replace(timeline, output=dataclasses.replace(timeline.output, format="mp4"))


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
        pending: Iterator[av.AudioFrame] | None = None
        try:
            with av.open(str(chunks[0][1])) as first:
                template = first.streams.video[0]
                out = open_output(partial, spec.format)
                video = out.add_stream_from_template(template)
                extradata = bytes(template.codec_context.extradata or b"")
            audio = add_audio_stream(out, spec.format) if music is not None else None
            pending = (
                # Mixed a second ahead in a thread of its own while AAC encodes: the join of a re-export that
                # renders no chunk is mostly this soundtrack.
                ahead(audio_frames(music, audio_frame_size(audio), audio.format.name), _AUDIO_AHEAD, "photoreel-mix")
                if audio and music is not None
                else None
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
            if isinstance(pending, Generator):
                pending.close()  # stops the mixing thread before its soundtrack is closed under it
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
