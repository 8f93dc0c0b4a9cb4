"""Re-exports from cached chunks: each kind of edit renders only the chunks whose pictures changed, and the video
put together from the cache is, frame for frame, the video a fresh render of the edited timeline makes."""

from __future__ import annotations

import dataclasses
import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photoreel.media.digest import file_digest
from photoreel.media.inspect import inspect_media
from photoreel.render.chunks import FIRST_CHUNK_S, plan_chunks, render_in_chunks
from photoreel.render.engine import total_frames
from photoreel.render.scene import cut_candidates, scene_of
from photoreel.service.make import MakeOptions, build_timeline
from photoreel.store.chunk_folder import FolderChunkCache
from photoreel.timeline.effects import Transition
from photoreel.timeline.model import PhotoSegment, Timeline
from photoreel.timeline.output import OutputSpec
from tests.conftest import write_wav
from tests.helpers import all_frames, audio_samples, rms

CHUNK_S = 2.0  # small chunks, so a short video has several


class CountingCache(FolderChunkCache):
    """The folder cache, counting the chunks it is handed: the ones rendered."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, max_bytes=1 << 30)
        self.rendered = 0

    def keep(self, identity: str, rendered: Path) -> Path:
        self.rendered += 1
        return super().keep(identity, rendered)


def _textured(path: Path, seed: int) -> Path:
    """A photo with detail everywhere, so every step of a zoom changes pixels."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 255, (3,), dtype=np.uint8)
    noise = rng.integers(0, 90, (240, 320, 3), dtype=np.uint8)
    ramp = np.linspace(0, 120, 320, dtype=np.uint8)[None, :, None]
    Image.fromarray(np.clip(base.astype(int) + noise + ramp, 0, 255).astype(np.uint8)).save(path, quality=92)
    return path


@pytest.fixture
def album(tmp_path: Path) -> Callable[[int], list[Path]]:
    counter = itertools.count()

    def make(count: int) -> list[Path]:
        return [_textured(tmp_path / f"photo-{next(counter)}.jpg", seed=next(counter)) for _ in range(count)]

    return make


def _timeline(photos: list[Path], music: Path | None) -> tuple[Timeline, dict[str, Path]]:
    options = MakeOptions(size=(320, 180), per_photo_s=2.0, transition_s=0.5, motion="zoom-in", title="Summer")
    return build_timeline([inspect_media(p) for p in photos], options, inspect_media(music) if music else None)


def _export(timeline: Timeline, sources: dict[str, Path], cache: FolderChunkCache, output: Path) -> Path:
    digests = {k: file_digest(v) for k, v in sources.items()}
    return render_in_chunks(timeline, sources, output, cache, chunk_s=CHUNK_S, digests=digests).path


def _with_photo(timeline: Timeline, sources: dict[str, Path], photo: Path) -> tuple[Timeline, str]:
    """The timeline knowing one more photo (not yet placed), and its media id."""
    ref = inspect_media(photo).ref(f"extra-{photo.stem}", photo.name)
    sources[ref.id] = photo
    return dataclasses.replace(timeline, media=(*timeline.media, ref)), ref.id


def _segments(timeline: Timeline, segments: list[PhotoSegment]) -> Timeline:
    return dataclasses.replace(timeline, segments=tuple(segments))


