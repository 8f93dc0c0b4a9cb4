"""The `photoreel make` use case: photos, clips and plain options in, a finished video out, no server involved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_cache_path

from photoreel.errors import MediaError, UnsupportedMedia
from photoreel.media import MediaInfo, expand_inputs, inspect_media, library, order_paths
from photoreel.media.digest import file_digest
from photoreel.media.inspect import clip_length_ms
from photoreel.media.library import LIBRARY_FADE_OUT_MS, LibraryTrack
from photoreel.media.limits import CLIP_MAX_S
from photoreel.render import RenderResult, render
from photoreel.render.chunks import CHUNKABLE_FORMATS, render_in_chunks
from photoreel.render.poster import poster_index, save_poster
from photoreel.store.chunk_folder import FolderChunkCache
from photoreel.timeline import ops
from photoreel.timeline.effects import DEFAULT_PHOTO_MS, DEFAULT_TRANSITION_MS
from photoreel.timeline.model import AudioSegment, TextSegment, Timeline
from photoreel.timeline.ops import apply
from photoreel.timeline.output import OPTIONS, Aspect, Format, FrameRate, Quality, Resolution

TITLE_MS = 3000
CACHE_CHUNK_S = 10.0  # as the service's default chunk length (config.Settings.chunk_s)
CACHE_MAX_BYTES = 2 * 1024**3  # a user's cache folder: about 3 hours of 1080p chunks


@dataclass(frozen=True)
class MakeOptions:
    """Everything `photoreel make` can be told; the defaults give a pleasant 16:9 slideshow."""

    aspect: Aspect = OPTIONS["aspect"].default
    resolution: Resolution = OPTIONS["resolution"].default
    fps: FrameRate = OPTIONS["fps"].default
    format: Format = OPTIONS["format"].default
    quality: Quality = OPTIONS["quality"].default
    size: tuple[int, int] | None = None  # exact width, height; overrides aspect + resolution
    per_photo_s: float = DEFAULT_PHOTO_MS / 1000
    duration_s: float | None = None  # total; overrides per_photo_s
    transition: str = "fade"
    transition_s: float = DEFAULT_TRANSITION_MS / 1000
    motion: str = "zoom-in"
    fit: str = "blur"
    title: str | None = None
    caption: str | None = None
    font: str | None = None
    music: Path | str | None = None  # a file, or a mood or track name from the built-in library
    volume_pct: float = 100.0
    order: str = "given"
    skip_bad: bool = False
    poster: Path | None = None
    clip_max_s: float = CLIP_MAX_S  # a longer clip is used from its start for this long
    duck: bool = True  # music lowered under clips' own sound
    look: str = "none"  # a colour look for the whole video (timeline.effects.LOOKS)
    beat: bool = False  # every cut on a beat of the music (a library track when no music is given)
    # Where rendered chunks are kept for the next run (store/chunk_folder.py); None renders every frame.
    cache_dir: Path | None = None


@dataclass
class Collected:
    visuals: list[MediaInfo] = field(default_factory=list)  # photos and clips, in play order
    skipped: list[MediaError] = field(default_factory=list)


def _judge(path: Path) -> MediaInfo | MediaError:
    try:
        info = inspect_media(path, analyse=False)  # faces are found by the render, beside the encoder
        if info.kind == "audio":
            raise UnsupportedMedia("is audio, not a photo or a video; give music with --music", str(path))
    except MediaError as exc:
        return exc
    return info


def collect_visuals(inputs: Sequence[Path | str], order: str, skip_bad: bool) -> Collected:
    """Inspect every input (photos and video clips); bad ones raise (naming the file) or, with `skip_bad`,
    are set aside."""
    result = Collected()
    paths = expand_inputs(inputs)
    # Two at a time: probing decodes and analyses each photo (faces, sharpness), mostly outside the GIL.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="photoreel-probe") as pool:
        judged = list(pool.map(_judge, paths))
    for info in judged:
        if isinstance(info, MediaError):
            if not skip_bad:
                raise info
            result.skipped.append(info)
            continue
        result.visuals.append(info)
    if not result.visuals:
        raise UnsupportedMedia("no usable photos or videos were given")
    by_path = {p.path: p for p in result.visuals}
    ordered = order_paths([p.path for p in result.visuals], order, {p.path: p.taken_at for p in result.visuals})
    result.visuals = [by_path[p] for p in ordered]
    return result


def build_timeline(
    visuals: Sequence[MediaInfo], options: MakeOptions, music: MediaInfo | LibraryTrack | None = None
) -> tuple[Timeline, dict[str, Path]]:
    """The video the options describe (photos and clips in the given order), plus the file behind each id."""
    timeline = Timeline()
    sources: dict[str, Path] = {}
    edits: list[ops.EditOp] = [
        ops.SetOutput(
            aspect=options.aspect,
            resolution=options.resolution,
            fps=options.fps,
            format=options.format,
            quality=options.quality,
        )
    ]
    per_photo_ms = round(options.per_photo_s * 1000)
    for i, info in enumerate(visuals, start=1):
        media_id = f"{'clip' if info.kind == 'video' else 'photo'}-{i}"
        timeline = apply(timeline, ops.AddMedia(info.ref(media_id)))
        sources[media_id] = info.path
        if info.kind == "video":
            edits.append(ops.AddClip(media_id, duration_ms=clip_length_ms(info, options.clip_max_s)))
        else:
            edits.append(ops.AddPhotos((media_id,), duration_ms=per_photo_ms))
    if options.duration_s is not None:
        edits.append(ops.SetTotalDuration(round(options.duration_s * 1000)))
    edits += [
        ops.SetTransition(options.transition, round(options.transition_s * 1000)),
        ops.SetMotion(options.motion),
        ops.SetFit(options.fit),
        ops.SetLook(options.look),
    ]
    for op in edits:
        timeline = apply(timeline, op)
    if options.size is not None:
        timeline = replace(
            timeline,
            output=replace(timeline.output, width_override=options.size[0], height_override=options.size[1]),
        )
    total = timeline.duration_ms
    if options.title:
        title = TextSegment(options.title, 0, min(TITLE_MS, total), role="title", font=options.font)
        timeline = apply(timeline, ops.AddText(title))
    if options.caption:
        caption = TextSegment(
            options.caption,
            0,
            None,
            role="caption",
            position="bottom",
            size=0.05,
            font=options.font,
            fade_in_ms=0,
            fade_out_ms=0,
        )
        timeline = apply(timeline, ops.AddText(caption))
    if isinstance(music, LibraryTrack):
        timeline = apply(timeline, ops.AddMedia(music.ref()))
        sources[music.media_id] = music.path
        library_music = AudioSegment(
            music.media_id, volume=options.volume_pct / 100, duck=options.duck, fade_out_ms=LIBRARY_FADE_OUT_MS
        )
        timeline = apply(timeline, ops.SetMusic(library_music))
    elif music is not None:
        timeline = apply(timeline, ops.AddMedia(music.ref("music")))
        sources["music"] = music.path
        music_segment = AudioSegment("music", volume=options.volume_pct / 100, duck=options.duck)
        timeline = apply(timeline, ops.SetMusic(music_segment))
    if options.beat:
        timeline = apply(timeline, ops.SyncToBeat())
    return timeline, sources


def _music(
    given: Path | str | None, visuals: Sequence[MediaInfo], beat: bool = False
) -> MediaInfo | LibraryTrack | None:
    """The music asked for: a file with sound, or a library track by mood (chosen the same for the same inputs)
    or by name."""
    if given is None:
        return None
    if isinstance(given, str) and not Path(given).exists():
        tracks = library.catalogue()
        wanted = given.strip().lower()
        track = next((t for t in tracks if t.name == wanted), None)
        if track is None and wanted in library.MOODS:
            track = library.choose(tracks, wanted, seed="|".join(v.path.name for v in visuals))
        if track is None:
            moods = ", ".join(library.MOODS)
            raise UnsupportedMedia(
                f"is not a file, nor a mood of the music library ({moods}) or one of its tracks", given
            )
        return track
    info = inspect_media(given, analyse=beat)  # its beat is needed only to cut on it
    if info.kind == "image" or not info.has_audio:
        raise UnsupportedMedia("has no sound to use as music", str(given))
    return info


def make_video(
    inputs: Sequence[Path | str],
    output: Path | str,
    options: MakeOptions,
    *,
    progress: Callable[[float], None] | None = None,
    on_skip: Callable[[MediaError], None] | None = None,
) -> tuple[RenderResult, Timeline]:
    """Photos, clips and options in, a finished file out. Every input is checked before anything is rendered."""
    collected = collect_visuals(inputs, options.order, options.skip_bad)
    for problem in collected.skipped:
        if on_skip is not None:
            on_skip(problem)
    wanted = options.music if options.music is not None or not options.beat else library.DEFAULT_MOOD
    timeline, sources = build_timeline(collected.visuals, options, _music(wanted, collected.visuals, options.beat))
    if options.cache_dir is None or timeline.output.format not in CHUNKABLE_FORMATS:
        return render(timeline, sources, output, progress=progress, poster=options.poster), timeline
    cache = FolderChunkCache(options.cache_dir, CACHE_MAX_BYTES)
    digests = {seg.media_id: file_digest(sources[seg.media_id]) for seg in timeline.segments}
    result = render_in_chunks(
        timeline, sources, output, cache, chunk_s=CACHE_CHUNK_S, digests=digests, progress=progress
    )
    cache.trim()
    if options.poster is not None:
        poster = save_poster(result.path, poster_index(timeline, result.frames), timeline.output.rate, options.poster)
        result = replace(result, poster=poster)
    return result, timeline


def default_cache_dir() -> Path:
    """The user's cache folder for photoreel's chunks (`~/.cache/photoreel/chunks` on Linux)."""
    return user_cache_path("photoreel") / "chunks"
