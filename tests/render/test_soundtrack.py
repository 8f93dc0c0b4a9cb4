"""The soundtrack is mixed block by block; what comes out must not depend on the blocks it is read in."""

import tracemalloc
import wave

import numpy as np
import pytest

from photoreel.errors import UnsupportedMedia
from photoreel.render.audio import SAMPLE_RATE, mix_music
from photoreel.timeline.model import AudioSegment
from tests.conftest import write_wav


def _read(track, block: int) -> np.ndarray:
    total = track.shape[1]
    return np.concatenate([track[:, a : a + block] for a in range(0, total, block)], axis=1)


def test_blocks_of_any_size_give_the_same_mix(tmp_path):
    song = write_wav(tmp_path / "song.wav", 1.3, amplitude=0.6)
    jingle = write_wav(tmp_path / "jingle.wav", 0.5, freq=880, amplitude=0.9)
    segments = [
        (AudioSegment(media_id="song", loop=True, volume=0.8, fade_in_ms=300, fade_out_ms=700), song),
        (AudioSegment(media_id="jingle", start_ms=1000, loop=False, volume=1.0), jingle),
    ]
    track = mix_music(segments, 4000, {0: 4000, 1: 4000})
    assert track.shape == (2, 4 * SAMPLE_RATE)
    small, odd = _read(track, 1024), _read(track, 7777)
    assert np.array_equal(small, odd)
    assert np.abs(small).max() <= 1.0, "clipped where the two overlap"
    assert small[:, 0].max() == 0.0, "the fade-in starts from silence"
    assert abs(small[:, -1]).max() < 1e-6, "and the fade-out ends in it"
    second = small[:, 2 * SAMPLE_RATE : 2 * SAMPLE_RATE + 4800]
    assert 0.3 < np.sqrt(np.mean(second**2)) < 0.5, "the loop carries on past the song's own end (0.8 x 0.6 sine)"
    jingle_only = small[:, int(1.6 * SAMPLE_RATE) : int(1.7 * SAMPLE_RATE)]
    assert np.sqrt(np.mean(jingle_only**2)) < 0.5, "the jingle (not looped) has stopped by 1.6 s"


def _write_noise_wav(path, seconds: float, seed: int = 7) -> np.ndarray:
    """A 48 kHz stereo WAV of noise (no resampling between file and soundtrack); returns its samples as read."""
    rng = np.random.default_rng(seed)
    samples = rng.integers(-20000, 20000, size=(int(seconds * SAMPLE_RATE), 2), dtype=np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(samples.tobytes())
    return samples.T.astype(np.float32) / 32768


def test_looped_music_repeats_the_file_sample_for_sample(tmp_path):
    original = _write_noise_wav(tmp_path / "noise.wav", 0.7)
    track = mix_music([(AudioSegment(media_id="n", loop=True, fade_out_ms=0), tmp_path / "noise.wav")], 2000, {0: 2000})
    with track:
        mixed = _read(track, 1000)
    expected = np.tile(original, 3)[:, : 2 * SAMPLE_RATE]
    assert np.array_equal(mixed, expected), "each pass starts again at the file's first sample"


def test_music_that_is_not_looped_falls_silent_after_its_end(tmp_path):
    original = _write_noise_wav(tmp_path / "noise.wav", 0.5)
    track = mix_music(
        [(AudioSegment(media_id="n", loop=False, volume=0.5, fade_out_ms=0), tmp_path / "noise.wav")], 1000, {0: 1000}
    )
    with track:
        mixed = _read(track, 4096)
    half = SAMPLE_RATE // 2
    assert np.allclose(mixed[:, :half], original * 0.5)
    assert not mixed[:, half:].any()


def test_the_music_is_decoded_as_it_plays_not_held_whole(tmp_path):
    _write_noise_wav(tmp_path / "long.wav", 30.0)  # 11.5 MB as float32 samples
    track = mix_music([(AudioSegment(media_id="n", loop=True), tmp_path / "long.wav")], 60_000, {0: 60_000})
    tracemalloc.start()
    try:
        with track:
            for a in range(0, track.shape[1], 1024):
                track[:, a : a + 1024]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, f"{peak / 1e6:.1f} MB held while mixing a minute of music"


@pytest.mark.parametrize(("content", "message"), [(b"ID3" + bytes(5000), "could not be decoded"), (None, "no sound")])
def test_music_that_cannot_play_is_refused_before_anything_is_encoded(tmp_path, content, message):
    path = tmp_path / "bad.mp3"
    if content is None:
        path = tmp_path / "empty.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(2)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
    else:
        path.write_bytes(content)
    with pytest.raises(UnsupportedMedia, match=message):
        mix_music([(AudioSegment(media_id="bad"), path)], 1000, {0: 1000})
