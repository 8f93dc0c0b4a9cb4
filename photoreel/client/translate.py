"""The backend assumes a GUI; a terminal has none. Rewrite GUI phrases into what to do here (the seed's table)."""

from __future__ import annotations

import re

_RULES = (
    (
        re.compile(r"click (the )?[\"“']?export[\"”']?( button)?|press (the )?export( button)?|点击导出|点导出", re.I),
        "run `photoreel remote export`",
    ),
    (re.compile(r"(the )?export button|导出按钮", re.I), "`photoreel remote export`"),
    (re.compile(r"click (the )?\[?([\w ]+?)\]?( button)?(?=[.,;!]|$)|点击", re.I), "ask for it in words"),
    (re.compile(r"drag(ging)?( and drop)?|拖拽|拖动", re.I), 'say it in words (e.g. "move photo 3 to the start")'),
    (re.compile(r"open (the )?[\w ]*panel|打开[\w]*面板", re.I), "run `photoreel remote status`"),
    (re.compile(r"preview (it )?in the timeline|在时间线中预览", re.I), "see `photoreel remote status`"),
)


def for_terminal(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
