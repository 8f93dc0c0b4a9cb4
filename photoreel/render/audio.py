"""Background music: decoded once, resampled to 48 kHz stereo, looped or trimmed, with volume and fades."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from photoreel.errors import UnsupportedMedia
from photoreel.timeline.model import AudioSegment

SAMPLE_RATE = 48_000
CHANNELS = 2


def decode_audio(path: Path, max_seconds: float) -> np.ndarray:
    """The first `max_seconds` of `path` as float32 samples shaped (2, n) at 48 kHz.

    Samples go straight into one preallocated array, sized by the shorter of `max_seconds` and the file's own
    length, so a decoded source costs its size once and no more.
    """
    limit = int(max_seconds * SAMPLE_RATE) + SAMPLE_RATE  # a second spare for resampler latency
    out: np.ndarray | None = None
    have = 0

    def take(frames: list[av.AudioFrame]) -> None:
        nonlocal have
        assert out is not None
        for frame in frames:
            data = frame.to_ndarray()
            k = min(data.shape[1], limit - have)
            out[:, have : have + k] = data[:, :k]
            have += k

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.audio[0]
            # Sized to what the file says it holds when that is less: the result is a view of this array,
            # so any spare room would stay allocated as long as the soundtrack lives.
            if container.duration is not None and container.duration > 0:
                declared = int(container.duration / av.time_base * SAMPLE_RATE) + SAMPLE_RATE
                limit = min(limit, declared)
            out = np.empty((CHANNELS, limit), dtype=np.float32)
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
            for frame in container.decode(stream):
                take(resampler.resample(frame))
                if have >= limit:
                    break
            else:
                take(resampler.resample(None))
    except (av.error.FFmpegError, IndexError, OSError) as exc:
        raise UnsupportedMedia(f"the music could not be decoded ({exc})", str(path)) from exc
    if have == 0 or out is None:
        raise UnsupportedMedia("the music file holds no sound", str(path))
    return out[:, :have]


@dataclass(frozen=True)
class _Placed:
    """One music segment on the soundtrack: where it plays, what it plays and how loud."""

    start: int  # samples
    stop: int
    source: np.ndarray  # (2, n) int16: half the memory of float32, and 16 bits is what music files carry
    loop: bool
    volume: np.float32
    fade_in: int
    fade_out: int


class Soundtrack:
    """The whole soundtrack, mixed block by block as the encoder asks for it.

    Only the decoded sources are held (each no longer than it plays), never the mix: a two-minute soundtrack
    would otherwise cost 46 MB for as long as the video encodes. `soundtrack[:, a:b]` is the mix of samples
    a..b, clipped to [-1, 1], the same whichever block sizes it is read in.
    """

    def __init__(self, segments: list[tuple[AudioSegment, Path]], total_ms: int, end_ms_of: dict[int, int]) -> None:
        total = round(total_ms * SAMPLE_RATE / 1000)
        self.shape = (CHANNELS, total)
        self._placed: list[_Placed] = []
        for i, (seg, path) in enumerate(segments):
            start = round(seg.start_ms * SAMPLE_RATE / 1000)
            stop = min(total, round(end_ms_of[i] * SAMPLE_RATE / 1000))
            if stop - start <= 0:
                continue
            self._placed.append(
                _Placed(
                    start,
                    stop,
                    _to_int16(decode_audio(path, (stop - start) / SAMPLE_RATE)),
                    seg.loop,
                    np.float32(seg.volume),
                    seg.fade_in_ms * SAMPLE_RATE // 1000,
                    seg.fade_out_ms * SAMPLE_RATE // 1000,
                )
            )

    def __getitem__(self, index: tuple[slice, slice]) -> np.ndarray:
        columns = index[1]
        a, b, _ = columns.indices(self.shape[1])
        block = np.zeros((CHANNELS, max(0, b - a)), dtype=np.float32)
        for placed in self._placed:
            lo, hi = max(a, placed.start), min(b, placed.stop)
            if lo >= hi:
                continue
            block[:, lo - a : hi - a] += _segment_samples(placed, lo - placed.start, hi - placed.start)
        np.clip(block, -1.0, 1.0, out=block)
        return block


_INT16_SCALE = 32767.0


def _to_int16(samples: np.ndarray) -> np.ndarray:
    out = np.empty(samples.shape, dtype=np.int16)
    for channel in range(samples.shape[0]):  # a channel at a time: no full-size float temporary
        np.clip(samples[channel] * _INT16_SCALE, -_INT16_SCALE, _INT16_SCALE, out=samples[channel])
        np.rint(samples[channel], out=samples[channel])
        out[channel] = samples[channel]
    return out


def _segment_samples(placed: _Placed, p0: int, p1: int) -> np.ndarray:
    """Samples p0..p1 of one segment (positions from its own start), looped or trimmed, with volume and fades."""
    length = placed.source.shape[1]
    positions = np.arange(p0, p1)
    if placed.loop:
        samples = placed.source[:, positions % length].astype(np.float32)
    else:
        samples = np.zeros((CHANNELS, p1 - p0), dtype=np.float32)
        inside = positions < length
        samples[:, inside] = placed.source[:, positions[inside]]
    gain = np.full(p1 - p0, placed.volume / np.float32(_INT16_SCALE), dtype=np.float32)
    n = placed.stop - placed.start
    if placed.fade_in > 0:
        k = min(placed.fade_in, n)
        ramp = positions < k
        gain[ramp] *= (positions[ramp] / k).astype(np.float32)
    if placed.fade_out > 0:
        k = min(placed.fade_out, n)
        ramp = positions >= n - k
        gain[ramp] *= (1.0 - (positions[ramp] - (n - k)) / max(1, k - 1)).astype(np.float32)
    samples *= gain
    return samples


def mix_music(segments: list[tuple[AudioSegment, Path]], total_ms: int, end_ms_of: dict[int, int]) -> Soundtrack:
    """The soundtrack, exactly `total_ms` long; silence where no music plays. `end_ms_of[i]` is when segment i
    stops (its own end, or the end of the video)."""
    return Soundtrack(segments, total_ms, end_ms_of)


def audio_frames(
    samples: np.ndarray | Soundtrack, frame_size: int, sample_format: str = "fltp"
) -> Iterator[av.AudioFrame]:
    """Cut the soundtrack into encoder-sized frames (planar `fltp` or packed `flt`) with pts in samples."""
    total = samples.shape[1]
    for pos in range(0, total, frame_size):
        chunk = samples[:, pos : pos + frame_size]
        if chunk.shape[1] < frame_size:
            chunk = np.pad(chunk, ((0, 0), (0, frame_size - chunk.shape[1])))
        data = chunk if sample_format == "fltp" else chunk.T.reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(data), format=sample_format, layout="stereo")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = pos
        yield frame
