"""Background music: decoded once, resampled to 48 kHz stereo, looped or trimmed, with volume and fades."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

from photoreel.errors import UnsupportedMedia
from photoreel.timeline.model import AudioSegment

SAMPLE_RATE = 48_000
CHANNELS = 2


def decode_audio(path: Path, max_seconds: float) -> np.ndarray:
    """The first `max_seconds` of `path` as float32 samples shaped (2, n) at 48 kHz."""
    limit = int(max_seconds * SAMPLE_RATE) + SAMPLE_RATE  # a second spare for resampler latency
    chunks: list[np.ndarray] = []
    have = 0
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray())
                    have += out.samples
                if have >= limit:
                    break
            else:
                for out in resampler.resample(None):
                    chunks.append(out.to_ndarray())
    except (av.error.FFmpegError, IndexError, OSError) as exc:
        raise UnsupportedMedia(f"the music could not be decoded ({exc})", str(path)) from exc
    if not chunks:
        raise UnsupportedMedia("the music file holds no sound", str(path))
    return np.concatenate(chunks, axis=1).astype(np.float32, copy=False)


def _fade(n: int, fade_in: int, fade_out: int) -> np.ndarray:
    gain = np.ones(n, dtype=np.float32)
    if fade_in > 0:
        k = min(fade_in, n)
        gain[:k] *= np.linspace(0.0, 1.0, k, endpoint=False, dtype=np.float32)
    if fade_out > 0:
        k = min(fade_out, n)
        gain[n - k :] *= np.linspace(1.0, 0.0, k, dtype=np.float32)
    return gain


def mix_music(segments: list[tuple[AudioSegment, Path]], total_ms: int, end_ms_of: dict[int, int]) -> np.ndarray:
    """The whole soundtrack, (2, samples) float32, exactly `total_ms` long; silence where no music plays.

    `end_ms_of[i]` is when segment i stops (its own end, or the end of the video).
    """
    total = round(total_ms * SAMPLE_RATE / 1000)
    mix = np.zeros((CHANNELS, total), dtype=np.float32)
    for i, (seg, path) in enumerate(segments):
        start = round(seg.start_ms * SAMPLE_RATE / 1000)
        stop = min(total, round(end_ms_of[i] * SAMPLE_RATE / 1000))
        n = stop - start
        if n <= 0:
            continue
        source = decode_audio(path, n / SAMPLE_RATE)
        if source.shape[1] < n:
            if seg.loop:
                source = np.tile(source, (1, -(-n // source.shape[1])))
            else:
                source = np.pad(source, ((0, 0), (0, n - source.shape[1])))
        clip = source[:, :n] * np.float32(seg.volume)
        clip *= _fade(n, seg.fade_in_ms * SAMPLE_RATE // 1000, seg.fade_out_ms * SAMPLE_RATE // 1000)
        mix[:, start:stop] += clip
    np.clip(mix, -1.0, 1.0, out=mix)
    return mix


def audio_frames(samples: np.ndarray, frame_size: int, sample_format: str = "fltp") -> Iterator[av.AudioFrame]:
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
