"""The words that say the last thing was wrong ("no wait", "oops", "my bad", "不对", "删错了"), in one place: the
clause splitter joins them to what follows (text.py), a correction strips them (dialogue.py), and a bare reference
is found behind them. Each of those adds the few words only it needs."""

from __future__ import annotations

# English, as alternatives to put inside a group followed by a word boundary
EN = (
    r"no+|nope|nah|wait|sorry|oops|typo|my bad|hmm+|um+|er+m*|oh|ok|okay|actually|on second thought|scratch that"
    r"|i mean|i meant|(?:i )?(?:only|just) (?:meant|wanted)|wrong (?:one|photo|picture|pic)"
)
# Chinese, as alternatives: "不对", "算了", "说错了", "删错了", and the sounds of hesitating
ZH = r"不对|不是|算了|错了|我?(?:说|搞|打|写|弄|放|选|删|挪|移|加)错了|嗯|呃|哦"
