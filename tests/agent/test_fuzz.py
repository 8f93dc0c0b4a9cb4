"""Whatever anyone types, the interpreter answers without raising and the timeline stays valid."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from photoreel.agent import Edit, RuleBasedInterpreter, View
from photoreel.errors import PhotoreelError
from photoreel.timeline import apply, from_draft, to_draft, validate
from tests.agent.test_corpus import context

WORDS = st.sampled_from(
    [
        "9:16",
        "2 seconds",
        "每张",
        "秒",
        "title",
        "'x'",
        "「夏」",
        "music",
        "30%",
        "remove",
        "third",
        "photo",
        "第3张",
        "undo",
        "export",
        "fade",
        "zoom",
        "and",
        "，",
        "百分之",
        "\u202e",
        "\x00",
        "🎉",
        "من",
        "\n",
    ]
)
TEXT = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=15).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from([None, "music", "title"]))
def test_any_text_never_raises_nor_corrupts(text, kind):
    timeline = context(kind)
    plan = RuleBasedInterpreter().interpret(text, View(timeline))
    for step in plan.steps:
        if isinstance(step, Edit):
            try:
                timeline = apply(timeline, step.op)
            except PhotoreelError:
                continue
    validate(timeline)
    assert from_draft(to_draft(timeline)) == timeline
