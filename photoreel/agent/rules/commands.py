"""Words that are commands rather than edits: undo, redo, show, export, credits, upload, help."""

from __future__ import annotations

import re

from photoreel.agent.plan import Command, Step, View
from photoreel.agent.text import Clause

_QUESTION = (
    r"^(?:is|are|does|do|did|what'?s|what|why|how (?:does|do|is)|which|should i|will it|would it|is it)\b"
    r"(?!.*\b(?:make|set|add|change|put|remove|use)\b).*$"
    # "can it go higher up": a request put as a question, unless it asks only whether ("can it be posted on ig?")
    r"|^(?:can|could) it (?:be (?:posted|uploaded|shared|used|played|sent|watched|seen)|work|handle|run|play on)\b"
    r"(?!.*\b(?:make|set|add|change|put|remove|use)\b).*$"
    r"|^(?:这个|这样|现在)?(?:能|可以)(?:直接)?(?:发|放|用).{0,10}(?:吗|么)$|^(?:是不是|有没有|为什么|什么是|哪个)"
    # "抖音用9:16对吗？": asking whether something is right, with nothing asked to be done
    r"|^(?!.*(?:帮|改|换|弄|做成|加|删|调|设|放|去掉|变成|要)).*(?:对吗|对不对|是吗|没错吧|合适吗|正确吗)[？?。!！]*$"
)
_EXCLUSIVE = (
    (
        "undo",
        r"\bundo\b|\bgo back\b(?!\s+to\s+(?!how\b|the way\b|before\b|what\b|the (?:last|previous|old)\b))"
        r"|\bctrl[\s+-]*z\b|\bput (?:it|that|them|this) back\b|\bbring (?:it|that|them) back\b"
        r"|\brevert\b|\btake (?:it|that) back\b|撤销|撤回|还原|后退一步|放回来|加回来|恢复(?:刚才|原来|回来)"
        r"|(?:^|[\s，,])恢复(?:一下)?(?:吧)?$|返回上一步"
        r"|回到上一步|\bliked it better before\b|\bchange it back\b|\bthe way it was\b|\b(?:back to )?how it was\b"
        r"|\blike (?:it was )?before\b|\bas it was\b|恢复原样|像之前那样|跟之前一样|和之前一样|回到之前"
        # "hmm no, the one before was better", "还是刚才那个好", "还是原来那样吧": the last change was worse
        r"|\bthe (?:one|way|version|value) (?:before|it was) (?:was|is) better\b"
        r"|\b(?:previous|earlier|last) one was better\b"
        r"|\bit was better before\b|还是刚才(?:那个|那样|的)好|刚才(?:那个|那样|的)更好|还是原来(?:那样|的样子|那个)"
        r"|原来(?:那样|的)更好|之前(?:那样|的)更好|之前的好"
        r"|^(?:(?:no|ok|okay|actually|hmm+)[\s,]+)*scratch (?:that|the last one|that last one|the last change)\b"
        r"|还是原来的|改回来|换回来|原来的好|(?:换|改|变|调)回原来|回到原来",
    ),
    ("redo", r"\bredo\b|重做|恢复刚才|前进一步"),
    ("credits", r"\bcredits?\b|\bbalance\b|积分|余额"),
    (
        "show",
        r"\bshow\b.*\b(timeline|tracks?|draft|project)\b|\bstatus\b|\bstate\b|状态|时间线|时间轴|查看轨道|显示轨道"
        r"|看看进度"
        # The seed's "preview in timeline": the summary, and the link of the frame at any time (the page's picture)
        r"|\bpreview\b.*\b(?:timeline|tracks?)\b|^(?:show me |let me see )?(?:a )?preview(?: it| please)?[.!?]*$"
        r"|^预览(?:一下)?[。！]*$",
    ),
    (
        "upload",
        r"^(?:how (?:do|can) i )?upload\b(?!ed)|\bhow (?:do|can) i (?:upload|add (?:photos|files))\b"
        r"|^上传|怎么上传|如何上传",
    ),
    ("help", r"^(help|\?|what can you do.*|how does this work.*)$|帮助|你能做什么|怎么用"),
    ("help", _QUESTION),  # "is this okay for TikTok?", "这个能直接发抖音吗？": a question, not a request
    # "please don't add any for now", "先别动", "音乐我晚点再选": nothing to do yet
    (
        "nothing",
        r"\b(?:don'?t|do not) (?:add|change|touch|do) (?:anything|any\b|it|that)"
        r"|\b(?:for now|not yet|later|hold on)\s*$|先别动|先别|暂时不要|暂时别|先不要|晚点再|等等再|先等等|待会再"
        # "不用加音乐", "no need to add a title": nothing to add
        r"|(?:不用|不需要|不必|无需|先不|暂时不)(?:再)?(?:加|放|配)"
        r"|\bstill deciding\b|\blet me think\b|\bthinking about it\b|\bhaven'?t decided\b|\bnot sure yet\b"
        r"|还没想好|再想想|我想想|考虑一下|^(?:其他|其它|别的|其余)(?:的)?(?:都)?(?:别动|不要动|不用动|不变|保持不变)"
        r"|\b(?:no need (?:to|for)|(?:don'?t|do not) (?:need to )?)(?:add|put in) (?:any |a |the )?"
        r"(?:music|songs?|titles?|text|captions?|filters?)\b",
    ),
)
_EXPORT = r"\bexport\b|\bdownload\b|\brender\b|send me the video|give me the (video|mp4)|导出|下载|渲染|输出视频"


def asks_only(text: str) -> bool:
    """The clause is a question about the video that asks for nothing to be done ("is this okay for TikTok?")."""
    return re.search(_QUESTION, text) is not None


# "undo twice", "撤销两步", "undo the last 3 changes": as many steps, up to a few
_TIMES = re.compile(
    r"\b(twice|two|three|thrice|[2-5])\s*(?:times|steps|changes|edits|things)?\b"
    # "undo both": both of the last changes (not "undo the change to both photos")
    r"|\b(both)(?:\s+(?:changes|edits|of them|of those))?\s*$"
    r"|([两二三四五2-5])\s*(?:步|次|下|个(?=都|一起|全))"
)
_AT_A_LEVEL = re.compile(r"\b(?:at|to)\s+\d+\s*(?:%|percent\b)|百分之|\d+\s*%")
_COUNT = {"twice": 2, "both": 2, "two": 2, "three": 3, "thrice": 3, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


def commands(clause: Clause, view: View) -> list[Step] | None:
    for name, pattern in _EXCLUSIVE:
        if name == "undo" and _AT_A_LEVEL.search(clause.text):
            continue  # "ok bring it back at 40%": back at a level is a change of it, not the last turn undone
        if re.search(pattern, clause.text):
            times = _TIMES.search(clause.text) if name in ("undo", "redo") else None
            word = next((g for g in times.groups() if g), "") if times else ""
            count = _COUNT.get(word) or (int(word) if word.isdigit() else 1)
            return [Command(name)] * count
    return None


def export(clause: Clause, view: View) -> list[Step] | None:
    return [Command("export")] if re.search(_EXPORT, clause.text) else None
