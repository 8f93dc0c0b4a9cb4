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
    """The first `max_seconds` of `path` as float32 samples shaped (2, n) at 48 kHz.

    Samples go straight into one preallocated array: a two-minute soundtrack costs its 46 MB once, not twice.
    """
    limit = int(max_seconds * SAMPLE_RATE) + SAMPLE_RATE  # a second spare for resampler latency
    out = np.empty((CHANNELS, limit), dtype=np.float32)
    have = 0

    def take(frames: list[av.AudioFrame]) -> None:
        nonlocal have
        for frame in frames:
            data = frame.to_ndarray()
            k = min(data.shape[1], limit - have)
            out[:, have : have + k] = data[:, :k]
            have += k

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
            for frame in container.decode(stream):
                take(resampler.resample(frame))
                if have >= limit:
                    break
            else:
                take(resampler.resample(None))
    except (av.error.FFmpegError, IndexError, OSError) as exc:
        raise UnsupportedMedia(f"the music could not be decoded ({exc})", str(path)) from exc
    if have == 0:
        raise UnsupportedMedia("the music file holds no sound", str(path))
    return out[:, :have]


def _apply_fades(region: np.ndarray, fade_in: int, fade_out: int) -> None:
    """Ramp the start and end of `region` in place (only the ramps are touched)."""
    n = region.shape[1]
    if fade_in > 0:
        k = min(fade_in, n)
        region[:, :k] *= np.linspace(0.0, 1.0, k, endpoint=False, dtype=np.float32)
    if fade_out > 0:
        k = min(fade_out, n)
        region[:, n - k :] *= np.linspace(1.0, 0.0, k, dtype=np.float32)


def mix_music(segments: list[tuple[AudioSegment, Path]], total_ms: int, end_ms_of: dict[int, int]) -> np.ndarray:
    """The whole soundtrack, (2, samples) float32, exactly `total_ms` long; silence where no music plays.

    `end_ms_of[i]` is when segment i stops (its own end, or the end of the video). Work happens in place in the
    mix, so memory stays near one copy of the soundtrack plus one of the source.
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
        # Alone (the usual case), a segment is built straight in the mix; otherwise in its own buffer, then added.
        alone = len(segments) == 1
        region = mix[:, start:stop] if alone else np.zeros((CHANNELS, n), dtype=np.float32)
        length = source.shape[1]
        repeats = range(0, n, length) if seg.loop else range(0, min(n, length), length)
        for offset in repeats:
            k = min(length, n - offset)
            region[:, offset : offset + k] = source[:, :k]
        del source
        region *= np.float32(seg.volume)
        _apply_fades(region, seg.fade_in_ms * SAMPLE_RATE // 1000, seg.fade_out_ms * SAMPLE_RATE // 1000)
        if not alone:
            mix[:, start:stop] += region
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
