"""The benchmark's inputs, generated deterministically (no downloads): photos with real texture, phone-like video
clips with motion and sound, and music.

`PHOTOREEL_BENCH_SHORT=1` (set by `benchmarks.run --short`) shrinks W5 to a 6 s version with its own, shorter
clips, for checking that every contender still renders it; its timings are not the benchmark's.
"""

from __future__ import annotations

import os
import wave
from dataclasses import dataclass, field
from fractions import Fraction
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


@dataclass(frozen=True)
class Shown:
    """One visual of a timeline with clips, laid out as photoreel lays it out: its share runs from cut to cut, a
    transition straddles each cut (half before, half after), so a visual shows from `start_frame` to `end_frame`
    and overlaps its neighbours by a whole transition. A clip shows its first frame before its share starts and
    its last one after it ends (`lead_frames`, `tail_frames`), as photoreel holds a clip's ends."""

    path: Path
    clip: bool
    cut_frame: int  # where its share starts
    start_frame: int
    end_frame: int
    frames_of_clip: int = 0  # clips: how many of its own frames play

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame

    @property
    def lead_frames(self) -> int:
        return self.cut_frame - self.start_frame

    @property
    def tail_frames(self) -> int:
        return self.frames - self.lead_frames - self.frames_of_clip


@dataclass
class Workload:
    name: str
    title: str
    photos: list[Path]  # every visual in play order: photos, and with `clips` the video clips among them
    duration_s: float
    aspect: str = "16:9"
    caption: str | None = None
    music: Path | None = None
    extras: dict[str, str] = field(default_factory=dict)
    clips: tuple[Path, ...] = ()  # which of `photos` are video clips (played from their start for `clip_s`)
    clip_s: float = 0.0
    music_volume: float = 1.0  # 0.3 is "30%"; clips' own sound plays at its own level

    @property
    def described(self) -> str:
        photos = len(self.photos) - len(self.clips)
        return f"{photos} photos" + (f" + {len(self.clips)} clips" if self.clips else "")

    @property
    def size(self) -> tuple[int, int]:
        return (1920, 1080) if self.aspect == "16:9" else (1080, 1920)

    @property
    def frames(self) -> int:
        return round(self.duration_s * FPS)

    @property
    def per_photo_s(self) -> float:
        """A photo's share: the time the clips leave, shared evenly (photoreel's `duration_s`)."""
        photos = len(self.photos) - len(self.clips)
        return (self.duration_s - len(self.clips) * self.clip_s) / photos

    def shown(self) -> list[Shown]:
        """Where each visual shows, in output frames (see `Shown`); neighbours overlap by exactly one fade."""
        fade = round(FADE_S * FPS)
        cuts, t = [], 0.0
        for path in self.photos:
            cuts.append(round(t * FPS))
            t += self.clip_s if path in self.clips else self.per_photo_s
        cuts.append(self.frames)
        starts = [0] + [cut - fade // 2 for cut in cuts[1:-1]]
        ends = [start + fade for start in starts[1:]] + [self.frames]
        return [
            Shown(
                path,
                path in self.clips,
                cuts[i],
                starts[i],
                ends[i],
                round(self.clip_s * FPS) if path in self.clips else 0,
            )
            for i, path in enumerate(self.photos)
        ]


W1_PHOTOS = (
    Photo((4032, 3024), "JPEG"),
    Photo((3000, 4000), "JPEG", exif_orientation=6),
    Photo((1920, 1080), "PNG"),
    Photo((2048, 1536), "WEBP"),
    Photo((6000, 4000), "JPEG"),
)


def photo_kind() -> str:
    """`textured` (the default: fine grain, as phone photos keep a little) or `smooth` (no grain: x264 has less to
    do, so the composition's share of the time shows), from PHOTOREEL_BENCH_PHOTOS."""
    kind = os.environ.get("PHOTOREEL_BENCH_PHOTOS", "textured")
    if kind not in ("textured", "smooth"):
        raise ValueError(f"PHOTOREEL_BENCH_PHOTOS is textured or smooth, not {kind!r}")
    return kind


def _texture(size: tuple[int, int], seed: int) -> Image.Image:
    """A photo-like picture: smooth colour fields, soft shapes and (textured kind) fine grain."""
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
    if photo_kind() == "smooth":
        grain = np.zeros_like(grain)
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


def make_clip(path: Path, seconds: float, seed: int, tone_hz: float) -> Path:
    """A phone-like clip: 1920x1080 at 30 fps, H.264 (BT.709, tagged) with 48 kHz stereo AAC, written once.

    Real motion, so every encoder that sees it has real work: a textured picture panning a few pixels a frame,
    three shapes crossing it faster, and a little sensor noise that changes every frame. The sound is a tone
    with a slow tremolo over quiet noise. Landscape and stored upright (no display matrix): not every contender
    honours a phone's rotation tag, and each must get the same picture.
    """
    if path.exists():
        return path
    import av
    from av.video.reformatter import ColorRange, Colorspace

    width, height = 1920, 1080
    frames = round(seconds * FPS)
    rng = np.random.default_rng(seed)
    pan = (4, 1) if seed % 2 == 0 else (-3, 2)  # pixels a frame, x and y
    field_w, field_h = width + abs(pan[0]) * frames, height + abs(pan[1]) * frames
    scene = np.asarray(_texture((field_w, field_h), seed))
    noise = [rng.normal(0, 2.0, (height, width, 1)).astype(np.int16) for _ in range(5)]
    shapes = [
        (rng.integers(0, 255, 3), rng.integers(120, 260), rng.uniform(-14, 14, 2), rng.uniform(0, 1, 2))
        for _ in range(3)
    ]
    yy, xx = np.mgrid[0:height, 0:width]
    partial = path.with_name(path.stem + ".part.mp4")
    with av.open(str(partial), "w", format="mp4") as container:
        video = container.add_stream("libx264", rate=Fraction(FPS, 1))
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "veryfast", "crf": "20"}  # a phone's bitrate is higher than the output's
        video.thread_type = "AUTO"
        cc = video.codec_context
        cc.colorspace, cc.color_primaries, cc.color_trc, cc.color_range = 1, 1, 1, 1  # BT.709, limited range
        audio = container.add_stream("aac", rate=48_000)
        audio.layout, audio.format, audio.bit_rate = "stereo", "fltp", 128_000
        rate = 48_000
        t = np.arange(round(seconds * rate)) / rate
        wave_ = 0.25 * np.sin(2 * np.pi * tone_hz * t) * (0.7 + 0.3 * np.sin(2 * np.pi * 1.5 * t))
        sound = (wave_[None, :] + rng.normal(0, 0.02, (2, t.size))).astype(np.float32)
        written = 0
        for i in range(frames):
            x = i * pan[0] if pan[0] > 0 else (frames - i) * -pan[0]
            y = i * pan[1] if pan[1] > 0 else (frames - i) * -pan[1]
            picture = scene[y : y + height, x : x + width].astype(np.int16)
            for colour, radius, velocity, origin in shapes:
                cx = (origin[0] * width + velocity[0] * i) % width
                cy = (origin[1] * height + velocity[1] * i) % height
                x0, x1 = int(max(cx - radius, 0)), int(min(cx + radius, width))
                y0, y1 = int(max(cy - radius, 0)), int(min(cy + radius, height))
                inside = np.hypot(xx[y0:y1, x0:x1] - cx, yy[y0:y1, x0:x1] - cy) < radius
                picture[y0:y1, x0:x1][inside] = colour
            picture += noise[i % len(noise)]
            rgb = av.VideoFrame.from_ndarray(np.clip(picture, 0, 255).astype(np.uint8), format="rgb24")
            frame = rgb.reformat(
                format="yuv420p",
                src_colorspace=Colorspace.ITU709,
                dst_colorspace=Colorspace.ITU709,
                dst_color_range=ColorRange.MPEG,
            )
            frame.pts = i
            container.mux(video.encode(frame))
            until = min(t.size, round((i + 1) * rate / FPS))  # sound up to this frame's end, 1024 samples a go
            while written + 1024 <= until or (i == frames - 1 and written < t.size):
                block = sound[:, written : written + 1024]
                chunk = av.AudioFrame.from_ndarray(np.ascontiguousarray(block), format="fltp", layout="stereo")
                chunk.sample_rate, chunk.pts = rate, written
                container.mux(audio.encode(chunk))
                written += block.shape[1]
        container.mux(video.encode(None))
        container.mux(audio.encode(None))
    partial.rename(path)
    return path


