"""Timeline + media files -> a video file. Composition runs in a worker thread so it overlaps encoding."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import av
from PIL import Image

from photoreel.errors import TimelineError
from photoreel.render.ahead import ahead
from photoreel.render.audio import SAMPLE_RATE, ClipSound, Soundtrack, audio_frames, crossfaded_loop, mix_music
from photoreel.render.clips import ClipSlide
from photoreel.render.encoder import Encoder
from photoreel.render.looks import draw_letterbox
from photoreel.render.memory import map_big_buffers, return_freed_memory
from photoreel.render.output_file import written_atomically
from photoreel.render.picture import Picture
from photoreel.render.poster import poster_index
from photoreel.render.scene import Scene, SceneSlide, scene_of, slide_timings
from photoreel.render.slides import CanvasKey, PhotoSlide, Prepared, black_yuv
from photoreel.render.text import TextLayer, build_text_layer
from photoreel.render.transitions import get_transition
from photoreel.timeline.model import ClipSegment, Timeline
from photoreel.timeline.validate import validate

ProgressCallback = Callable[[float], None]
_QUEUE_DEPTH = 3  # frames composed ahead of the encoder (each 3 MB at 1080p)
# A still of a clip decodes at most this many frames after a seek (~0.2 s at 1080p here): deep in a long stretch
# between key frames it shows the frame it got to, until the clip's scrubbing copy is made (render/proxy.py).
STILL_DECODE_BUDGET = 90


@dataclass(frozen=True)
class RenderResult:
    path: Path
    duration_s: float
    frames: int
    size_bytes: int
    width: int
    height: int
    has_audio: bool
    poster: Path | None = None


Shown = PhotoSlide | ClipSlide  # what the composer draws a segment with: a photo's slide or a clip's
_EDGE_FADE_MS = 10  # a clip's sound starts and stops on a ramp this short where no transition eases it


def _source(timeline: Timeline, sources: Mapping[str, Path], media_id: str, what: str) -> Path:
    if media_id not in sources:
        ref = timeline.media_by_id.get(media_id)
        raise TimelineError(f"{what}: the file {ref.name if ref else media_id!r} is missing")
    return Path(sources[media_id])


def _source_of(scene: Scene, sources: Mapping[str, Path], slide: SceneSlide, what: str) -> Path:
    if slide.segment.media_id not in sources:
        name = slide.ref.name if slide.ref is not None else slide.segment.media_id
        raise TimelineError(f"{what}: the file {name!r} is missing")
    return Path(sources[slide.segment.media_id])


def _slides(scene: Scene, sources: Mapping[str, Path]) -> list[Shown]:
    slides: list[Shown] = []
    for slide in scene.slides:
        seg = slide.segment
        if isinstance(seg, ClipSegment):
            path = _source_of(scene, sources, slide, "a clip")
            slides.append(ClipSlide(seg, slide.timing, path, slide.ref, slide.look))
        else:
            path = _source_of(scene, sources, slide, "a photo")
            slides.append(PhotoSlide(seg, slide.timing, path, slide.ref, slide.look))
    return slides


def _check_sources(timeline: Timeline, sources: Mapping[str, Path]) -> None:
    """Every visual's file is there, before anything is drawn, named by its place in the whole video."""
    for i, seg in enumerate(timeline.segments):
        _source(timeline, sources, seg.media_id, f"{'clip' if isinstance(seg, ClipSegment) else 'photo'} {i + 1}")


def clip_sounds(timeline: Timeline, sources: Mapping[str, Path]) -> list[ClipSound]:
    """The clips' own sound, each where its pictures show (the same timing): it fades in over the transition
    into the clip and out over the one after it, reading the clip's sound before and after the trim as the
    picture does, and starts late where the clip has no sound before its in-point."""
    sounds: list[ClipSound] = []
    for i, (seg, timing) in enumerate(zip(timeline.segments, slide_timings(timeline), strict=True)):
        ref = timeline.media_by_id.get(seg.media_id)
        if not isinstance(seg, ClipSegment) or ref is None or not ref.has_audio or seg.volume <= 0:
            continue
        begin = timing.shown_from_ms
        offset = seg.in_ms - (timing.start_ms - begin)
        if offset < 0:
            begin, offset = begin - offset, 0
        stop = timing.shown_until_ms
        if ref.duration_ms is not None:
            stop = min(stop, begin + ref.duration_ms - offset)
        # The fades end where the transitions do: in at the end of the one into the clip, out from the start
        # of the one after it (for a clip with no transition, a short ramp against clicks).
        fade_in = timing.start_ms + (timing.start_ms - timing.shown_from_ms) - begin
        fade_out = stop - (timing.end_ms - (timing.shown_until_ms - timing.end_ms))
        sounds.append(
            ClipSound(
                path=_source(timeline, sources, seg.media_id, f"clip {i + 1}"),
                start_ms=round(begin),
                stop_ms=round(stop),
                offset_ms=round(offset),
                volume=seg.volume,
                fade_in_ms=round(max(fade_in, _EDGE_FADE_MS)),
                fade_out_ms=round(max(fade_out, _EDGE_FADE_MS)),
            )
        )
    return sounds


