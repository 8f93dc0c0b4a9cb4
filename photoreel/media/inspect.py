"""The one entry point that looks at an input file: size limit, content sniffing, then a real probe."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from photoreel.errors import MediaTooLarge, UnsupportedMedia
from photoreel.media.beats import analyse as beat_grid_of
from photoreel.media.images import probe_image
from photoreel.media.limits import MAX_FILE_BYTES, MAX_IMAGE_PIXELS, MAX_VIDEO_PIXELS, SNIFF_BYTES
from photoreel.media.sniff import sniff
from photoreel.media.streams import probe_streams
from photoreel.timeline.model import MediaRef

ACCEPTED = "JPG, PNG, WEBP, HEIC, AVIF, GIF images; MP3, WAV, M4A, AAC audio; MP4, MOV, AVI, WEBM, MKV video"


@dataclass(frozen=True)
class MediaInfo:
    """What an accepted file is, judged by its content."""

    path: Path
    kind: str  # "image", "audio" or "video"
    format: str
    size_bytes: int
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    taken_at: str | None = None
    has_audio: bool = False
    fps: float | None = None  # clips: average frame rate
    rotation: int = 0  # clips: clockwise turn applied when shown (width/height are as shown)
    hdr: str | None = None  # clips: "hlg" or "pq"
    codec: str | None = None
    bit_depth: int | None = None
    bpm: float | None = None  # audio: the steady tempo found in it, if any
    first_beat_ms: float | None = None
    sharpness: float | None = None  # photos: see media/quality.py
    exposure: float | None = None
    warmth: float | None = None
    phash: str | None = None
    faces: tuple[tuple[float, float, float, float], ...] = ()
    salient: tuple[float, float, float, float] | None = None
    colours: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name

    def ref(self, media_id: str, name: str | None = None) -> MediaRef:
        """What a timeline needs to know of this file, under `media_id` (and a display name)."""
        # Every fact the timeline keeps has the same name here: copied by name, so a new fact is one field in
        # each class, not a third line to remember.
        shared = {f.name: getattr(self, f.name) for f in dataclasses.fields(MediaRef) if f.name in _INFO_FIELDS}
        return MediaRef(**{**shared, "id": media_id, "name": name or self.name})


def inspect_media(
    path: Path | str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_pixels: int = MAX_IMAGE_PIXELS,
    max_video_pixels: int = MAX_VIDEO_PIXELS,
    analyse: bool = True,
) -> MediaInfo:
    """Accept or refuse one file. Raises MediaTooLarge (4002) or UnsupportedMedia (4001) with the reason.
    `analyse` measures a photo for the agent and the framing (faces, sharpness, pHash) and a song's beat: what
    an upload keeps for every later turn. `photoreel make` skips it; the render finds faces as it decodes."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnsupportedMedia("not a regular file", str(path))
        if size > max_bytes:
            raise MediaTooLarge(
                f"the file is {size / 2**20:.0f} MB; the limit is {max_bytes / 2**20:.0f} MB", str(path)
            )
        if size == 0:
            raise UnsupportedMedia("the file is empty", str(path))
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except FileNotFoundError as exc:
        raise UnsupportedMedia("no such file", str(path)) from exc
    except IsADirectoryError as exc:
        raise UnsupportedMedia("is a folder, not a file", str(path)) from exc
    except PermissionError as exc:
        raise UnsupportedMedia("cannot be read (permission denied)", str(path)) from exc

    sniffed = sniff(head)
    if sniffed is None:
        raise UnsupportedMedia(f"this is not a file type we accept ({ACCEPTED})", str(path))
    if sniffed.kind == "image":
        info = probe_image(path, max_pixels=max_pixels, analyse=analyse)
        photo = MediaInfo(
            path=path,
            kind="image",
            format=info.format,
            size_bytes=size,
            width=info.width,
            height=info.height,
            taken_at=info.taken_at,
            sharpness=info.quality.sharpness if info.quality else None,
            exposure=info.quality.exposure if info.quality else None,
            warmth=info.quality.warmth if info.quality else None,
            phash=info.quality.phash if info.quality else None,
            faces=info.quality.faces if info.quality else (),
            salient=info.quality.salient if info.quality else None,
            colours=info.quality.colours if info.quality else (),
        )
        if info.frames > 1 and info.duration_ms:
            # An animated GIF or WEBP plays as a silent clip.
            fps = round(info.frames * 1000 / info.duration_ms, 3)
            return dataclasses.replace(
                photo,
                kind="video",
                duration_ms=info.duration_ms,
                fps=fps,
                codec=info.format,
                bit_depth=8,
                taken_at=None,
            )
        return photo
    streams = probe_streams(path, sniffed.kind, max_pixels=max_video_pixels)
    grid = beat_grid_of(path) if streams.kind == "audio" and analyse else None  # music's beat, once, for cutting on it
    return MediaInfo(
        path=path,
        kind=streams.kind,
        format=sniffed.format,
        size_bytes=size,
        width=streams.width,
        height=streams.height,
        duration_ms=streams.duration_ms,
        taken_at=streams.taken_at,
        has_audio=streams.has_audio,
        fps=streams.fps,
        rotation=streams.rotation,
        hdr=streams.hdr,
        codec=streams.codec,
        bit_depth=streams.bit_depth,
        bpm=round(grid.bpm, 3) if grid else None,
        first_beat_ms=round(grid.first_beat_ms, 1) if grid else None,
    )


_INFO_FIELDS = frozenset(f.name for f in dataclasses.fields(MediaInfo))


def clip_length_ms(info: MediaInfo, clip_max_s: float) -> int:
    """How much of a clip goes on a timeline when it is added: all of it, up to `clip_max_s` from its start."""
    return min(info.duration_ms or 0, round(clip_max_s * 1000))
