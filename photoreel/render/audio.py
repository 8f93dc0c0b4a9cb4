"""The soundtrack: background music and the clips' own sound, decoded as they play, resampled to 48 kHz
stereo, looped or trimmed, with volume and fades; music ducks under clip sound."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from photoreel.errors import UnsupportedMedia
from photoreel.timeline.model import AudioSegment

SAMPLE_RATE = 48_000
CHANNELS = 2
# Music under a clip's own sound: about 10 dB down, eased in and out so the change is heard as a mix, not a cut.
DUCK_GAIN = 10 ** (-10 / 20)
DUCK_ATTACK_MS = 250
DUCK_RELEASE_MS = 400


@dataclass(frozen=True)
class ClipSound:
    """A clip's own sound on the soundtrack: from `start_ms` to `stop_ms` of the video, read from `offset_ms`
    into the clip's file."""

    path: Path
    start_ms: int
    stop_ms: int
    offset_ms: int
    volume: float
    fade_in_ms: int = 0
    fade_out_ms: int = 0


class _SoundReader:
    """One music file's samples in play order, decoded as they are asked for: float32 (2, n) at 48 kHz.

    Only the block being read is held, never the file: a soundtrack costs the same few kilobytes whether it
    plays for ten seconds or an hour. Reading forward decodes forward; reading from an earlier position starts
    the file again. `loop` repeats the file end to end; its length is learnt when the decoder first reaches
    the end.
    """

    def __init__(self, path: Path, loop: bool, what: str = "the music") -> None:
        self.path = path
        self.loop = loop
        self.what = what  # how errors name the file: "the music", "the clip"
        self.length: int | None = None  # samples in one pass over the file, once known
        self._container: av.container.InputContainer | None = None
        self._start()
        if self._take(0, 1).shape[1] == 0:  # unreadable or silent files fail before the video is encoded
            self.close()
            raise UnsupportedMedia(f"{what} holds no sound", str(path))

    def _start(self) -> None:
        self.close()
        try:
            self._container = av.open(str(self.path), metadata_errors="ignore")
            stream = self._container.streams.audio[0]
        except (av.error.FFmpegError, IndexError, OSError) as exc:
            self.close()
            raise UnsupportedMedia(f"{self.what} could not be decoded ({exc})", str(self.path)) from exc
        self._decoded = self._container.decode(stream)
        self._resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
        self._blocks: list[np.ndarray] = []
        self._held_from = 0  # file position of the first held sample
        self._held = 0  # samples held
        self._ended = False

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
            self._container = None

    def _decode_more(self) -> None:
        try:
            frame = next(self._decoded, None)
            frames = self._resampler.resample(frame)
        except (av.error.FFmpegError, OSError) as exc:
            raise UnsupportedMedia(f"{self.what} could not be decoded ({exc})", str(self.path)) from exc
        for out in frames:
            block = out.to_ndarray()
            self._blocks.append(block)
            self._held += block.shape[1]
        if frame is None:
            self._ended = True
            self.length = self._held_from + self._held

    def _take(self, at: int, n: int) -> np.ndarray:
        """File samples at..at+n, fewer where the file ends first."""
        if at < self._held_from:
            self._start()
        self._drop_before(at)
        while not self._ended and self._held_from + self._held < at + n:
            self._decode_more()
            self._drop_before(at)  # reads move forward: what lies before `at` is never needed again
        if not self._blocks:
            return np.zeros((CHANNELS, 0), dtype=np.float32)
        if len(self._blocks) > 1:
            self._blocks = [np.concatenate(self._blocks, axis=1)]
        return self._blocks[0][:, : at + n - self._held_from]

    def _drop_before(self, at: int) -> None:
        while self._blocks and at - self._held_from > 0:
            first = self._blocks[0]
            cut = min(at - self._held_from, first.shape[1])
            if cut == first.shape[1]:
                self._blocks.pop(0)
            else:
                self._blocks[0] = first[:, cut:]
            self._held_from += cut
            self._held -= cut
        if not self._blocks:
            # Nothing held: the next decoded sample is the one after everything decoded so far.
            self._held_from, self._held = self._held_from + self._held, 0

    def read(self, p0: int, p1: int) -> np.ndarray:
        """Samples p0..p1 of the music as it plays (looped or not), silence after a file that is not looped."""
        out = np.zeros((CHANNELS, p1 - p0), dtype=np.float32)
        p = p0
        while p < p1:
            known = self.length
            if known is not None and p >= known and not self.loop:
                break
            at = p % known if known is not None and self.loop else p
            wanted = p1 - p if known is None else min(p1 - p, known - at)
            got = self._take(at, wanted)
            out[:, p - p0 : p - p0 + got.shape[1]] = got
            p += got.shape[1]
            if got.shape[1] == 0 and known is not None:  # a file that decodes shorter the second time
                break
        return out


