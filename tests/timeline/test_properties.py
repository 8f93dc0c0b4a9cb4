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
from photoreel.timeline.output import ASPECTS, FORMATS, FRAME_RATES

MEDIA = [MediaRef(f"p{i}", "image", f"p{i}.jpg", 400, 300) for i in range(4)]
MUSIC = MediaRef("song", "audio", "song.mp3", duration_ms=5000, has_audio=True)
ids = st.sampled_from([m.id for m in MEDIA] + ["ghost"])
index = st.integers(min_value=-1, max_value=6)
ms = st.integers(min_value=-500, max_value=8000)

edit = st.one_of(
    st.builds(ops.AddPhotos, st.lists(ids, min_size=1, max_size=3).map(tuple), ms, st.none() | index),
    st.builds(ops.RemovePhoto, index),
    st.builds(ops.MovePhoto, index, index),
    st.builds(ops.SwapPhotos, index, index),
    st.builds(ops.SortPhotos, st.sampled_from(["name", "date", "reverse", "shuffle", "size"]), st.integers(0, 9)),
    st.builds(ops.SetPhotoDuration, ms, st.none() | index),
    st.builds(ops.SetTotalDuration, st.integers(-1000, 60_000)),
    st.builds(ops.SetTransition, st.sampled_from([*TRANSITIONS, "spin"]), ms, st.none() | index),
    st.builds(ops.SetMotion, st.sampled_from([*MOTIONS, "shake"]), st.none() | index),
    st.builds(ops.SetFit, st.sampled_from(FITS), st.none() | index),
    st.builds(
        ops.SetOutput,
        st.none() | st.sampled_from([*ASPECTS, "2:1"]),
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
    for ref in [*MEDIA, MUSIC]:
        tl = apply(tl, ops.AddMedia(ref))
    return tl


@settings(max_examples=150, deadline=None)
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
