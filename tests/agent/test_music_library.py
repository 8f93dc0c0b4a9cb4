"""Words for music from the built-in library, EN and ZH, judged on the timeline they leave."""

import pytest

from photoreel.agent import View
from photoreel.agent.interpreter import RuleBasedInterpreter
from photoreel.agent.plan import Edit
from photoreel.media.library import by_id, catalogue
from photoreel.timeline import MediaRef, Timeline, apply, ops


def _photos() -> Timeline:
    tl = Timeline()
    for i in range(3):
        tl = apply(tl, ops.AddMedia(MediaRef(f"p{i}", "image", f"IMG_{i}.jpg", 400, 300)))
    return apply(tl, ops.AddPhotos(("p0", "p1", "p2")))


def _say(tl: Timeline, text: str) -> Timeline:
    plan = RuleBasedInterpreter().interpret(text, View(tl, "en", library=catalogue(), seed="session-1"))
    for step in plan.steps:
        if isinstance(step, Edit):
            tl = apply(tl, step.op)
    return tl


def _mood(tl: Timeline) -> str | None:
    if not tl.music:
        return None
    track = by_id(tl.music[0].media_id)
    return track.mood if track else "upload"


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("add some music", "happy"),
        ("put music on it", "happy"),
        ("upbeat music", "energetic"),
        ("add energetic background music", "energetic"),
        ("calm music please", "calm"),
        ("some lo-fi music", "calm"),
        ("chill music at 30%", "calm"),
        ("happy music", "happy"),
        ("nostalgic music", "nostalgic"),
        ("something retro for the soundtrack", "nostalgic"),
        ("romantic music", "tender"),
        ("add a sweet song", "tender"),
        ("来点欢快的音乐", "happy"),
        ("加点背景音乐", "happy"),
        ("配一首舒缓的音乐", "calm"),
        ("来点动感的音乐", "energetic"),
        ("放一首怀旧的歌", "nostalgic"),
        ("加浪漫的背景音乐", "tender"),
        ("背景音乐要温柔一点", "tender"),
    ],
)
def test_a_mood_picks_a_track_of_that_mood(text, mood):
    assert _mood(_say(_photos(), text)) == mood


def test_another_one_moves_on_and_a_mood_change_follows_the_words():
    tl = _say(_photos(), "calm music at 40%")
    first = tl.music[0].media_id
    for text in ("another one please, a different song", "换一首"):
        tl = _say(tl, text)
        assert _mood(tl) == "calm" and tl.music[0].media_id != first and tl.music[0].volume == 0.4
        first = tl.music[0].media_id
    assert _mood(_say(tl, "something more energetic")) == "energetic"
    assert _mood(_say(tl, "换成欢快一点的音乐")) == "happy"


@pytest.mark.parametrize("text", ["turn the music down a bit", "quieter music", "把音乐声音调小一点", "music at 30%"])
def test_changing_music_that_is_not_there_adds_none(text):
    assert _say(_photos(), text).music == ()


def test_make_it_more_energetic_without_music_is_not_a_music_request():
    assert _say(_photos(), "something more energetic").music == ()


@pytest.mark.parametrize(
    "text", ["sync to the beat", "cut on the beat", "make the cuts match the beat", "卡点", "踩点", "跟着节奏切换"]
)
def test_cutting_on_the_beat_adds_music_when_there_is_none_and_cuts_on_its_beats(text):
    tl = _say(_photos(), text)
    assert _mood(tl) == "happy"
    song = tl.media_by_id[tl.music[0].media_id]
    beat = 60_000 / song.bpm
    t = 0
    for seg in tl.segments:
        t += seg.duration_ms
        off = (t - song.first_beat_ms) / beat
        assert abs(off - round(off)) * beat <= 1, f"a cut at {t} ms is off the beat"


def test_cut_on_the_beat_of_a_calm_track_keeps_the_mood_said():
    assert _mood(_say(_photos(), "卡点，配舒缓的音乐")) == "calm"


@pytest.mark.parametrize(
    ("text", "beats"), [("fast cuts on the beat", 2), ("一拍一张的卡点", 1), ("sync to the beat slowly", 4)]
)
def test_the_pace_said_sets_the_beats_per_photo(text, beats):
    tl = _say(_photos(), "no transitions")
    tl = _say(tl, text)
    song = tl.media_by_id[tl.music[0].media_id]
    beat = 60_000 / song.bpm
    assert all(abs(s.duration_ms - beats * beat) <= 1 for s in tl.segments[1:-1])


@pytest.mark.parametrize("text", ["more warm colours", "换个复古滤镜", "make the transitions more gentle"])
def test_a_mood_word_about_the_picture_leaves_the_song_alone(text):
    tl = _say(_photos(), "calm music")
    song = tl.music[0].media_id
    assert _say(tl, text).music[0].media_id == song


@pytest.mark.parametrize("text", ["remove the blurred background", "去掉模糊背景", "remove the duplicate title"])
def test_blur_and_duplicate_words_about_other_things_remove_no_photo(text):
    assert len(_say(_photos(), text).segments) == 3