class _CrossfadedLoop:
    """A music file looped with a crossfade: each pass after the first starts `period` samples after the one
    before, while that one plays on for `overlap` more samples and fades out under it (equal power, so the
    level holds). With `period` a whole number of bars from the track's first downbeat, the beat carries on
    through the seam instead of stumbling. Two forward readers, one for each side of the seam."""

    def __init__(self, path: Path, what: str, period: int, overlap: int) -> None:
        self.period, self.overlap = period, overlap
        self._head = _SoundReader(path, loop=False, what=what)
        self._tail = _SoundReader(path, loop=False, what=what)

    def close(self) -> None:
        self._head.close()
        self._tail.close()

    def read(self, p0: int, p1: int) -> np.ndarray:
        out = np.zeros((CHANNELS, p1 - p0), dtype=np.float32)
        p = p0
        while p < p1:
            passes, at = divmod(p, self.period)
            n = min(p1 - p, self.period - at)
            block = self._head.read(at, at + n)
            seam = min(n, self.overlap - at) if passes > 0 and at < self.overlap else 0
            if seam > 0:
                x = (np.arange(at, at + seam, dtype=np.float32) + 0.5) / self.overlap
                block[:, :seam] *= np.sin(0.5 * np.pi * x)
                tail = self._tail.read(self.period + at, self.period + at + seam)
                block[:, :seam] += tail * np.cos(0.5 * np.pi * x)
            out[:, p - p0 : p - p0 + n] = block
            p += n
        return out


