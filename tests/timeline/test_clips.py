"""Clips in the video run: every edit works on a mixed run of photos and clips."""

import pytest

from photoreel.errors import TimelineError
from photoreel.timeline import AudioSegment, ClipSegment, MediaRef, PhotoSegment, Timeline, apply, ops, summarize


def mixed(photos: int = 3, clips: tuple[int, ...] = (10_000, 6_000)) -> Timeline:
    """`photos` photos of 3 s, then one clip per length in `clips` (ms), each used whole."""
    tl = Timeline()
    for i in range(photos):
        tl = apply(tl, ops.AddMedia(MediaRef(f"p{i}", "image", f"IMG_{i}.jpg", 400, 300)))
    for i, length in enumerate(clips):
        ref = MediaRef(f"c{i}", "video", f"VID_{i}.mp4", 1920, 1080, duration_ms=length, has_audio=True, fps=30.0)
        tl = apply(tl, ops.AddMedia(ref))
    if photos:
        tl = apply(tl, ops.AddPhotos(tuple(f"p{i}" for i in range(photos))))
    for i in range(len(clips)):
        tl = apply(tl, ops.AddClip(f"c{i}"))
    return tl


def test_summary_counts_photos_and_clips():
    assert summarize(mixed()) == "1. Video: 3 photos + 2 clips (0-25s)"
    assert summarize(mixed(0, (4000,))) == "1. Video: 1 clip (0-4s)"


def test_a_clip_takes_the_runs_style_but_keeps_still_motion():
    tl = apply(mixed(2, ()), ops.SetTransition("slideleft", 800))
    tl = apply(tl, ops.AddMedia(MediaRef("v", "video", "v.mp4", 640, 480, duration_ms=5000)))
    clip = apply(tl, ops.AddClip("v")).segments[-1]
    assert clip == ClipSegment("v", 5000, 0, 1.0, "blur", "none", tl.segments[0].transition)


def test_trim_to_a_range_and_refusals():
    tl = mixed()
    trimmed = apply(tl, ops.TrimClip(3, in_ms=4000, duration_ms=5000))
    assert (trimmed.segments[3].in_ms, trimmed.segments[3].duration_ms) == (4000, 5000)
    # A new in-point with no length runs to the clip's end.
    assert apply(tl, ops.TrimClip(3, in_ms=7000)).segments[3].duration_ms == 3000
    with pytest.raises(TimelineError, match="lasts only 10 s"):
        apply(tl, ops.TrimClip(3, in_ms=8000, duration_ms=5000))
    with pytest.raises(TimelineError, match="is a photo"):
        apply(tl, ops.TrimClip(0, duration_ms=1000))
    with pytest.raises(TimelineError, match="there is no segment 9"):
        apply(tl, ops.TrimClip(8, duration_ms=1000))


def test_each_photo_duration_leaves_clips_alone_and_an_index_trims_a_clip():
    tl = apply(mixed(), ops.SetPhotoDuration(2000))
    assert [s.duration_ms for s in tl.segments] == [2000, 2000, 2000, 10_000, 6000]
    assert apply(tl, ops.SetPhotoDuration(4000, index=4)).segments[4].duration_ms == 4000
    with pytest.raises(TimelineError, match="lasts only 6 s"):
        apply(tl, ops.SetPhotoDuration(8000, index=4))


def test_total_duration_stretches_photos_first():
    tl = apply(mixed(), ops.SetTotalDuration(25_000))
    assert [s.duration_ms for s in tl.segments] == [3000, 3000, 3000, 10_000, 6000]
    tl = apply(mixed(), ops.SetTotalDuration(40_000))
    assert [s.duration_ms for s in tl.segments] == [8000, 8000, 8000, 10_000, 6000]
    tl = apply(mixed(), ops.SetTotalDuration(19_000))
    assert [s.duration_ms for s in tl.segments] == [1000, 1000, 1000, 10_000, 6000]


def test_total_duration_trims_clips_only_when_it_must():
    tl = apply(mixed(), ops.SetTotalDuration(11_000))
    durations = [s.duration_ms for s in tl.segments]
    assert durations[:3] == [1000, 1000, 1000]
    assert durations[3:] == [5000, 3000]  # 10:6 shared out of the 8 s the photos leave
    assert tl.duration_ms == 11_000


def test_total_duration_with_clips_alone_cannot_pass_their_ends():
    tl = mixed(0, (4000, 6000))
    tl = apply(tl, ops.TrimClip(0, duration_ms=2000))
    longer = apply(tl, ops.SetTotalDuration(9000))
    assert [s.duration_ms for s in longer.segments] == [3000, 6000]  # the second is capped at its own end
    with pytest.raises(TimelineError, match="the clips last 10 s in all"):
        apply(tl, ops.SetTotalDuration(12_000))


