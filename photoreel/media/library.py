"""The built-in music library: mood-tagged tracks from the `immich-memories-music` package (MIT, generated with
ACE-Step, no attribution required), read in place from the installed package, never copied or downloaded.

The catalogue (mood, tempo, key, style, length) is built once per process from the package's licence file, which
lists every track with the tempo and key it was generated at, and from a probe of each file's length.
"""

from __future__ import annotations

import importlib.metadata
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import av

from photoreel.media.beats import BeatGrid, analyse
from photoreel.timeline.model import MediaRef

PACKAGE = "immich-memories-music"
MOODS = ("happy", "calm", "energetic", "nostalgic", "tender")
DEFAULT_MOOD = "happy"
ID_PREFIX = "library:"  # media ids of library tracks; uploads are "med_…"
LIBRARY_FADE_OUT_MS = 2000  # library tracks loop to any length, so the video's end is where they fade out
# `  happy_acoustic_1.opus               110 bpm  E major   seed 101  [acoustic]`
_LINE = re.compile(
    r"^\s*(?P<name>[a-z]+_[a-z0-9_]+)\.opus\s+(?P<bpm>\d+(?:\.\d+)?)\s*bpm\s+(?P<key>[A-G][b#]?\s+(?:major|minor))"
    r".*\[(?P<style>\w+)\]"
)


@dataclass(frozen=True)
class LibraryTrack:
    name: str  # "happy_acoustic_1": what the summary shows
    mood: str
    bpm: float
    key: str
    style: str  # "acoustic" or "electronic"
    duration_ms: int
    path: Path

    @property
    def media_id(self) -> str:
        return ID_PREFIX + self.name

    @property
    def bar_ms(self) -> float:
        """One bar of four beats: where a loop may cross into the track's start again."""
        return 4 * 60_000 / self.bpm

    def ref(self) -> MediaRef:
        """The track as a timeline's media: audio with its beat grid (the listed tempo, refined and placed by
        listening to the track once), so cuts and loops fall on its beats."""
        grid = _grid(self.path, self.bpm)
        return MediaRef(
            id=self.media_id,
            kind="audio",
            name=self.name,
            duration_ms=self.duration_ms,
            has_audio=True,
            bpm=round(grid.bpm, 3) if grid else self.bpm,
            first_beat_ms=round(grid.first_beat_ms, 1) if grid else 0.0,
        )


@lru_cache(maxsize=64)
def _grid(path: Path, bpm: float) -> BeatGrid | None:
    return analyse(path, bpm_hint=bpm)


def _tracks_dir() -> Path:
    from immich_memories_music import tracks_dir  # the package's one entry point: where its tracks lie

    return Path(tracks_dir())


def _length_ms(path: Path) -> int:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            return round(float(stream.duration * stream.time_base) * 1000)
        return round((container.duration or 0) / 1000)


@lru_cache(maxsize=1)
def catalogue() -> tuple[LibraryTrack, ...]:
    """Every track the installed package lists and holds, by mood then name; empty if it is not installed."""
    try:
        listing = importlib.metadata.distribution(PACKAGE).read_text("licenses/LICENSE-MUSIC") or ""
        folder = _tracks_dir()
    except (importlib.metadata.PackageNotFoundError, ImportError):
        return ()
    tracks = []
    for line in listing.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        mood = m["name"].split("_", 1)[0]
        path = folder / mood / f"{m['name']}.opus"
        if mood not in MOODS or not path.is_file():
            continue
        tracks.append(
            LibraryTrack(
                name=m["name"],
                mood=mood,
                bpm=float(m["bpm"]),
                key=m["key"],
                style=m["style"],
                duration_ms=_length_ms(path),
                path=path,
            )
        )
    return tuple(sorted(tracks, key=lambda t: (MOODS.index(t.mood), t.name)))


def by_id(media_id: str) -> LibraryTrack | None:
    if not media_id.startswith(ID_PREFIX):
        return None
    name = media_id[len(ID_PREFIX) :]
    return next((t for t in catalogue() if t.name == name), None)


def sources() -> dict[str, Path]:
    """Every library track's file by media id, for a render's sources."""
    return {t.media_id: t.path for t in catalogue()}


def choose(
    tracks: tuple[LibraryTrack, ...],
    mood: str | None,
    *,
    seed: str = "",
    used: frozenset[str] = frozenset(),
    playing: str | None = None,
) -> LibraryTrack | None:
    """A track of `mood` (the default mood when None), the same one for the same `seed` (a session's media),
    skipping tracks already `used` (names) while any of that mood are left, so "another one" moves on."""
    pool = [t for t in tracks if t.mood == (mood or DEFAULT_MOOD)]
    if not pool:
        return None
    # Every track of the mood used: start again, but never on the one just heard when there is another.
    fresh = [t for t in pool if t.name not in used] or [t for t in pool if t.name != playing] or pool
    start = zlib.crc32(f"{mood}:{seed}".encode()) % len(pool)
    ordered = pool[start:] + pool[:start]
    return next(t for t in ordered if t in fresh)
