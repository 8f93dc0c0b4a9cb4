"""Music from the built-in library, asked for in words, through the live app: picked by mood, the same per
session, "another one" moves on, and the export plays it."""

from __future__ import annotations

import pytest

from tests.api.test_clips import say_sse
from tests.api_fixtures import Api, assert_envelope
from tests.helpers import audio_samples, facts, rms


def _music(api: Api) -> tuple[str, float] | None:
    state = assert_envelope(api.state(), 200, 0)["data"]
    audio = [t for t in state["state"]["draft"]["t"] if t["tt"] == 1]
    if not audio:
        return None
    segment = audio[0]["sg"][0]
    return segment["src"], segment["m"]["volume"]


GREY = (128, 128, 128)


def test_music_by_mood_in_english_and_chinese_then_another_one(api: Api, make_photo, tmp_path):
    api.new_session()
    assert_envelope(api.upload(make_photo(colour=GREY), make_photo(colour=GREY)), 200, 0)
    reply = say_sse(api, "add some music")
    src, volume = _music(api)
    assert src.startswith("library:happy_") and volume == 1.0, "no mood said or shown, no song uploaded: happy"
    assert src.removeprefix("library:") in assert_envelope(api.state(), 200, 0)["data"]["summary"]
    assert "BGM" in reply

    say_sse(api, "来点安静的音乐，音量百分之四十")
    src, volume = _music(api)
    assert src.startswith("library:calm_") and volume == 0.4
    first = src
    say_sse(api, "换一首")
    src, volume = _music(api)
    assert src.startswith("library:calm_") and src != first and volume == 0.4, "another calm track, same level"
    say_sse(api, "something more energetic")
    assert _music(api)[0].startswith("library:energetic_")

    assert_envelope(api.export("render_music", resolution=360), 200, 0)
    done = api.poll("render_music", timeout=120)
    assert done["status"] == "completed", done
    video = tmp_path / "music.mp4"
    video.write_bytes(api.client.get(done["output"]["url"]).content)
    assert facts(video).audio_codec == "aac"
    samples, rate = audio_samples(video)
    assert rms(samples[:, rate : 4 * rate]) > 0.02, "the library track plays"


def test_the_choice_is_the_same_for_the_same_session_and_an_upload_comes_first(api: Api, make_photo, tone):
    api.new_session()
    assert_envelope(api.upload(make_photo()), 200, 0)
    say_sse(api, "romantic music please")
    chosen = _music(api)[0]
    assert chosen.startswith("library:tender_")
    say_sse(api, "remove the music")
    say_sse(api, "romantic music please")
    assert _music(api)[0] == chosen

    api.new_session()
    assert_envelope(api.upload(make_photo(), tone(2.0)), 200, 0)
    say_sse(api, "add music")
    assert not _music(api)[0].startswith("library:"), "the person's own song before the library's"


def test_lowering_music_that_is_not_there_adds_nothing(api: Api, make_photo):
    api.new_session()
    assert_envelope(api.upload(make_photo()), 200, 0)
    say_sse(api, "turn the music down a bit")
    assert _music(api) is None


def test_cutting_on_the_beat_through_run_sse_and_the_exported_cuts_land_on_beats(api: Api, make_photo, tmp_path):
    from photoreel.media.library import by_id
    from tests.helpers import all_frames, mean_colour

    colours = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40)]
    api.new_session()
    assert_envelope(api.upload(*(make_photo(colour=c) for c in colours)), 200, 0)
    reply = say_sse(api, "no transitions, 卡点")
    assert "bpm" in reply
    src, _ = _music(api)
    track = by_id(src).ref()
    beat_ms = 60_000 / track.bpm
    assert_envelope(api.export("render_beats", resolution=360), 200, 0)
    done = api.poll("render_beats", timeout=120)
    assert done["status"] == "completed", done
    video = tmp_path / "beats.mp4"
    video.write_bytes(api.client.get(done["output"]["url"]).content)
    frames = all_frames(video)
    shown = [min(range(4), key=lambda k: float(abs(mean_colour(f) - colours[k]).sum())) for f in frames]
    cuts = [n for n in range(1, len(shown)) if shown[n] != shown[n - 1]]
    assert len(cuts) == 3
    for n in cuts:
        beats = (n * 1000 / 30 - track.first_beat_ms) / beat_ms
        assert abs(beats - round(beats)) * beat_ms <= 1000 / 30 + 1, f"the cut at frame {n} is off the beat"


@pytest.mark.parametrize("bpm", [120, 110, 87])  # 110 and 87 do not divide the default 3 s
def test_an_uploaded_songs_beat_is_found_at_upload_and_cuts_follow_it(api: Api, make_photo, tmp_path, bpm):
    import wave

    import numpy as np

    rate = 44_100
    x = np.random.default_rng(1).normal(0, 0.005, 20 * rate)
    click = np.hanning(300) * np.sin(np.arange(300) * 0.7) * 0.7
    for t in np.arange(0.2, 19.5, 60 / bpm):
        x[int(t * rate) : int(t * rate) + 300] += click
    song = tmp_path / "clicks.wav"
    with wave.open(str(song), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype(np.int16).tobytes())
    api.new_session()
    files = assert_envelope(api.upload(make_photo(), make_photo(), song), 200, 0)["data"]["files"]
    assert abs(files[2]["media"]["bpm"] - bpm) < 0.5
    say_sse(api, "add the music and cut on the beat")
    state = assert_envelope(api.state(), 200, 0)["data"]["state"]
    ref = next(m for m in state["draft"]["m"]["media"] if m["kind"] == "audio")
    t = 0
    for sg in state["draft"]["t"][0]["sg"]:
        t += sg["d"]
        beat = 60_000 / ref["bpm"]
        beats = (t - ref["first_beat_ms"]) / beat
        assert abs(beats - round(beats)) * beat <= 1, f"the cut at {t} ms is off the found beat"
        true_beats = (t - 200) / (60_000 / bpm)  # the clicks start at 0.2 s
        assert abs(true_beats - round(true_beats)) * 60_000 / bpm <= 1000 / 30, f"the cut at {t} ms is off a click"


@pytest.mark.parametrize(
    ("colour", "mood"), [((40, 35, 45), "calm"), ((230, 160, 90), "tender"), ((150, 200, 250), "energetic")]
)
def test_with_no_mood_said_the_photos_suggest_one(api: Api, make_photo, colour, mood):
    api.new_session()
    assert_envelope(api.upload(make_photo(colour=colour), make_photo(colour=colour)), 200, 0)
    say_sse(api, "add some music")
    assert _music(api)[0].startswith(f"library:{mood}_")
