"""Words for colour looks, EN and ZH, judged on the timeline they leave."""

import pytest

from photoreel.agent import View
from photoreel.agent.interpreter import RuleBasedInterpreter
from photoreel.agent.plan import Edit
from photoreel.timeline import MediaRef, Timeline, apply, ops


def _say(text: str) -> Timeline:
    tl = Timeline()
    for i in range(3):
        tl = apply(tl, ops.AddMedia(MediaRef(f"p{i}", "image", f"IMG_{i}.jpg", 400, 300)))
    tl = apply(tl, ops.AddPhotos(("p0", "p1", "p2")))
    for step in RuleBasedInterpreter().interpret(text, View(tl, "en")).steps:
        if isinstance(step, Edit):
            tl = apply(tl, step.op)
    return tl


@pytest.mark.parametrize(
    ("text", "look"),
    [
        ("make it black and white", "bw"),
        ("b&w please", "bw"),
        ("黑白", "bw"),
        ("做成黑白的", "bw"),
        ("sepia", "sepia"),
        ("像老照片一样", "sepia"),
        ("vintage look", "vintage"),
        ("复古一点", "vintage"),
        ("warmer colours", "warm"),
        ("暖色调", "warm"),
        ("make it cooler", "cool"),
        ("冷色", "cool"),
        ("more colourful", "vivid"),
        ("颜色鲜艳一点", "vivid"),
        ("less saturated", "faded"),
        ("faded film look", "faded"),
        ("cinematic", "cinematic"),
        ("要有电影感", "cinematic"),
        ("remove the filter", "none"),
    ],
)
def test_the_look_words_set_the_videos_look(text, look):
    tl = _say(text)
    assert tl.look == look
    if look == "cinematic":
        assert {s.transition.name for s in tl.segments} == {"fadeblack"}


def test_a_named_photo_gets_its_own_look():
    tl = _say("make the second photo black and white")
    assert tl.look == "none" and [s.look for s in tl.segments] == [None, "bw", None]


def test_retro_music_is_music_not_a_look():
    assert _say("复古的音乐").look == "none"


@pytest.mark.parametrize(
    ("text", "look"),
    [
        ("remove the black and white", "none"),
        ("去掉黑白滤镜", "none"),
        ("less vivid", "faded"),
        ("too saturated", "faded"),
    ],
)
def test_taking_a_look_away_or_toning_it_down_is_not_applying_it(text, look):
    assert _say(text).look == look
