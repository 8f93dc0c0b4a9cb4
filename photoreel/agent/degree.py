"""How much: the size of a relative change ("a bit", "much", "twice as", "一点", "很多", "两倍", "one second
more"), read apart from which way it goes and what it changes, so every relative edit steps the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass

from photoreel.agent.rules.common import SECONDS
from photoreel.agent.text import NUMBER, to_number

# Factors for "up" (longer, louder, bigger); "down" uses the matching factor below 1.
SLIGHT_UP, SLIGHT_DOWN = 1.3, 0.75
PLAIN_UP, PLAIN_DOWN = 1.4, 0.7
MUCH_UP, MUCH_DOWN = 2.0, 0.5

_SLIGHT = (
    r"\ba (?:little\s+)?bit\b|\ba little\b|\blittle\b|\bslightly\b|\bsomewhat\b|\ba touch\b|\ba tad\b|\bbit\b"
    r"|\bjust a\b|\bkinda\b|一点|一些|稍微|稍稍|稍|有点|一丢丢|一丢|些许|些|一下|(?<=[大小快慢长短高低响轻])点"
)
_MUCH = (
    r"\bmuch\b|\ba lot\b|\blots\b|\bway\b|(?<!\bso )(?<!\bthus )\bfar\b"  # not "so far"
    r"|\bwhole lot\b|\bloads\b|\bwaaa*y\b|\bseriously\b|\bsuper\b"
    r"|\breally\b|很多|多很多|好多|大大|非常|特别|超级|太多|多多|很|亿点"
)
_DOUBLE = r"\btwice\b|\bdouble\b|\b2x\b|\bx2\b|两倍|一倍|翻倍|加倍|双倍"
_HALF = r"\bhalf\b|\bhalve\b|减半|一半|折半"
_TO_A_THIRD = r"\b(?:down )?to (?:a|one) third\b|(?:到|成|为)(?:原来的)?三分之一"
_BY_A_THIRD = r"\bby (?:a|one) third\b|\ba third (?:shorter|longer|less|more)\b|三分之一"
_STEP = re.compile(
    rf"(?<![\d.])({NUMBER})\s*(?:more\s+|extra\s+)?{SECONDS}(?![a-z])|\ban? (?:extra |more )?second\b|\bone second\b"
)


@dataclass(frozen=True)
class Degree:
    """A relative change: multiply by `factor`, or add `step_ms` (signed by the caller's direction)."""

    factor_up: float
    factor_down: float
    step_ms: int | None = None

    def apply(self, value: float, up: bool) -> float:
        if self.step_ms is not None:
            return value + (self.step_ms if up else -self.step_ms)
        return value * (self.factor_up if up else self.factor_down)


def degree(text: str, *, steps_in_seconds: bool = False) -> Degree:
    """The size of the change `text` asks for. With `steps_in_seconds`, "one second longer" / "多停两秒" is a
    step of that many seconds rather than a factor."""
    if steps_in_seconds:
        m = _STEP.search(text)
        if m:
            value = to_number(m.group(1)) if m.group(1) else 1.0
            if value is not None and value > 0:
                return Degree(1.0, 1.0, round(value * 1000))
    if re.search(_DOUBLE, text):
        return Degree(2.0, 0.5)
    if re.search(_TO_A_THIRD, text):
        return Degree(3.0, 1 / 3)  # "缩短到原来的三分之一", "down to a third"
    if re.search(_BY_A_THIRD, text):
        return Degree(4 / 3, 2 / 3)  # "cut the runtime by a third"
    if re.search(_HALF, text):
        return Degree(1.5, 0.5)  # "长一半" is half as long again; "短一半", "half as long" half
    if re.search(_MUCH, text) and not re.search(r"\bnot (?:too |that )?much\b|\btoo much\b|太多了", text):
        return Degree(MUCH_UP, MUCH_DOWN)
    if re.search(_SLIGHT, text):
        return Degree(SLIGHT_UP, SLIGHT_DOWN)
    return Degree(PLAIN_UP, PLAIN_DOWN)


def is_half(text: str) -> bool:
    return re.search(_HALF, text) is not None
