import pytest

from photoreel.errors import TimelineError
from photoreel.timeline import (
    AudioSegment,
    MediaRef,
    TextSegment,
    Timeline,
    apply,
    from_draft,
    ops,
    summarize,
    to_draft,
)


def project(n: int = 3, music: bool = False) -> Timeline:
    tl = Timeline()
    for i in range(n):
        tl = apply(tl, ops.AddMedia(MediaRef(f"m{i}", "image", f"IMG_{i}.jpg", 400, 300)))
    tl = apply(tl, ops.AddPhotos(tuple(f"m{i}" for i in range(n))))
    if music:
        tl = apply(tl, ops.AddMedia(MediaRef("a", "audio", "lofi.mp3", duration_ms=60_000, has_audio=True)))
    return tl


def test_summary_reads_like_the_seed():
    tl = apply(project(5, music=True), ops.SetMusic(AudioSegment("a", volume=0.35)))
    tl = apply(tl, ops.AddText(TextSegment("Summer", 0, 3000)))
    assert summarize(tl) == '1. Video: 5 photos (0-15s)  2. BGM: lofi.mp3 (0-15s, 35%)  3. Title: "Summer" (0-3s)'


def test_edits_do_not_change_the_original():
    tl = project()
    longer = apply(tl, ops.SetPhotoDuration(5000))
    assert tl.duration_ms == 9000
    assert longer.duration_ms == 15000


def test_total_duration_is_spread_exactly():
    tl = apply(project(3), ops.SetTotalDuration(10_000))
    assert [p.duration_ms for p in tl.segments] == [3333, 3333, 3334]
    assert tl.duration_ms == 10_000


def test_move_swap_remove_and_sort():
    tl = project(4)
    assert [p.media_id for p in apply(tl, ops.MoveSegment(3, 0)).segments] == ["m3", "m0", "m1", "m2"]
    assert [p.media_id for p in apply(tl, ops.SwapSegments(0, 2)).segments] == ["m2", "m1", "m0", "m3"]
    assert [p.media_id for p in apply(tl, ops.RemoveSegment(1)).segments] == ["m0", "m2", "m3"]
    assert [p.media_id for p in apply(tl, ops.SortPhotos("reverse")).segments] == ["m3", "m2", "m1", "m0"]


def test_sort_by_name_is_natural():
    tl = Timeline()
    for mid, name in [("a", "img10.jpg"), ("b", "img2.jpg"), ("c", "img1.jpg")]:
        tl = apply(tl, ops.AddMedia(MediaRef(mid, "image", name)))
    tl = apply(tl, ops.AddPhotos(("a", "b", "c")))
    assert [p.media_id for p in apply(tl, ops.SortPhotos("name")).segments] == ["c", "b", "a"]


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (ops.SetPhotoDuration(-1000), "more than 0"),
        (ops.AddPhotos(("nope",)), "unknown media 'nope'"),
        (ops.AddText(TextSegment("late", 8000, 5000)), "past the end"),
        (ops.RemoveSegment(7), "no photo 8"),
        (ops.SetTransition("spin"), "not one of"),
        (ops.SetTransition("fade", 5000), "too short for its transitions"),
        (ops.AddText(TextSegment("x", color="not-a-colour")), "not a colour"),
        (ops.SetMusicVolume(0.5), "no music"),
    ],
)
def test_bad_edits_are_refused_with_a_clear_reason(op, message):
    tl = project()
    with pytest.raises(TimelineError, match=message):
        apply(tl, op)


def test_music_must_have_sound():
    tl = project()
    with pytest.raises(TimelineError, match="no sound"):
        apply(tl, ops.SetMusic(AudioSegment("m0")))


def test_shortening_the_video_clips_text_and_music():
    tl = apply(project(3, music=True), ops.SetMusic(AudioSegment("a", duration_ms=9000)))
    tl = apply(tl, ops.AddText(TextSegment("end card", 6000, 3000)))
    shorter = apply(tl, ops.RemoveSegment(2))
    assert shorter.duration_ms == 6000
    assert shorter.texts == ()
    assert shorter.music[0].duration_ms == 6000


def test_draft_round_trip_is_lossless():
    tl = apply(project(3, music=True), ops.SetMusic(AudioSegment("a", volume=0.35, fade_in_ms=500)))
    tl = apply(tl, ops.AddText(TextSegment("夏天", 1000, 2000, position="top", background="#000000")))
    tl = apply(tl, ops.SetTransition("slideleft", 400, index=1))
    tl = apply(tl, ops.SetOutput(aspect="9:16", fps=25, format="webm"))
    draft = to_draft(tl)
    assert [t["tt"] for t in draft["t"]] == [0, 1, 7]
    assert draft["d"] == 9000
    assert from_draft(draft) == tl


def test_malformed_drafts_are_refused():
    with pytest.raises(TimelineError, match="malformed"):
        from_draft({"t": [{"tt": 0, "sg": [{"d": 1000}]}]})
    with pytest.raises(TimelineError):
        from_draft({"t": [{"tt": 5, "sg": []}]})