def test_move_swap_remove_and_sort_treat_clips_as_positions():
    tl = mixed()
    assert [s.media_id for s in apply(tl, ops.MoveSegment(4, 0)).segments] == ["c1", "p0", "p1", "p2", "c0"]
    assert [s.media_id for s in apply(tl, ops.SwapSegments(0, 3)).segments] == ["c0", "p1", "p2", "p0", "c1"]
    assert [s.media_id for s in apply(tl, ops.RemoveSegment(3)).segments] == ["p0", "p1", "p2", "c1"]
    assert [s.media_id for s in apply(tl, ops.SortPhotos("reverse")).segments] == ["c1", "c0", "p2", "p1", "p0"]


def test_clip_volume_and_motion_edits():
    tl = apply(mixed(), ops.SetClipVolume(0.0))
    assert [s.volume for s in tl.clips] == [0.0, 0.0]
    tl = apply(tl, ops.SetClipVolume(0.5, 4))
    assert [s.volume for s in tl.clips] == [0.0, 0.5]
    with pytest.raises(TimelineError, match="is a photo"):
        apply(tl, ops.SetClipVolume(0.5, 1))
    # "zoom in" means the photos; a clip moves only when it is named.
    tl = apply(tl, ops.SetMotion("zoom-out"))
    assert [s.motion for s in tl.segments] == ["zoom-out"] * 3 + ["none", "none"]
    assert apply(tl, ops.SetMotion("zoom-in", 3)).segments[3].motion == "zoom-in"
    assert all(isinstance(s, PhotoSegment) for s in tl.segments[:3])


def test_a_clip_must_refer_to_a_video():
    tl = mixed()
    with pytest.raises(TimelineError, match="not a video clip"):
        apply(tl, ops.AddClip("p0"))


def test_total_duration_of_photos_alone_still_spreads_any_length():
    tl = mixed(5, ())
    assert [s.duration_ms for s in apply(tl, ops.SetTotalDuration(3000)).segments] == [600] * 5


def test_short_photos_are_not_lengthened_to_make_a_video_shorter():
    tl = apply(mixed(4, (10_000,)), ops.SetPhotoDuration(500))
    tl = apply(tl, ops.SetTransition("none", 0))
    shorter = apply(tl, ops.SetTotalDuration(11_000))
    assert [s.duration_ms for s in shorter.segments] == [500, 500, 500, 500, 9000]


def test_a_short_clip_keeps_what_its_transitions_need_when_clips_share_little_room():
    tl = mixed(0, (500, 60_000))
    tl = apply(tl, ops.TrimClip(0, duration_ms=500))
    fitted = apply(tl, ops.SetTotalDuration(5000))
    durations = [s.duration_ms for s in fitted.segments]
    assert sum(durations) == 5000 and durations[0] >= 250  # half of the 0.5 s crossfade


def _cuts(tl: Timeline) -> list[int]:
    cuts, t = [], 0
    for seg in tl.segments:
        t += seg.duration_ms
        cuts.append(t)
    return cuts


@pytest.mark.parametrize("bpm", [120.0, 110.0, 87.0, 150.0])
def test_sync_to_beat_puts_every_cut_on_a_beat_and_the_end_on_a_bar(bpm):
    tl = mixed(4, (5000,))
    song = MediaRef("m", "audio", "song.mp3", duration_ms=60_000, has_audio=True, bpm=bpm, first_beat_ms=250.0)
    tl = apply(apply(tl, ops.AddMedia(song)), ops.SetMusic(AudioSegment("m")))
    synced = apply(tl, ops.SyncToBeat())
    beat = 60_000 / bpm
    for cut in _cuts(synced):
        k = (cut - 250) / beat
        assert abs(k - round(k)) * beat <= 1, f"a cut at {cut} ms is {abs(k - round(k)) * beat:.0f} ms off the beat"
    photo_beats = {round(s.duration_ms / beat) for s in synced.segments[1:4]}
    assert len(photo_beats) == 1 and 1 <= photo_beats.pop() <= 4, "photos 1-4 beats, all alike"
    end_beats = (synced.duration_ms - 250) / beat
    assert round(end_beats) % 4 == 0, "the video ends on a bar line"
    assert synced.segments[4].duration_ms <= 5000, "a clip never runs past its own end"
    faster = apply(apply(tl, ops.SetTransition("none", 0)), ops.SyncToBeat(beats_per_photo=1))
    assert all(abs(s.duration_ms - beat) <= 1 for s in faster.segments[1:4])
    crossfaded = apply(tl, ops.SyncToBeat(beats_per_photo=1))  # a beat shorter than its two half-fades
    assert all(s.duration_ms >= 500 for s in crossfaded.segments[1:4])


def test_sync_to_beat_needs_music_with_a_beat():
    with pytest.raises(TimelineError, match="no steady beat"):
        tl2 = apply(mixed(2, ()), ops.AddMedia(MediaRef("n", "audio", "noise.wav", duration_ms=9000, has_audio=True)))
        apply(apply(tl2, ops.SetMusic(AudioSegment("n"))), ops.SyncToBeat())
    with pytest.raises(TimelineError, match="no music"):
        apply(mixed(2, ()), ops.SyncToBeat())