def _text_changed(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    return dataclasses.replace(t, texts=(dataclasses.replace(t.texts[0], text="Winter"),))


def _photo_swapped(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    t, media_id = _with_photo(t, s, extra)
    segments = list(t.segments)
    segments[4] = dataclasses.replace(segments[4], media_id=media_id)
    return _segments(t, segments)


def _photo_inserted(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    t, media_id = _with_photo(t, s, extra)
    segments = list(t.segments)
    segments.insert(3, dataclasses.replace(segments[3], media_id=media_id))
    return _segments(t, segments)


def _photo_removed(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    return _segments(t, [seg for i, seg in enumerate(t.segments) if i != 3])


def _transition_changed(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    segments = list(t.segments)
    segments[5] = dataclasses.replace(segments[5], transition=Transition("wipeleft", 500))
    return _segments(t, segments)


def _music_quieter(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    return dataclasses.replace(t, music=(dataclasses.replace(t.music[0], volume=0.3),))


def _aspect_changed(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    return dataclasses.replace(t, output=OutputSpec(width_override=180, height_override=320))


EDITS = {
    "text change": (_text_changed, 3),  # the title's 3 s span the short first chunks
    "photo swap": (_photo_swapped, 3),
    "photo insert": (_photo_inserted, 3),
    "photo removal": (_photo_removed, 3),
    "transition change": (_transition_changed, 2),
    "music change": (_music_quieter, 0),
}


@pytest.fixture(scope="module")
def first_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Timeline, dict[str, Path], Path, Path, int]:
    """Ten photos and music exported once into a cache, shared by every edit below (each on its own copy)."""
    folder = tmp_path_factory.mktemp("first")
    photos = [_textured(folder / f"photo-{i}.jpg", seed=i) for i in range(11)]  # one spare, to swap or insert
    timeline, sources = _timeline(photos[:10], write_wav(folder / "tone.wav", 30.0, amplitude=0.4))
    cache = CountingCache(folder / "cache")
    _export(timeline, sources, cache, folder / "first.mp4")
    return timeline, sources, photos[10], folder, cache.rendered


@pytest.mark.parametrize("edit", [*EDITS, "aspect change"])
def test_a_re_export_renders_only_what_changed_and_matches_a_fresh_render(edit, first_export, tmp_path):
    timeline, first_sources, spare, first, first_chunks = first_export
    assert first_chunks >= 6, "a 20 s video in 2 s chunks"
    shutil.copytree(first / "cache", tmp_path / "cache")
    cache = CountingCache(tmp_path / "cache")
    sources = dict(first_sources)

    change = _aspect_changed if edit == "aspect change" else EDITS[edit][0]
    edited = change(timeline, sources, spare)
    cache.rendered = 0
    again = _export(edited, sources, cache, tmp_path / "again.mp4")
    fresh = _export(edited, sources, CountingCache(tmp_path / "empty"), tmp_path / "fresh.mp4")

    if edit == "aspect change":
        assert cache.rendered == len(plan_chunks(edited, CHUNK_S)), "another frame size re-renders every chunk"
    else:
        assert cache.rendered <= EDITS[edit][1], f"{edit}: {cache.rendered} of {first_chunks} chunks rendered again"
    a, b = all_frames(again), all_frames(fresh)
    assert len(a) == len(b) == total_frames(edited)
    for n, (x, y) in enumerate(zip(a, b, strict=True)):
        assert np.array_equal(x, y), f"{edit}: frame {n} differs from a fresh render"
    sound_a, _ = audio_samples(again)
    sound_b, _ = audio_samples(fresh)
    assert np.array_equal(sound_a, sound_b)
    if edit == "music change":
        first_sound, _ = audio_samples(first / "first.mp4")
        assert rms(sound_a) < 0.5 * rms(first_sound), "the music is quieter, though no chunk was rendered"


def test_cuts_move_with_the_photos_when_one_is_inserted_before_them(album, tmp_path):
    photos = album(31)
    timeline, sources = _timeline(photos[:30], None)
    digests = {k: file_digest(v) for k, v in sources.items()}
    edited = _photo_inserted(timeline, sources, photos[30])
    digests_after = {k: file_digest(v) for k, v in sources.items()}

    def identities(t: Timeline, d: dict[str, str]) -> list[str]:
        # 6 s chunks of 2 s photos: past the shortest chunk (3 s), each photo is a cut or not by its own draw.
        return [scene_of(t, frames).identity(d) for frames in plan_chunks(t, 6.0, d)]

    before, after = identities(timeline, digests), identities(edited, digests_after)
    assert len(before) >= 8
    # The cuts after the insertion fall where they fell before, so those chunks are the same scenes.
    assert len(set(after) - set(before)) <= 2, "only the chunks around the new photo are new"
    assert len(set(before) - set(after)) <= 1, "every chunk after the insertion is found in the cache"


def test_chunks_cover_the_video_and_begin_outside_transitions(album):
    timeline, _ = _timeline(album(10), None)
    chunks = plan_chunks(timeline, CHUNK_S)
    assert chunks[0].start == 0 and chunks[-1].stop == total_frames(timeline)
    assert all(a.stop == b.start for a, b in itertools.pairwise(chunks))
    candidates = {frame for frame, _ in cut_candidates(timeline, every_s=CHUNK_S, first_s=FIRST_CHUNK_S)}
    assert all(c.start in candidates for c in chunks[1:]), "every cut is where one photo shows alone"
    assert len(chunks[0]) == 30, "the first chunk is one second: it is the first to play"
    ramped = plan_chunks(timeline, 10.0)
    assert len(ramped[0]) == 30 and len(ramped[1]) >= 60, "then each at least twice the last, up to the usual length"
    assert max(len(c) for c in chunks) <= 2 * CHUNK_S * 30 + 90
    gif = dataclasses.replace(timeline, output=dataclasses.replace(timeline.output, format="gif"))
    assert plan_chunks(gif, CHUNK_S) == [range(total_frames(gif))], "GIF cannot be joined by copying packets"


def test_the_folder_cache_keeps_the_most_recently_used_chunks_within_its_cap(tmp_path):
    cache = FolderChunkCache(tmp_path / "cache", max_bytes=2500)
    for i in range(4):
        made = tmp_path / f"{i}.mp4"
        made.write_bytes(b"x" * 1000)
        kept = cache.keep(f"{i:02d}" * 32, made)
        os.utime(kept, (1_700_000_000 + i, 1_700_000_000 + i))  # kept in this order, a second apart
    assert cache.find("00" * 32) is not None  # used again: now the most recent
    assert cache.trim() == 2
    assert cache.find("00" * 32) is not None and cache.find("03" * 32) is not None
    assert cache.find("01" * 32) is None and cache.find("02" * 32) is None
