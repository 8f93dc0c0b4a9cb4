"""The conversation corpus (tests/agent/talk), scored on the timeline each case leaves. Both parts are reported in
the README's agent section; these tests only guard them against falling. The held-out part is chosen by a hash
(tests/agent/conversation.held_out) and its misses are never printed: `python -m tests.agent.conversation -v`
lists the tuned part's."""

from __future__ import annotations

from tests.agent.conversation import held_out, is_chinese, load, score

CASES = load()
TUNED = [c for c in CASES if not held_out(c)]
HELD_OUT = [c for c in CASES if held_out(c)]
# Scores when last measured (README, agent), less a margin for a change that trades one case for another.
TUNED_FLOOR = 0.92
HELD_OUT_FLOOR = 0.82


def test_the_corpus_is_large_and_half_chinese():
    assert len(CASES) >= 500
    assert sum(map(is_chinese, CASES)) / len(CASES) >= 0.40
    assert len(HELD_OUT) >= len(CASES) // 6, "about a fifth is held out"


def test_the_tuned_part_does_not_fall():
    value, failures = score(TUNED)
    assert value >= TUNED_FLOOR, f"tuned score {value:.1%}:\n" + "\n".join(failures)


def test_the_held_out_part_does_not_fall():
    value, _ = score(HELD_OUT)
    assert value >= HELD_OUT_FLOOR, f"held-out score {value:.1%} (misses are not listed: they are not to be tuned on)"