class _Composer:
    """Draws frame n of a scene; remembers the last static frame so still stretches cost nothing."""

    def __init__(
        self,
        scene: Scene,
        slides: list[Shown],
        texts: list[TextLayer],
        encoder: Encoder | None,
        prefetch: Executor | None = None,
    ):
        self.scene = scene
        self.slides = slides
        self.texts = texts
        self.encoder = encoder
        self.size = scene.output.size
        self._current = 0
        self._finished = 0  # slides before this one are no longer shown and have been released
        self._last_key: object = None
        self._last_frame: av.VideoFrame | None = None
        self.poster_image: Image.Image | None = None
        self._prefetch = prefetch
        # A chunk's scene may begin inside a transition: start at the slide its first frame shows.
        self._walk_to(scene.frame_time_ms(0))
        self._finished = max(0, self._current - 1)
        self._ahead(self._current)

    def _ahead(self, k: int) -> None:
        """Have slides k and k+1 decoding in the background while earlier frames are drawn and encoded."""
        if self._prefetch is not None:
            for slide in self.slides[k : k + 2]:
                slide.prefetch(self._prefetch, self.size)

    def _walk_to(self, t_ms: float) -> None:
        # Frames arrive in order, so walk forward from the last slide instead of searching.
        while self._current < len(self.slides) - 1 and t_ms >= self.slides[self._current].timing.end_ms:
            self._current += 1

    def _slide_index(self, t_ms: float) -> int:
        self._walk_to(t_ms)
        # A slide is released once its last transition frame is drawn, and only then does the one after next
        # start decoding: a decode's peak (~20 MB for an album photo) never adds to a transition's extra
        # frames and to the canvas of a slide that is no longer shown.
        while self._finished < self._current and t_ms >= self.slides[self._finished].timing.shown_until_ms:
            self.slides[self._finished].release()  # keeps at most three decoded photos alive
            return_freed_memory()
            self._finished += 1
            self._ahead(self._finished)
        return self._current

    def picture(self, t_ms: float) -> tuple[Picture, object]:
        """The frame's picture before text, and a key that is equal for identical still pictures."""
        k = self._slide_index(t_ms)
        slide = self.slides[k]
        tr_out = self.scene.slides[k].transition_out
        if tr_out is not None and t_ms >= slide.timing.end_ms - tr_out.effective_ms / 2:
            nxt = self.slides[k + 1]
            progress = (t_ms - (slide.timing.end_ms - tr_out.effective_ms / 2)) / tr_out.effective_ms
            effect = get_transition(tr_out.name)
            return effect.blend(slide.frame_at(t_ms, self.size), nxt.frame_at(t_ms, self.size), progress), None
        tr_in = self.scene.slides[k - 1].transition_out if k > 0 else None
        if tr_in is not None and t_ms < slide.timing.start_ms + tr_in.effective_ms / 2:
            prev = self.slides[k - 1]
            progress = (t_ms - (slide.timing.start_ms - tr_in.effective_ms / 2)) / tr_in.effective_ms
            effect = get_transition(tr_in.name)
            return effect.blend(prev.frame_at(t_ms, self.size), slide.frame_at(t_ms, self.size), progress), None
        return slide.frame_at(t_ms, self.size), (k if slide.static else None)

    def _texts_at(self, t_ms: float) -> list[tuple[TextLayer, float]]:
        active = [(layer, round(layer.opacity(t_ms), 3)) for layer in self.texts]
        return [(layer, a) for layer, a in active if a > 0]

    def still(self, n: int) -> Picture:
        """Frame n's picture with its bars and text, drawn on a picture of its own (a still preview)."""
        t_ms = self.scene.frame_time_ms(n)
        picture, key = self.picture(t_ms)
        if key is not None:
            picture = picture.copy()  # a still slide's canvas outlives this frame (render/still.py keeps it)
        if self.scene.letterbox:
            draw_letterbox(picture, black_yuv())
        for layer, opacity in self._texts_at(t_ms):
            layer.draw_onto(picture, opacity)
        return picture

    def frame(self, n: int, poster_index: int | None) -> av.VideoFrame:
        assert self.encoder is not None, "frames are drawn for an encoder"
        t_ms = self.scene.frame_time_ms(n)
        picture, key = self.picture(t_ms)
        if self.scene.letterbox:
            draw_letterbox(picture, black_yuv())  # on a still slide's own canvas too: the same bars every time
        active = self._texts_at(t_ms)
        if key is not None:
            key = (key, tuple((id(layer), a) for layer, a in active))
            if key == self._last_key and self._last_frame is not None and n != poster_index:
                return self._last_frame
        if active:
            if key is not None:
                picture = picture.copy()  # a still picture is the slide's own canvas; draw on a copy
            for layer, opacity in active:
                layer.draw_onto(picture, opacity)
        if n == poster_index:
            self.poster_image = picture.to_rgb()
        frame = self.encoder.to_frame(picture.to_frame())
        self._last_key, self._last_frame = key, frame
        return frame


