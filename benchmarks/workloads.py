"""The benchmark's inputs, generated deterministically (no downloads): photos with real texture, and music."""

from __future__ import annotations

import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

FPS = 30
ZOOM = 1.08  # photoreel's Ken Burns range (1.0 -> 1.08); every contender is configured the same
FADE_S = 0.5
# The x264 settings every contender encodes with (photoreel's `standard` quality is the same pair).
X264_PRESET = "veryfast"
X264_CRF = 23


@dataclass(frozen=True)
class Photo:
    size: tuple[int, int]
    fmt: str
    exif_orientation: int | None = None


@dataclass
class Workload:
    name: str
    title: str
    photos: list[Path]
    duration_s: float
    aspect: str = "16:9"
    caption: str | None = None
    music: Path | None = None
    extras: dict[str, str] = field(default_factory=dict)

    @property
    def size(self) -> tuple[int, int]:
        return (1920, 1080) if self.aspect == "16:9" else (1080, 1920)

    @property
    def frames(self) -> int:
        return round(self.duration_s * FPS)

    @property
    def per_photo_s(self) -> float:
        return self.duration_s / len(self.photos)


W1_PHOTOS = (
    Photo((4032, 3024), "JPEG"),
    Photo((3000, 4000), "JPEG", exif_orientation=6),
    Photo((1920, 1080), "PNG"),
    Photo((2048, 1536), "WEBP"),
    Photo((6000, 4000), "JPEG"),
)


def _texture(size: tuple[int, int], seed: int) -> Image.Image:
    """A photo-like picture: smooth colour fields, soft shapes and fine grain, so encoders have real work."""
    w, h = size
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (6, 8, 3), dtype=np.uint8)
    base = np.asarray(Image.fromarray(small).resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    for _ in range(6):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.05, 0.25) * min(w, h)
        mask = np.clip(1.5 - np.hypot(xx - cx, yy - cy) / r, 0, 1)[..., None]
        base = base * (1 - mask) + rng.uniform(0, 255, 3).astype(np.float32) * mask
    grain = rng.normal(0, 2.5, (h, w, 1)).astype(np.float32)  # phone photos arrive denoised; a little grain remains
    return Image.fromarray(np.clip(base + grain, 0, 255).astype(np.uint8))


def make_photo(spec: Photo, path: Path, seed: int) -> Path:
    if path.exists():
        return path
    w, h = spec.size
    stored = (h, w) if spec.exif_orientation in (5, 6, 7, 8) else (w, h)
    img = _texture(stored, seed)
    kwargs: dict[str, object] = {}
    if spec.exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = spec.exif_orientation
        kwargs["exif"] = exif.tobytes()
    if spec.fmt in ("JPEG", "WEBP"):
        kwargs["quality"] = 90
    img.save(path, spec.fmt, **kwargs)
    return path


def make_music(path: Path, seconds: float) -> Path:
    if path.exists():
        return path
    rate = 44_100
    t = np.arange(int(seconds * rate)) / rate
    tone = 0.3 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.5 * t))
    pcm = (np.repeat(tone[:, None], 2, axis=1) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


def build(name: str, folder: Path) -> Workload:
    folder.mkdir(parents=True, exist_ok=True)
    suffix = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
    if name in ("W1", "W3", "W4"):
        photos = [make_photo(p, folder / f"w1-{i}.{suffix[p.fmt]}", seed=i) for i, p in enumerate(W1_PHOTOS)]
        if name == "W3":
            return Workload(
                "W3",
                "vertical reel",
                photos,
                15.0,
                aspect="9:16",
                caption="Lisbon",
                music=make_music(folder / "music.wav", 20.0),
            )
        return Workload(name, "five phone photos" if name == "W1" else "through the API", photos, 15.0)
    if name == "M":
        from benchmarks.motion import probe_pixels

        probe = folder / "motion-probe.png"
        if not probe.exists():
            Image.fromarray(probe_pixels(3840, 2160)).save(probe)
        return Workload("M", "motion probe", [probe], 3.0)
    if name == "W2":
        photos = [make_photo(Photo((4000, 3000), "JPEG"), folder / f"w2-{i:02d}.jpg", seed=100 + i) for i in range(40)]
        return Workload("W2", "an album", photos, 120.0, music=make_music(folder / "album.wav", 60.0))
    raise ValueError(f"unknown workload {name}")