def crossfaded_loop(length_ms: int, bpm: float) -> tuple[int, int] | None:
    """(period, overlap) in samples for a track of `length_ms` at `bpm`: a bar of overlap, the period the whole
    bars that fit before it; None when the track is too short to loop that way."""
    bar = 4 * 60 / bpm * SAMPLE_RATE
    length = length_ms * SAMPLE_RATE / 1000
    bars = int((length - bar) // bar)
    if bars < 2:
        return None
    return round(bars * bar), round(bar)


@dataclass
class _Placed:
    """One sound on the soundtrack (a music segment or a clip's own sound): where it plays, what it plays and
    how loud. Its file is open only while it plays: an album of sixty clips holds one or two decoders."""

    start: int  # samples
    stop: int
    path: Path
    loop: bool
    what: str  # how errors name it
    volume: np.float32
    fade_in: int
    fade_out: int
    offset: int = 0  # the file's position at `start`
    ducks: bool = False  # lowered under clip sound
    crossfade: tuple[int, int] | None = None  # a looped track's (period, overlap), when it loops on the beat
    reader: _SoundReader | _CrossfadedLoop | None = None

    def open(self) -> _SoundReader | _CrossfadedLoop:
        if self.reader is None:
            if self.loop and self.crossfade is not None:
                self.reader = _CrossfadedLoop(self.path, self.what, *self.crossfade)
            else:
                self.reader = _SoundReader(self.path, self.loop, self.what)
        return self.reader

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None


class Soundtrack:
    """The whole soundtrack, mixed block by block as the encoder asks for it.

    Neither the mix nor the music files are held in memory, only the block being mixed (see _SoundReader):
    a two-minute soundtrack would otherwise cost 46 MB for as long as the video encodes. `soundtrack[:, a:b]`
    is the mix of samples a..b, clipped to [-1, 1], the same whichever block sizes it is read in. Reading in
    order is what is fast; `close()` releases the files.
    """

    def __init__(
        self,
        segments: list[tuple[AudioSegment, Path]],
        total_ms: int,
        end_ms_of: dict[int, int],
        clip_sounds: list[ClipSound] | None = None,
        crossfades: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        total = round(total_ms * SAMPLE_RATE / 1000)
        self.shape = (CHANNELS, total)
        self._placed: list[_Placed] = []
        self._duck_spans: list[tuple[int, int]] = []  # where clip sound plays, in samples
        try:
            for i, (seg, path) in enumerate(segments):
                start = _samples(seg.start_ms)
                stop = min(total, _samples(end_ms_of[i]))
                if stop - start <= 0:
                    continue
                music = _Placed(
                    start,
                    stop,
                    path,
                    seg.loop,
                    "the music",
                    np.float32(seg.volume),
                    _samples(seg.fade_in_ms),
                    _samples(seg.fade_out_ms),
                    ducks=seg.duck,
                    crossfade=(crossfades or {}).get(i),
                )
                music.open()  # unplayable music is refused now, before the first frame is encoded
                self._placed.append(music)
            for sound in clip_sounds or []:
                start, stop = _samples(sound.start_ms), min(total, _samples(sound.stop_ms))
                if stop - start <= 0 or sound.volume <= 0:
                    continue
                self._placed.append(
                    _Placed(
                        start,
                        stop,
                        sound.path,
                        False,
                        f"the clip {sound.path.name}",
                        np.float32(sound.volume),
                        _samples(sound.fade_in_ms),
                        _samples(sound.fade_out_ms),
                        offset=_samples(sound.offset_ms),
                    )
                )
                self._duck_spans.append((start, stop))
        except BaseException:
            self.close()
            raise

    def __getitem__(self, index: tuple[slice, slice]) -> np.ndarray:
        columns = index[1]
        a, b, _ = columns.indices(self.shape[1])
        block = np.zeros((CHANNELS, max(0, b - a)), dtype=np.float32)
        for placed in self._placed:
            lo, hi = max(a, placed.start), min(b, placed.stop)
            if lo >= hi:
                continue
            samples = _segment_samples(placed, lo - placed.start, hi - placed.start)
            if placed.ducks and self._duck_spans:
                samples *= self._duck_gain(lo, hi)
            block[:, lo - a : hi - a] += samples
            if hi == placed.stop:
                placed.close()  # played to its end; opened again only if read again
        np.clip(block, -1.0, 1.0, out=block)
        return block

    def _duck_gain(self, lo: int, hi: int) -> np.ndarray:
        """The music's gain over samples lo..hi: DUCK_GAIN under clip sound, eased in before it starts and out
        after it stops (the deepest of overlapping spans wins)."""
        positions = np.arange(lo, hi, dtype=np.float64)
        depth = np.zeros(hi - lo, dtype=np.float64)
        attack, release = _samples(DUCK_ATTACK_MS), _samples(DUCK_RELEASE_MS)
        for start, stop in self._duck_spans:
            if stop + release < lo or start - attack > hi:
                continue
            rise = np.clip((positions - (start - attack)) / attack, 0.0, 1.0)
            fall = np.clip(1.0 - (positions - stop) / release, 0.0, 1.0)
            np.maximum(depth, np.minimum(rise, fall), out=depth)
        return (1.0 - (1.0 - DUCK_GAIN) * depth).astype(np.float32)

    def close(self) -> None:
        for placed in self._placed:
            placed.close()

    def __enter__(self) -> Soundtrack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _samples(ms: float) -> int:
    return round(ms * SAMPLE_RATE / 1000)


def _segment_samples(placed: _Placed, p0: int, p1: int) -> np.ndarray:
    """Samples p0..p1 of one segment (positions from its own start), looped or trimmed, with volume and fades."""
    samples = placed.open().read(placed.offset + p0, placed.offset + p1)
    positions = np.arange(p0, p1)
    gain = np.full(p1 - p0, placed.volume, dtype=np.float32)
    n = placed.stop - placed.start
    if placed.fade_in > 0:
        k = min(placed.fade_in, n)
        ramp = positions < k
        gain[ramp] *= (positions[ramp] / k).astype(np.float32)
    if placed.fade_out > 0:
        k = min(placed.fade_out, n)
        ramp = positions >= n - k
        gain[ramp] *= (1.0 - (positions[ramp] - (n - k)) / max(1, k - 1)).astype(np.float32)
    samples *= gain
    return samples


def mix_music(
    segments: list[tuple[AudioSegment, Path]],
    total_ms: int,
    end_ms_of: dict[int, int],
    clip_sounds: list[ClipSound] | None = None,
    crossfades: dict[int, tuple[int, int]] | None = None,
) -> Soundtrack:
    """The soundtrack, exactly `total_ms` long; silence where nothing plays. `end_ms_of[i]` is when music
    segment i stops (its own end, or the end of the video); `crossfades[i]`, where given, loops segment i on the
    beat (see `crossfaded_loop`). Close it (or use it in a `with`) when done."""
    return Soundtrack(segments, total_ms, end_ms_of, clip_sounds, crossfades)


def audio_frames(
    samples: np.ndarray | Soundtrack, frame_size: int, sample_format: str = "fltp"
) -> Iterator[av.AudioFrame]:
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
