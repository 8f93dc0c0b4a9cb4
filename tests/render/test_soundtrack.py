"""The soundtrack is mixed block by block; what comes out must not depend on the blocks it is read in."""

import numpy as np

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
