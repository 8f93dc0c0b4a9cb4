"""Any sequence of edits that apply keeps the timeline valid and survives the draft round trip."""

from hypothesis import given, settings
from hypothesis import strategies as st

from photoreel.errors import PhotoreelError
from photoreel.timeline import (
    FITS,
    MOTIONS,
    POSITIONS,
    TRANSITIONS,
    AudioSegment,
    MediaRef,
    TextSegment,
    Timeline,
    apply,
    from_draft,
    ops,
    to_draft,
    validate,
)
from photoreel.timeline.effects import LOOKS
from photoreel.timeline.output import ASPECTS, FORMATS, FRAME_RATES

MEDIA = [MediaRef(f"p{i}", "image", f"p{i}.jpg", 400, 300) for i in range(4)]
MUSIC = MediaRef("song", "audio", "song.mp3", duration_ms=5000, has_audio=True, bpm=100.0, first_beat_ms=120.0)
CLIPS = [
    MediaRef("c0", "video", "clip.mp4", 1920, 1080, duration_ms=4000, has_audio=True, fps=30.0),
    MediaRef("c1", "video", "portrait.mov", 1080, 1920, duration_ms=9000, fps=29.97, rotation=90, hdr="hlg"),
]
ids = st.sampled_from([m.id for m in MEDIA] + ["ghost"])
clip_ids = st.sampled_from([m.id for m in CLIPS] + ["p0", "ghost"])
index = st.integers(min_value=-1, max_value=6)
ms = st.integers(min_value=-500, max_value=8000)

edit = st.one_of(
    st.builds(ops.AddPhotos, st.lists(ids, min_size=1, max_size=3).map(tuple), ms, st.none() | index),
    st.builds(ops.AddClip, clip_ids, st.none() | ms, st.integers(-100, 5000), st.none() | index),
    st.builds(ops.TrimClip, index, st.none() | st.integers(-100, 9000), st.none() | ms),
    st.builds(ops.SetClipVolume, st.floats(-0.5, 2.5), st.none() | index),
    st.builds(ops.SetMusicDucking, st.booleans()),
    st.just(ops.SyncToBeat()),
    st.builds(ops.SetLook, st.sampled_from([*LOOKS, "sparkle"]), st.none() | index),
    st.builds(ops.RemoveSegment, index),
    st.builds(ops.MoveSegment, index, index),
    st.builds(ops.SwapSegments, index, index),
    st.builds(ops.SortPhotos, st.sampled_from(["name", "date", "reverse", "shuffle", "size"]), st.integers(0, 9)),
    st.builds(ops.SetPhotoDuration, ms, st.none() | index),
    st.builds(ops.SetTotalDuration, st.integers(-1000, 60_000)),
    st.builds(ops.SetTransition, st.sampled_from([*TRANSITIONS, "spin"]), ms, st.none() | index),
    st.builds(ops.SetMotion, st.sampled_from([*MOTIONS, "shake"]), st.none() | index),
    st.builds(ops.SetFit, st.sampled_from(FITS), st.none() | index),
    st.builds(
        ops.SetOutput,
        st.none() | st.sampled_from(list(ASPECTS)),  # values from outside are checked where they enter (test_output)
        st.none(),
        st.none() | st.sampled_from(FRAME_RATES),
        st.none() | st.sampled_from(FORMATS),
    ),
    st.builds(
        ops.AddText,
        st.builds(
            TextSegment,
            st.text(min_size=0, max_size=12),
            ms,
            st.none() | ms,
            st.sampled_from(["title", "caption"]),
            st.sampled_from(POSITIONS),
        ),
    ),
    st.builds(ops.RemoveText, index),
    st.builds(
        ops.SetMusic,
        st.builds(AudioSegment, st.sampled_from(["song", "p0"]), st.just(0), st.none() | ms, st.floats(-0.5, 2.5)),
    ),
    st.builds(ops.SetMusicVolume, st.floats(-0.5, 2.5)),
    st.just(ops.RemoveMusic()),
)


def base() -> Timeline:
    tl = Timeline()
    for ref in [*MEDIA, *CLIPS, MUSIC]:
        tl = apply(tl, ops.AddMedia(ref))
    return tl


@settings(max_examples=300, deadline=None)
@given(st.lists(edit, max_size=12))
def test_valid_edits_keep_the_timeline_valid_and_round_trip(edits):
    tl = base()
    for op in edits:
        try:
            tl = apply(tl, op)
        except PhotoreelError:
            continue  # refused edits change nothing
        validate(tl)
        assert from_draft(to_draft(tl)) == tl


def test_mixed_runs_round_trip_with_every_clip_field():
    tl = base()
    for op in [
        ops.AddPhotos(("p0", "p1")),
        ops.AddClip("c0", 2500, in_ms=1000),
        ops.AddClip("c1", at=1),
        ops.SetClipVolume(0.0, 1),
        ops.SetMusic(AudioSegment("song", volume=0.4, duck=False)),
    ]:
        tl = apply(tl, op)
    assert [type(s).__name__ for s in tl.segments] == ["PhotoSegment", "ClipSegment", "PhotoSegment", "ClipSegment"]
    assert from_draft(to_draft(tl)) == tl
    assert to_draft(tl)["t"][0]["sg"][1]["m"] == {
        "kind": "clip",
        "fit": "blur",
        "motion": "none",
        "tr": {"n": "fade", "d": 500},
        "in": 0,
        "volume": 0.0,
    }
