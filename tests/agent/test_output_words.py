"""Output options in words: the values come from their one declaration, a value we do not make is answered
(not guessed), and the rest of the request still applies."""

from __future__ import annotations

from photoreel.agent import Command, Edit, RuleBasedInterpreter, View
from photoreel.agent.replies import question
from photoreel.timeline import Timeline
from photoreel.timeline.ops import SetOutput


def _steps(words: str) -> list:
    return RuleBasedInterpreter().interpret(words, View(Timeline())).steps


def test_naming_a_container_other_than_the_default_asks_for_it() -> None:
    assert _steps("turn this mp4 into a gif") == [Edit(SetOutput(format="gif"))]
    assert _steps("导出成 webm") == [Edit(SetOutput(format="webm")), Command("export")]


def test_a_frame_rate_we_do_not_make_is_answered_and_the_aspect_still_applies() -> None:
    steps = _steps("vertical at 1000 fps")
    assert steps[0] == Edit(SetOutput(aspect="9:16"))
    assert steps[1] == Command("not-offered", ((0, "fps"), (0, "1000")))
    english, chinese = question(steps[1], zh=False), question(steps[1], zh=True)
    assert english == "The frame rate can be 24, 25, 30, 50 or 60, not 1000; that was left as it is."
    assert chinese is not None and chinese.startswith("帧率只能是 24、25、30、50、60")


def test_the_tool_call_names_only_what_changes() -> None:
    assert SetOutput(aspect="9:16", fps=60).arguments() == {"aspect": "9:16", "fps": 60}
