"""The interpreter on a run of photos and video clips: trims, a clip's own sound, music ducking, moving,
removing and swapping clips (English and Chinese), and the questions it asks instead of guessing.

Each case runs the words through the rule-based interpreter, applies its edits, and checks the resulting
timeline: the run's order, each clip's in-point, duration and volume, and the music's ducking."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from photoreel.agent import Command, Edit, RuleBasedInterpreter, View
from photoreel.agent.replies import describe, question
from photoreel.agent.rules.common import nth_clip, nth_photo, photo_positions
from photoreel.errors import PhotoreelError
from photoreel.timeline import AudioSegment, ClipSegment, MediaRef, Timeline, apply, from_draft, ops, to_draft, validate

BEACH_MS, CITY_MS = 12_000, 8_000


def context(kind: str = "one") -> Timeline:
    """Photos p1-p3, clip c1 (beach.mp4, 12 s), photo p4, and with "two" a second clip c2 (city.mov, 8 s) at
    the end; "none" has no clip. Music (ducking, as by default) on all. "muted": c1 muted; "calm": no ducking."""
    tl = Timeline()
    for i in range(1, 5):
        tl = apply(tl, ops.AddMedia(MediaRef(f"p{i}", "image", f"IMG_{i}.jpg", 4000, 3000)))
    for ref in (
        MediaRef("c1", "video", "beach.mp4", 1920, 1080, duration_ms=BEACH_MS, has_audio=True, fps=30.0),
        MediaRef("c2", "video", "city.mov", 1080, 1920, duration_ms=CITY_MS, has_audio=True, fps=30.0, rotation=90),
        MediaRef("song", "audio", "lofi.mp3", duration_ms=60_000, has_audio=True),
    ):
        tl = apply(tl, ops.AddMedia(ref))
    tl = apply(tl, ops.AddPhotos(("p1", "p2", "p3")))
    if kind != "none":
        tl = apply(tl, ops.AddClip("c1"))
    tl = apply(tl, ops.AddPhotos(("p4",)))
    if kind == "two":
        tl = apply(tl, ops.AddClip("c2"))
    tl = apply(tl, ops.SetMusic(AudioSegment("song", volume=0.8)))
    if kind == "muted":
        tl = apply(tl, ops.SetClipVolume(0.0, 3))
    if kind == "calm":
        tl = apply(tl, ops.SetMusicDucking(False))
    return tl


def run(timeline: Timeline) -> str:
    """The run as words: photos by id, clips as id[in+duration@volume]."""
    return " ".join(
        f"{s.media_id}[{s.in_ms}+{s.duration_ms}@{s.volume:g}]" if isinstance(s, ClipSegment) else s.media_id
        for s in timeline.segments
    )


def say(text: str, timeline: Timeline) -> tuple[Timeline, list[Edit | Command]]:
    """Interpret and apply, as the service does; every edit must apply."""
    plan = RuleBasedInterpreter().interpret(text, View(timeline))
    assert not plan.not_understood, f"{text!r}: not understood {plan.not_understood}"
    for step in plan.steps:
        if isinstance(step, Edit):
            timeline = apply(timeline, step.op)
    return timeline, plan.steps


ONE = "p1 p2 p3 c1[0+12000@1] p4"
TWO = "p1 p2 p3 c1[0+12000@1] p4 c2[0+8000@1]"

CASES = [
    # Trims: plain lengths, the first or last seconds, a stretch by clock time or by "the n-th second".
    ("one", "trim the video to 5 seconds", "p1 p2 p3 c1[0+5000@1] p4"),
    ("one", "make the clip 4s", "p1 p2 p3 c1[0+4000@1] p4"),
    ("one", "use only the last 2 seconds of the clip", "p1 p2 p3 c1[10000+2000@1] p4"),
    ("one", "use the clip from 0:04 to 0:09", "p1 p2 p3 c1[4000+5000@1] p4"),
    ("one", "from 0:04 to 0:09", "p1 p2 p3 c1[4000+5000@1] p4"),
    ("one", "trim the clip from 0:01.5 to 0:10", "p1 p2 p3 c1[1500+8500@1] p4"),
    ("one", "cut the first 2 seconds of the video", "p1 p2 p3 c1[2000+10000@1] p4"),
    ("one", "start the clip at 0:04", "p1 p2 p3 c1[4000+8000@1] p4"),
    ("one", "trim beach.mp4 to 3 s", "p1 p2 p3 c1[0+3000@1] p4"),
    ("one", "只要视频的前3秒", "p1 p2 p3 c1[0+3000@1] p4"),
    ("one", "视频只要最后2秒", "p1 p2 p3 c1[10000+2000@1] p4"),
    ("one", "从第4秒到第9秒", "p1 p2 p3 c1[4000+5000@1] p4"),
    ("one", "视频从第四秒到第九秒", "p1 p2 p3 c1[4000+5000@1] p4"),
    ("one", "把视频剪到5秒", "p1 p2 p3 c1[0+5000@1] p4"),
    ("one", "视频只保留四秒", "p1 p2 p3 c1[0+4000@1] p4"),
    ("one", "去掉视频最后3秒", "p1 p2 p3 c1[0+9000@1] p4"),
    ("one", "视频从第3秒开始", "p1 p2 p3 c1[3000+9000@1] p4"),
    ("one", "短片从0:02到0:07", "p1 p2 p3 c1[2000+5000@1] p4"),
    # The clip's own sound.
    ("one", "mute the video", "p1 p2 p3 c1[0+12000@0] p4"),
    ("one", "turn the clip's sound down to 30%", "p1 p2 p3 c1[0+12000@0.3] p4"),
    ("one", "video sound 50%", "p1 p2 p3 c1[0+12000@0.5] p4"),
    ("one", "make the footage quieter", "p1 p2 p3 c1[0+12000@0.7] p4"),
    ("muted", "unmute the clip", ONE),
    ("one", "视频静音", "p1 p2 p3 c1[0+12000@0] p4"),
    ("one", "把视频的声音关掉", "p1 p2 p3 c1[0+12000@0] p4"),
    ("one", "视频音量调到百分之三十", "p1 p2 p3 c1[0+12000@0.3] p4"),
    ("one", "视频声音小一点", "p1 p2 p3 c1[0+12000@0.75] p4"),
    ("muted", "取消视频静音", ONE),
    ("muted", "恢复视频的原声", ONE),
    # Where the clip goes.
    ("one", "put the video first", "c1[0+12000@1] p1 p2 p3 p4"),
    ("one", "move the clip to the end", "p1 p2 p3 p4 c1[0+12000@1]"),
    ("one", "move the clip after the first photo", "p1 c1[0+12000@1] p2 p3 p4"),
    ("one", "remove the video", "p1 p2 p3 p4"),
    ("one", "swap the clip and the first photo", "c1[0+12000@1] p2 p3 p1 p4"),
    ("one", "把视频放到最前面", "c1[0+12000@1] p1 p2 p3 p4"),
    ("one", "把视频放到第2张后面", "p1 p2 c1[0+12000@1] p3 p4"),
    ("one", "删掉视频", "p1 p2 p3 p4"),
    ("one", "交换视频和第一张照片", "c1[0+12000@1] p2 p3 p1 p4"),
    # "The n-th photo" counts photos: the fourth photo sits after the clip.
    ("one", "remove the fourth photo", "p1 p2 p3 c1[0+12000@1]"),
    ("one", "删除第四张照片", "p1 p2 p3 c1[0+12000@1]"),
    ("one", "把第4张移到开头", "p4 p1 p2 p3 c1[0+12000@1]"),
    ("one", "swap the first and the last photo", "p4 p2 p3 c1[0+12000@1] p1"),
    ("one", "swap the first photo and the video", "c1[0+12000@1] p2 p3 p1 p4"),
    # "From the video", "视频里": the whole video, so the photo is what moves or goes.
    ("one", "remove the third photo from the video", "p1 p2 c1[0+12000@1] p4"),
    ("none", "remove the third photo from the video", "p1 p2 p4"),
    ("one", "move the second photo to the end of the video", "p1 p3 c1[0+12000@1] p4 p2"),
    ("one", "删除视频里的第三张照片", "p1 p2 c1[0+12000@1] p4"),
    ("one", "mute the video but keep the music", "p1 p2 p3 c1[0+12000@0] p4"),
    ("one", "视频静音但保留音乐", "p1 p2 p3 c1[0+12000@0] p4"),
    # Two clips, named by their order among the clips or by file name.
    ("two", "mute the second clip", "p1 p2 p3 c1[0+12000@1] p4 c2[0+8000@0]"),
    ("two", "put the last clip first", "c2[0+8000@1] p1 p2 p3 c1[0+12000@1] p4"),
    ("two", "swap the two clips", "p1 p2 p3 c2[0+8000@1] p4 c1[0+12000@1]"),
    ("two", "swap photo 1 and clip 2", "c2[0+8000@1] p2 p3 c1[0+12000@1] p4 p1"),
    ("two", "mute all the clips", "p1 p2 p3 c1[0+12000@0] p4 c2[0+8000@0]"),
    ("two", "city.mov from 0:01 to 0:03", "p1 p2 p3 c1[0+12000@1] p4 c2[1000+2000@1]"),
    ("two", "把第二个视频删掉", "p1 p2 p3 c1[0+12000@1] p4"),
    ("two", "第一个视频只要前2秒", "p1 p2 p3 c1[0+2000@1] p4 c2[0+8000@1]"),
    ("two", "第二个视频的声音调到50%", "p1 p2 p3 c1[0+12000@1] p4 c2[0+8000@0.5]"),
    ("two", "所有视频静音", "p1 p2 p3 c1[0+12000@0] p4 c2[0+8000@0]"),
    ("two", "把最后一个视频放到开头", "c2[0+8000@1] p1 p2 p3 c1[0+12000@1] p4"),
]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES, ids=[c[1] for c in CASES])
def test_clip_instruction_gives_the_expected_run(kind, text, expected):
    before = context(kind)
    after, steps = say(text, before)
    assert all(isinstance(s, Edit) for s in steps), steps
    assert run(after) == expected
    assert after.music == before.music, "clip edits leave the music alone"
    validate(after)


def test_cases_are_many_and_half_chinese():
    chinese = [c for c in CASES if any("\u4e00" <= ch <= "\u9fff" for ch in c[1])]
    assert len(CASES) >= 30 and len(chinese) >= len(CASES) * 0.4


@pytest.mark.parametrize(
    ("kind", "text", "duck"),
    [
        ("one", "don't duck the music", False),
        ("one", "keep the music at full volume under the clip", False),
        ("one", "不要压低音乐", False),
        ("one", "视频播放时音乐保持原音量", False),
        ("calm", "duck the music", True),
        ("calm", "lower the music while the video plays", True),
        ("calm", "视频播放时压低背景音乐", True),
    ],
)
def test_music_ducking(kind, text, duck):
    before = context(kind)
    after, steps = say(text, before)
    assert [type(s.op) for s in steps if isinstance(s, Edit)] == [ops.SetMusicDucking]
    assert after.music[0].duck is duck and after.music[0].volume == 0.8
    assert run(after) == run(before)


@pytest.mark.parametrize(
    ("text", "left"), [("mute the music", 0.0), ("静音音乐", 0.0), ("remove the music from the video", None)]
)
def test_music_words_stay_with_the_music(text, left):
    after, _ = say(text, context("one"))
    # Muted, the song stays on the timeline at 0 (so "unmute it" finds it); removed, it is gone.
    assert (after.music[0].volume if after.music else None) == left
    assert run(after) == ONE, "the clip keeps its sound"


def test_music_volume_is_not_the_clips():
    after, _ = say("set the music volume to 50%", context("one"))
    assert after.music[0].volume == 0.5 and run(after) == ONE


@pytest.mark.parametrize(
    "text",
    ["mute the video", "视频静音", "trim the clip to 3 seconds", "把视频放到最前面", "remove the video", "删掉视频"],
)
def test_the_video_with_two_clips_is_a_question(text):
    before = context("two")
    after, steps = say(text, before)
    assert steps == [Command("which-clip", ((3, "beach.mp4"), (5, "city.mov")))]
    assert after == before
    zh = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    asked = question(steps[0], zh)
    assert asked is not None and "beach.mp4" in asked and "city.mov" in asked
    assert ("哪一段视频" in asked) if zh else ("Which clip" in asked)


@pytest.mark.parametrize(
    "text", ["mute the video", "视频静音", "make the clip 4s", "只要视频的前3秒", "删掉视频", "put the video first"]
)
def test_no_clip_says_so_and_changes_nothing(text):
    before = context("none")
    after, steps = say(text, before)
    assert steps == [Command("no-clip")]
    assert after == before
    zh = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    told = question(steps[0], zh)
    assert told == (
        "时间线上没有视频片段，没有做任何修改。"
        if zh
        else "There is no video clip in the timeline, so nothing was changed."
    )


def test_a_clip_the_run_does_not_have_is_named_back():
    before = context("one")
    after, steps = say("mute the second clip", before)
    assert steps == [Command("no-clip", ((3, "beach.mp4"),))] and after == before
    assert "beach.mp4" in (question(steps[0], False) or "")
    assert "beach.mp4" in (question(steps[0], True) or "")


@pytest.mark.parametrize(
    "text",
    [
        "I want a 1 minute video",
        "视频时长改成一分钟",
        "make it a 30 second clip",
        "send me the video",
        "下载视频",
        "crossfade 1 second between clips",
        "remove the black bars from the video",
        "add the title 'Trip' over the video for 2 seconds",
    ],
)
def test_the_whole_video_is_not_a_clip(text):
    """Lengths of the whole video, exporting, transitions and titles are not clip edits."""
    plan = RuleBasedInterpreter().interpret(text, View(context("one")))
    clip_ops = (ops.TrimClip, ops.SetClipVolume, ops.RemoveSegment, ops.MoveSegment, ops.SwapSegments)
    assert not any(isinstance(s, Edit) and isinstance(s.op, clip_ops) for s in plan.steps), plan.steps
    assert not any(isinstance(s, Command) and s.name in ("which-clip", "no-clip") for s in plan.steps)


def test_photo_durations_leave_the_clip_alone():
    after, _ = say("每张2秒", context("one"))
    assert [s.duration_ms for s in after.segments] == [2000, 2000, 2000, BEACH_MS, 2000]
    after, _ = say("make the fourth photo 5 seconds", context("one"))
    assert after.segments[4].duration_ms == 5000 and after.segments[3].duration_ms == BEACH_MS


def test_nth_photo_and_nth_clip_map_to_run_positions():
    two = context("two")  # p1 p2 p3 c1 p4 c2
    assert [nth_photo(two, n) for n in (1, 2, 3, 4)] == [0, 1, 2, 4]
    assert [nth_clip(two, n) for n in (1, 2, 3)] == [3, 5, None]
    assert nth_photo(two, 5) >= len(two.segments), "a photo past the last one is no position in the run"
    assert photo_positions("swap the second photo and the fourth photo", two) == [1, 4]
    assert photo_positions("第4张和最后一个视频", two) == [4, 5]
    assert photo_positions("the last one", two) == [5]


def test_replies_describe_the_clip_edits_in_both_languages():
    cases = [
        (ops.TrimClip(3, 4000, 5000), "Clip 4 now shows 0:04–0:09 (5 s).", "第 4 段视频现在播放 0:04–0:09（5 秒）。"),
        (
            ops.TrimClip(3, 62_500, 1500),
            "Clip 4 now shows 1:02.5–1:04 (1.5 s).",
            "第 4 段视频现在播放 1:02.5–1:04（1.5 秒）。",
        ),
        (ops.SetClipVolume(0.0, 1), "Muted clip 2.", "第 2 段视频已静音。"),
        (ops.SetClipVolume(0.3, 1), "Clip 2's own sound set to 30%.", "第 2 段视频的原声调到 30%。"),
        (ops.SetClipVolume(0.0), "Muted every clip.", "所有视频已静音。"),
        (
            ops.SetMusicDucking(False),
            "The music now stays at full volume under the clips.",
            "视频播放时，背景音乐保持原音量，不再压低。",
        ),
        (
            ops.SetMusicDucking(True),
            "The music now dips while a clip's own sound plays.",
            "视频原声播放时，背景音乐会自动压低。",
        ),
    ]
    for op, en, zh in cases:
        assert describe(op, False) == en and describe(op, True) == zh


def test_replies_name_a_clip_as_a_clip_when_given_the_timeline():
    one = context("one")
    # Counted by kind, as "clip 1" and "photo 1" are read back: the clip at position 4 is the first clip.
    assert describe(ops.RemoveSegment(3), False, one) == "Removed clip 1."
    assert describe(ops.RemoveSegment(3), True, one) == "已删除第 1 段视频。"
    assert describe(ops.RemoveSegment(0), False, one) == "Removed photo 1."
    assert describe(ops.MoveSegment(3, 0), False, one) == "Moved clip 1 to position 1."
    assert describe(ops.SwapSegments(3, 0), True, one) == "已交换第 1 段视频和第 1 张照片。"
    assert describe(ops.SetPhotoDuration(4000, 3), False, one) == "Clip 1 now lasts 4 s."


WORDS = st.sampled_from(
    [
        "video",
        "clip",
        "视频",
        "第二个视频",
        "the second clip",
        "beach.mp4",
        "mute",
        "静音",
        "unmute",
        "sound",
        "30%",
        "0:04",
        "to",
        "0:09",
        "从第4秒到第9秒",
        "前3秒",
        "last 2 seconds",
        "trim",
        "move",
        "first",
        "end",
        "remove",
        "swap",
        "photo",
        "第3张",
        "and",
        "music",
        "duck",
        "不要压低音乐",
        "后面",
        "'x'",
        "，",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=10).map(" ".join), st.sampled_from(["none", "one", "two", "muted"]))
def test_clip_words_never_raise_nor_corrupt(text, kind):
    timeline = context(kind)
    plan = RuleBasedInterpreter().interpret(text, View(timeline))
    for step in plan.steps:
        for zh in (False, True):
            assert (describe(step.op, zh, timeline) if isinstance(step, Edit) else question(step, zh)) != ""
        if isinstance(step, Edit):
            try:
                timeline = apply(timeline, step.op)
            except PhotoreelError:
                continue
    validate(timeline)
    assert from_draft(to_draft(timeline)) == timeline
