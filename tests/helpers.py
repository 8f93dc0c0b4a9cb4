"""Look at produced videos the way a person would: decode with PyAV, read pixels, streams and sound."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np


@dataclass
class VideoFacts:
    width: int
    height: int
    codec: str
    profile: str | None
    pix_fmt: str
    fps: float
    duration_s: float
    frames: int
    audio_codec: str | None
    audio_rate: int | None


def facts(path: Path) -> VideoFacts:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        frames = sum(1 for _ in c.decode(v))
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        a = c.streams.audio[0] if c.streams.audio else None
        return VideoFacts(
            width=v.codec_context.width,
            height=v.codec_context.height,
            codec=v.codec_context.name,
            profile=v.codec_context.profile,
            pix_fmt=v.codec_context.pix_fmt,
            fps=float(v.average_rate or v.guessed_rate),
            duration_s=frames / float(v.average_rate or v.guessed_rate),
            frames=frames,
            audio_codec=a.codec_context.name if a else None,
            audio_rate=a.codec_context.sample_rate if a else None,
        )


def frame_at(path: Path, t: float) -> np.ndarray:
    """RGB pixels (h, w, 3) of the frame shown at `t` seconds."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        rate = float(v.average_rate)
        wanted = round(t * rate)
        for i, frame in enumerate(c.decode(v)):
            if i == wanted:
                return frame.to_ndarray(format="rgb24")
    raise AssertionError(f"{path} has no frame at {t}s")


def all_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def mean_colour(frame: np.ndarray, region: tuple[float, float, float, float] = (0.4, 0.4, 0.6, 0.6)) -> np.ndarray:
    """Mean RGB of a region given as fractions (x0, y0, x1, y1) of the frame."""
    h, w = frame.shape[:2]
    x0, y0, x1, y1 = region
    return frame[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)].reshape(-1, 3).mean(axis=0)


def close_to(actual: np.ndarray, expected: tuple[int, int, int], tolerance: float = 12) -> bool:
    return bool(np.all(np.abs(np.asarray(actual, dtype=float) - np.asarray(expected, dtype=float)) <= tolerance))


def audio_samples(path: Path) -> tuple[np.ndarray, int]:
    """Decoded audio as float (channels, n) and its sample rate."""
    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        chunks = [f.to_ndarray() for f in c.decode(stream)]
        return np.concatenate(chunks, axis=1), stream.codec_context.sample_rate


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio of two 8-bit frames, in dB (inf when identical)."""
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)