def short() -> bool:
    return os.environ.get("PHOTOREEL_BENCH_SHORT", "") not in ("", "0")


def build(name: str, folder: Path) -> Workload:
    folder.mkdir(parents=True, exist_ok=True)
    suffix = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
    if name in ("W1", "W3", "W4"):
        kind = "" if photo_kind() == "textured" else f"{photo_kind()}-"
        photos = [make_photo(p, folder / f"w1-{kind}{i}.{suffix[p.fmt]}", seed=i) for i, p in enumerate(W1_PHOTOS)]
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
    if name == "W5":
        # Photo, clip, photo, clip, photo: every kind of hand-over (photo -> clip, clip -> photo), 0.5 s crossfades
        # at all four cuts; 3 x 10/3 s + 2 x 10 s = 30 s. Short form: 3 x 1 s + 2 x 1.5 s = 6 s, shorter clips.
        clip_s, total, tag = (1.5, 6.0, "-short") if short() else (10.0, 30.0, "")
        photos = [make_photo(Photo((4032, 3024), "JPEG"), folder / f"w5-{i}.jpg", seed=200 + i) for i in range(3)]
        clips = tuple(
            make_clip(folder / f"w5-clip-{i}{tag}.mp4", clip_s, seed=300 + i, tone_hz=hz)
            for i, hz in enumerate((330.0, 495.0))
        )
        return Workload(
            "W5",
            "photos and phone clips" + (" (short check)" if tag else ""),
            [photos[0], clips[0], photos[1], clips[1], photos[2]],
            total,
            music=make_music(folder / "w5-music.wav", 40.0),  # longer than the video: no contender loops it
            clips=clips,
            clip_s=clip_s,
            music_volume=0.3,
        )
    raise ValueError(f"unknown workload {name}")
