"""The built-in music library: a catalogue read from the installed package, tracks that loop on the beat."""

import numpy as np

from photoreel.media.library import DEFAULT_MOOD, MOODS, by_id, catalogue, choose
from photoreel.render.audio import SAMPLE_RATE, crossfaded_loop, mix_music
from photoreel.timeline import AudioSegment
from tests.helpers import rms


def test_the_catalogue_lists_every_track_with_mood_tempo_key_and_length():
    tracks = catalogue()
    assert len(tracks) == 28
    assert {t.mood for t in tracks} == set(MOODS)
    for t in tracks:
        assert t.path.is_file() and t.path.suffix == ".opus"
        assert 60 <= t.bpm <= 160 and t.key.split()[1] in ("major", "minor")
        assert 20_000 < t.duration_ms < 60_000
        assert by_id(t.media_id) == t
    for t in tracks[::7]:  # the ref carries the listed tempo refined by listening, and where the first beat falls
        ref = t.ref()
        assert abs(ref.bpm / t.bpm - 1) <= 0.03 and 0 <= ref.first_beat_ms < 60_000 / ref.bpm
    happy = next(t for t in tracks if t.name == "happy_acoustic_1")
    assert (happy.bpm, happy.key, happy.style) == (110.0, "E major", "acoustic")


def test_choice_is_stable_per_session_and_moves_on_for_another_one():
    tracks = catalogue()
    first = choose(tracks, None, seed="session-a")
    assert first is not None and first.mood == DEFAULT_MOOD
    assert choose(tracks, None, seed="session-a") == first
    seen = {first.name}
    for _ in range(4):
        nxt = choose(tracks, "happy", seed="session-a", used=frozenset(seen))
        assert nxt is not None and nxt.name not in seen
        seen.add(nxt.name)
    assert choose(tracks, "calm", seed="x").mood == "calm"
    assert choose(tracks, "polka", seed="x") is None


def test_a_library_track_loops_on_a_bar_with_no_gap_or_jump_in_level():
    track = next(t for t in catalogue() if t.name == "happy_acoustic_1")  # 110 bpm, ~32.7 s
    period, overlap = crossfaded_loop(track.duration_ms, track.bpm)
    bar = 4 * 60 / 110 * SAMPLE_RATE
    assert abs(overlap - bar) <= 1 and abs(period / bar - round(period / bar)) < 1e-3, "the seam falls on a bar"
    segment = AudioSegment(track.media_id, fade_out_ms=0)
    with mix_music([(segment, track.path)], 70_000, {0: 70_000}, crossfades={0: (period, overlap)}) as track_mix:
        samples = track_mix[:, 0 : 70 * SAMPLE_RATE]
    window = SAMPLE_RATE // 4
    levels = [rms(samples[:, i : i + window]) for i in range(0, samples.shape[1] - window, window)]
    seam = period // window
    around = levels[seam - 8 : seam + 8]
    assert min(around) > 0.25 * float(np.median(levels)), "no dip to silence at the seam"
    assert max(around) < 2.0 * float(np.median(levels)), "no jump in level where two passes overlap"
    # After the seam the track plays from its start again: the mix equals the file's own opening.
    with mix_music([(segment, track.path)], 40_000, {0: 40_000}) as plain:
        opening = plain[:, overlap : overlap + SAMPLE_RATE]
    np.testing.assert_allclose(samples[:, period + overlap : period + overlap + SAMPLE_RATE], opening, atol=1e-4)


def test_the_beat_of_a_click_track_is_found_to_a_fraction_of_a_percent_and_phase_within_30_ms():
    from photoreel.media.beats import RATE, beat_grid, onset_strength

    for bpm, first in ((100, 0.3), (128, 0.1), (75, 0.5)):
        rng = np.random.default_rng(bpm)
        x = rng.normal(0, 0.01, 40 * RATE).astype(np.float32)
        click = (np.hanning(200) * np.sin(np.arange(200) * 0.9) * 0.8).astype(np.float32)
        for t in np.arange(first, 39.0, 60 / bpm):
            x[int(t * RATE) : int(t * RATE) + 200] += click
        grid = beat_grid(onset_strength(x))
        assert grid is not None and abs(grid.bpm - bpm) / bpm < 0.003
        period = 60_000 / bpm
        off = (grid.first_beat_ms - first * 1000) % period
        assert min(off, period - off) < 30


def test_the_found_tempo_of_library_tracks_mostly_matches_the_listed_one():
    # Measured against the package's own list (which the search never sees): a check on real music, not a
    # tuning target. Octave (2:1) and 3:4 confusions are the known misses of a steady-tempo estimator.
    from photoreel.media.beats import analyse

    tracks = catalogue()[::3]
    right = sum(1 for t in tracks if (g := analyse(t.path)) is not None and abs(g.bpm / t.bpm - 1) < 0.03)
    assert right >= 0.6 * len(tracks)