def total_frames(timeline: Timeline) -> int:
    """How many video frames the whole timeline renders to."""
    return timeline.output.frames_for(timeline.duration_ms)


def soundtrack(timeline: Timeline, sources: Mapping[str, Path]) -> Soundtrack | None:
    """The mixed music and clip sound for the whole video (exactly as long as its frames), or None when it
    has no sound."""
    spec = timeline.output
    if spec.format == "gif":
        return None
    for a in timeline.music:
        _source(timeline, sources, a.media_id, "the music")
    sounds = clip_sounds(timeline, sources)
    if not timeline.music and not sounds:
        return None
    ends = {i: timeline.audio_end_ms(a) for i, a in enumerate(timeline.music)}
    duration_ms = total_frames(timeline) * 1000 / spec.rate
    music = [(a, Path(sources[a.media_id])) for a in timeline.music]
    crossfades = {}
    for i, a in enumerate(timeline.music):
        ref = timeline.media_by_id.get(a.media_id)
        if a.loop and ref is not None and ref.bpm and ref.duration_ms:
            loop = crossfaded_loop(ref.duration_ms, ref.bpm)
            if loop is not None:
                crossfades[i] = loop
    return mix_music(music, round(duration_ms), ends, sounds, crossfades)


def render(
    timeline: Timeline,
    sources: Mapping[str, Path | str],
    output: Path | str,
    *,
    progress: ProgressCallback | None = None,
    poster: Path | str | None = None,
    frames: range | None = None,
) -> RenderResult:
    """Render `timeline` to `output`; `sources` maps each media id to its file.

    `frames` renders only that range of frame indices, with no sound: a chunk that `join_chunks` later
    concatenates with its neighbours (see render/chunks.py). Its timestamps start at 0, and it is drawn
    from its own scene (render/scene.py), so it is the same wherever those pictures sit in the video.

    The file appears only when complete: it is written beside the target under a temporary name and
    renamed at the end, so a failure never leaves a partial video where the user expects one.
    """
    validate(timeline)
    if not timeline.segments:
        raise TimelineError("the timeline has no photos or clips to render")
    output = Path(output)
    paths = {k: Path(v) for k, v in sources.items()}
    _check_sources(timeline, paths)
    whole = range(total_frames(timeline))
    with_sound = frames is None  # a chunk never carries sound, even one that covers the whole video
    if frames is None:
        frames = whole
    elif frames.step != 1 or not frames or frames.start < 0 or frames.stop > whole.stop:
        raise TimelineError(f"frames {frames.start}..{frames.stop} are not a part of the video's 0..{whole.stop}")
    at = poster_index(timeline, whole.stop) if poster else None
    at = at - frames.start if at is not None and at in frames else None
    music = soundtrack(timeline, paths) if with_sound else None
    return _render_scene(scene_of(timeline, frames), paths, output, music, progress, poster, at)


class HandedOver:
    """The photo canvases a chunk ends with, for the next chunk of the same run, which begins with the same
    photos: a 12 MP photo is decoded once, not once per chunk it shows in (~0.2 s each on W1)."""

    def __init__(self) -> None:
        self.canvases: dict[CanvasKey, Prepared] = {}

    def give(self, slides: list[Shown], size: tuple[int, int]) -> None:
        # A chunk ends in its last photo, or in the transition into it.
        photos = [s for s in slides[-2:] if isinstance(s, PhotoSlide)]
        self.canvases = {s.canvas_key(size): prepared for s in photos if (prepared := s.handed()) is not None}

    def take(self, slides: list[Shown], size: tuple[int, int]) -> None:
        for slide in slides[:2]:
            if isinstance(slide, PhotoSlide) and (kept := self.canvases.get(slide.canvas_key(size))) is not None:
                slide.adopt(kept)
        self.canvases = {}


def render_scene(
    scene: Scene,
    sources: Mapping[str, Path | str],
    output: Path | str,
    *,
    progress: ProgressCallback | None = None,
    handed_over: HandedOver | None = None,
) -> RenderResult:
    """Render one scene's frames with no sound: a chunk (see render/chunks.py). Chunks of one run rendered in
    order may share `handed_over`, so the photo at a cut is decoded once."""
    paths = {k: Path(v) for k, v in sources.items()}
    for slide in scene.slides:
        _source_of(scene, paths, slide, "a photo or clip")
    return _render_scene(scene, paths, Path(output), None, progress, None, None, handed_over)


def compose_still(scene: Scene, sources: Mapping[str, Path | str], memo: Lender | None = None) -> Picture:
    """The first frame of `scene`, composed as an export would draw it, with no encoder: a still preview.
    `memo` lends what an earlier still prepared (canvases, open clip readers) and keeps what this one did."""
    paths = {k: Path(v) for k, v in sources.items()}
    slides = _slides(scene, paths)
    for slide in slides:
        if isinstance(slide, ClipSlide):
            slide.decode_budget = STILL_DECODE_BUDGET
    size = scene.output.size
    if memo is not None:
        memo.lend(slides, size)
    texts = [build_text_layer(t, size, t.start_ms + (t.duration_ms or 0)) for t in scene.texts]
    try:
        picture = _Composer(scene, slides, texts, None).still(0)
        if memo is not None:
            memo.keep(slides, size)
        return picture
    finally:
        for slide in slides:
            slide.release()


class Lender(Protocol):
    """What stills prepared, kept between them (render/still.py's StillMemo)."""

    def lend(self, slides: list[Shown], size: tuple[int, int]) -> None: ...

    def keep(self, slides: list[Shown], size: tuple[int, int]) -> None: ...


def _render_scene(
    scene: Scene,
    paths: Mapping[str, Path],
    output: Path,
    music: Soundtrack | None,
    progress: ProgressCallback | None,
    poster: Path | str | None,
    poster_index: int | None,
    handed_over: HandedOver | None = None,
) -> RenderResult:
    spec = scene.output
    map_big_buffers()
    slides = _slides(scene, paths)
    if handed_over is not None:
        handed_over.take(slides, spec.size)
    texts = [build_text_layer(t, spec.size, t.start_ms + (t.duration_ms or 0)) for t in scene.texts]
    frames = range(scene.frames)

    poster_path: Path | None = None
    with written_atomically(output, f"writing {output.name}") as partial:
        encoder: Encoder | None = None
        prefetch = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photoreel-decode")
        try:
            encoder = Encoder(partial, spec, with_audio=music is not None)
            composer = _Composer(scene, slides, texts, encoder, prefetch)
            _encode(encoder, _composed(composer, frames, poster_index), len(frames), music, progress)
            encoder.finish()
            encoder = None
            if poster and composer.poster_image is not None:
                poster_path = Path(poster)
                composer.poster_image.save(poster_path, "JPEG", quality=90)
        finally:
            prefetch.shutdown(wait=True, cancel_futures=True)
            if handed_over is not None and encoder is None:  # a finished chunk: its last photos go on
                handed_over.give(slides, spec.size)
            for slide in slides:
                slide.release()  # closes any clip decoder still open, on failure as on success
            if music is not None:
                music.close()
            if encoder is not None:
                encoder.abort()
    return RenderResult(
        path=output,
        duration_s=len(frames) / spec.rate,
        frames=len(frames),
        size_bytes=output.stat().st_size,
        width=spec.width,
        height=spec.height,
        has_audio=music is not None,
        poster=poster_path,
    )


def _encode(
    encoder: Encoder,
    video: Iterator[av.VideoFrame],
    count: int,
    music: Soundtrack | None,
    progress: ProgressCallback | None,
) -> None:
    """Every frame of `video` (`count` of them) and the whole soundtrack into `encoder`, reporting progress in
    steps of 1%."""
    audio: Iterator[av.AudioFrame] = iter(())
    if music is not None and encoder.audio is not None:
        audio = audio_frames(music, encoder.audio_frame_size, encoder.audio.format.name)
    pending = next(audio, None)
    reported = -1.0
    for n, frame in enumerate(video):
        # Keep audio just ahead of video so the muxer interleaves without buffering the whole track.
        while pending is not None and (pending.pts or 0) / SAMPLE_RATE <= (n + 1) / encoder.spec.rate:
            encoder.write_audio(pending)
            pending = next(audio, None)
        encoder.write_video(frame, n)
        done = (n + 1) / count
        if progress is not None and (done - reported >= 0.01 or n + 1 == count):
            progress(min(done, 1.0))
            reported = done
    while pending is not None:
        encoder.write_audio(pending)
        pending = next(audio, None)


def _composed(composer: _Composer, indices: range, poster_index: int | None) -> Iterator[av.VideoFrame]:
    """Frames in order, drawn by a worker thread a few frames ahead of the consumer."""
    return ahead((composer.frame(n, poster_index) for n in indices), _QUEUE_DEPTH, "photoreel-compose")
