"""Text a person wants on screen, written without quotes: "add a title that says Welcome Home", "caption: Day
one", "字幕：第一天", "put Merry Christmas over the first photo", "rename the title to Best Trip Ever", "把标题换成
海边之旅". Lifted out of the message before it is lower-cased and split, exactly as typed, so the rules see it as
they see quoted text."""

from __future__ import annotations

import re

_TEXT_NOUN = r"(?:title|caption|subtitle|heading|headline|banner|text|words?)"
# Where unquoted text stops: the end of a sentence, a new request, or where to put it.
_STOP = (
    r"(?=\s*(?:[,.;!?，。；！？\n]|$)"
    # (lower case only: "Sunset Over Lagos" is a title's own words)
    r"|\s+(?-i:and|then|also|plus|with|in|for|at|on|over|across|onto|under|near|during|from|to|as|"
    r"in (?:big|small|large|white|black|red|yellow|blue|green|gold|pink)|please|thanks?|thank you)\b"
    r"|\s+(?:on|over|across) (?:the |photo|picture|pic|image|slide|it|top|bottom)"
    r"|然后|并且|同时|另外|放在|放到|在第|显示在|，|。|吧$|吧[，。！]|$"
    # "字幕改成 Day 1 音乐关了": a space, then the next request in Chinese
    r"|\s+(?=(?:音乐|背景音乐|bgm|BGM|视频|照片|转场|标题|字幕|滤镜|每张)\S*?(?:关|删|去掉|不要|换|改|调|加|放|小"
    r"|大|快|慢))"
    # "加个标题 生日快乐 最后一张再加个字幕 …", "标题 我们的旅行 黄色 放上面": a space, then a photo, a colour or a verb
    r"|\s+(?=(?:第[一二三四五六七八九十\d]+张|最后一张|头一张|每张|所有|全部|再|把|给|颜色|字体|字号|放|挪|移|改|换|调|删"
    r"|去掉|用|(?:红|黄|白|蓝|绿|黑|粉|紫|橙|金|灰)色)))"
)
# A softer end for a name that follows its noun ("a title Trip to Japan"): only where it is put, or a new request.
_SOFT_STOP = (
    r"(?=\s*(?:[,.;!?，。；！？\n]|$)|\s+(?:and|then|also|plus|please|thanks?)\b"
    r"|\s+but (?:it|that|this|i)\b"  # "the title says Summer Trip but it should be …"
    r"|\s+(?:on|over|for|at|across)\s+(?:the\s+)?(?:first|second|third|fourth|fifth|last|photo|picture|pic|image|slide"
    r"|end|start|beginning|it)\b|\s+for\s+(?:\d|the first|the last|a few|\w+ seconds)"
    # "on the green photo": a photo described; "at the top" only where the sentence ends, since "me at the top
    # of the mountain" is the caption itself
    r"|\s+(?:on|over|across)\s+the\s+(?:\w+\s+){1,2}(?:photo|picture|pic|image|slide|one|shot)s?\b"
    r"|\s+(?:at|on|in)\s+(?:the\s+)?(?:top|bottom|middle|cent(?:er|re))(?:\s+of\s+the\s+(?:screen|frame|video))?"
    r"\s*(?:[,.;!?]|$)"
    r"|\s+in (?:big|large|small|bold|white|yellow|red|black|gold|blue|pink)\b)"
)
_EN = (
    # "a title that says X", "a caption saying X", "text reading X", "a banner with the words X"
    (
        rf"\b{_TEXT_NOUN}\b[^,.;!?]{{0,40}}?\b(?:that |which )?"
        rf"(?:says?|saying|reads?|reading|with the words?|with the text)\s+(?P<t>.+?){_SOFT_STOP}"
    ),
    # "title: X", "caption - X"
    rf"\b{_TEXT_NOUN}\b[^:：§]{{0,40}}?[:：]\s*(?P<t>.+?){_SOFT_STOP}",
    rf"\b{_TEXT_NOUN}\s*[\-–]\s*(?P<t>.+?){_STOP}",
    # "add a title Summer in Greece": a capitalised (or Chinese) name right after the noun
    rf"\b(?:add|put|give|want|use|insert|with)\s+(?:a |an |the |my |another |one more |a second )?{_TEXT_NOUN}\s+"
    rf"(?P<t>(?-i:[A-Z])[^,.;!?]*?|[\u4e00-\u9fff][^,.;!?，。]*?){_SOFT_STOP}",
    # "rename the title to X", "change the caption to X", "make the title say X", "make it say X"
    rf"\b(?:rename|retitle|change|switch|replace|update|set"
    rf"|edit)\b[^,.;!?]{{0,25}}?\b{_TEXT_NOUN}\b\s*(?:text\s+)?(?:to|with|into|as)\s+(?P<t>.+?){_STOP}",
    rf"\bmake (?:it|that|the {_TEXT_NOUN}) (?:say|read)\s+(?P<t>.+?){_STOP}",
    # "… but it should be Summer Trip 2024", "it should read Happy Birthday Mom"
    rf"\b(?:it|that|this|the {_TEXT_NOUN}) should (?:say|read|be)\s+"
    rf"(?P<t>(?-i:[A-Z0-9])[^,.;!?]*?|[\u4e00-\u9fff][^,.;!?，。]*?){_STOP}",
    # "and Day 2 on the third one" right after a caption on a photo: more words, capitalised, for another photo
    r"^(?:and|also|plus|then)\s+(?P<t>(?-i:[A-Z])[^,.;!?]{0,40}?)(?=\s+(?:on|over|for)\s+(?:the\s+(?:\w+\s+)?(?:one"
    r"|photo|picture|pic|slide)|photo\s+\d|the (?:first|second|third|fourth|fifth|last)\b))",
    # "change the title to Summer 24 and the caption to Lisbon": the second text's new words, its verb left out
    rf"\b(?:change|rename|switch|set|update)\b.*?\band (?:the |its )?{_TEXT_NOUN}\s+(?:to|into|as)\s+"
    rf"(?P<t>(?-i:[A-Z0-9])[^,.;!?]*?|[\u4e00-\u9fff][^,.;!?，。]*?){_STOP}",
    # "typo, should be Summer 2025" right after a title: the words, with no "it" before them (a capital or Chinese
    # first, so "should be 5 seconds" stays a length)
    r"(?:^|[,.;!?]\s*)(?:(?:oops|typo|sorry|no|wait|actually|my bad|argh|ugh)[,\s]+)*should (?:say|read|be)\s+"
    rf"(?P<t>(?-i:[A-Z])[^,.;!?]*?|[\u4e00-\u9fff][^,.;!?，。]*?){_STOP}",
    # "can the title say 生日快乐 instead"
    rf"\b(?:can|could|should|let) the {_TEXT_NOUN} (?:say|read)\s+(?P<t>.+?)(?:\s+instead)?{_STOP}",
    # "no wait, make it Rome": a capitalised name after "make it" is words to show, not a setting
    r"\b(?:make it|make that|call it|change it to|i meant|i mean|rename it(?: to)?|actually)"
    r"\s+(?P<t>(?-i:[A-Z])[^,.;!?]*?)" + _SOFT_STOP,
    # "title it Road Trip 2024", "name the video Our Summer"
    rf"\b(?:title|name|call)\s+(?:it|the video|the movie|this|the slideshow)\s+"
    rf"(?P<t>(?!(?:a|an|the|something)\b).+?){_SOFT_STOP}",
    # "end with thanks for watching on the final photo", "open with Welcome"
    r"\b(?:end|finish|close|open|start|begin)\s+(?:it\s+|the video\s+)?with\s+(?:the\s+(?:words?|text)\s+)?"
    r"(?P<t>(?!(?:the|a|an|my|some|music|photo|picture|the|that|this|it|fade|black)\b)[^,.;!?]+?)"
    r"(?=\s+(?:on|over|at|across)\s+(?:the\s+)?(?:final|last|end|first|opening)\b|\s*(?:[,.;!?]|$))",
    # "a title called X", "a caption of X"
    rf"\b(?:add|put|give|want|need|include|use|insert)\b[^,.;!?]{{0,20}}?\b{_TEXT_NOUN}\s+(?:called|named|of"
    rf"|like)\s+(?P<t>.+?){_STOP}",
    # "put X over the first photo", "write X at the end", "add X as a caption", "type X on it"
    rf"\b(?:put|write|type|stick|place|add|overlay)\s+(?!(?:a|an|the|some|my|music|it|this|that"
    rf"|them)\b)(?P<t>[^,.;!?]+?)"
    rf"\s+(?:over|on|across|onto|at|in (?:big|large|small|bold|white|yellow|red|black|gold)|as a {_TEXT_NOUN}"
    rf"|as the {_TEXT_NOUN}|as {_TEXT_NOUN}|as a title|as title)\b",
    # "add the text 50% off this weekend only along the bottom"
    r"\badd (?:the |a |some )?(?:text|words?)\s+(?P<t>(?!that\b|saying\b|which\b|bigger\b|smaller\b)[^,.;!?]+?)"
    r"(?=\s+(?:along|at|on|in|to|across)\s+the\b|\s*(?:[,.;!?]|$)|\s+(?:and|then)\b)",
)
_ZH = (
    r"(?:字幕|标题|文字|大标题|副标题|一行字|几个字|字)\s*[:：]\s*(?P<t>.+?)" + _STOP,
    r"(?:字幕|标题|文字)\s*(?:叫|是|为|写|写上|写着|内容是|改成|换成|改为|改叫|变成)\s*[:：]?\s*(?P<t>.+?)" + _STOP,
    r"(?:加|添加|加上|配|放)\s*(?:个|一个|一行|一句|上)?\s*(?:标题|字幕|文字)\s+(?P<t>.+?)" + _STOP,
    r"(?:加|添加|加上)\s*(?:个|一个)?\s*(?:标题|字幕)\s*(?:叫)?(?P<t>[^\s，。；！？,.;!?§:：]{2,}?)" + _STOP,
    r"^(?:不对[，,]?\s*)?(?:改成|换成|改为|改叫)\s+(?P<t>.+?)" + _STOP,
    # (not "背景音乐也加上 用欢快一点的": what is added there is the music)
    r"(?<!音乐)(?<!音乐也)(?<!歌)(?<!歌也)(?<!转场)(?<!滤镜)"
    r"(?:配|加|写|打)(?:个|上|一个|一行|一句)?(?:字|文字|字幕|标题)?\s+(?P<t>[^\s，。；！？,.;!?§]+)" + _STOP,
    r"(?:写上|写个|写一句|写(?![错得的好反])|打上|加上文字)\s*[:：]?\s*(?P<t>[^，。；！？,.;!?\s]+?)"
    + r"(?=吧|$|[，。；！？,.;!?]|\s|然后)",
)
_EN_RE = [re.compile(p, re.IGNORECASE) for p in _EN]
_ZH_RE = [re.compile(p) for p in _ZH]
# What a lifted phrase must not be: a request rather than words to show.
_NOT_TEXT = re.compile(
    r"^(?:it|this|that|them|one|some|something|bigger|smaller|larger|yellow|white|red|blue|green|black|higher|lower|"
    r"up|down|top|bottom|center|centre|left|right|music|a|an|the|back|first|last|longer|shorter|"
    r"大|小|大一点|小一点|上面|下面|红色|黄色|白色|蓝色|绿色|黑色|上|下|中间|一下|它|这个|那个)$"
    r"|^(?:背景音乐|音乐|bgm|转场|滤镜|特效|动效|music|transitions?|filters?)"
    r"|^(?:tik ?tok|instagram|insta|youtube|reels?|shorts|vertical|square|portrait|landscape|widescreen)\b"
    r"|^(?:ken ?burns|zoom|(?:cross)?fades?|black and white|sepia|slow motion|pan)\b"
    r"|^用\S{0,6}(?:一点|一些|的)$"  # "用欢快一点的": which to use, not words to show
    r"|^(?:红|黄|白|蓝|绿|黑|粉|紫|橙|金|灰)色?(?:的|哒|滴|吧|呀|啊|哦)*$|^(?:红|黄|白|蓝|绿|黑|粉|紫|橙|金|灰)色(?:的)?\s"
    r"|^(?:大|小|粗|细)(?:一?点|些)?(?:的|哒|吧)?$",
    re.IGNORECASE,
)


def lift_unquoted(message: str, placeholder: str, quotes: list[str]) -> str:
    """Replace each unquoted on-screen text in `message` with `placeholder.format(k)`, appending it to `quotes`
    (up to MAX_LIFTED; text already in quotes stays as it was lifted)."""
    for _ in range(MAX_LIFTED):
        lifted = _lift_one(message, placeholder, quotes)
        if lifted is None:
            break
        message = lifted
    return message


MAX_LIFTED = 3  # "a caption on the first photo saying Day one, and a title Our Trip"


def _lift_one(message: str, placeholder: str, quotes: list[str]) -> str | None:
    for pattern in (*_EN_RE, *_ZH_RE):
        for m in pattern.finditer(message):
            words = m.group("t").strip().strip("\"'“”「」『』").strip()
            words = re.sub(
                r"\s*(?:please|pls|thanks?|thank you|instead|吧|呀|啊|哦|哈)\s*$", "", words, flags=re.IGNORECASE
            ).strip()
            if not words or _NOT_TEXT.match(words) or len(words) > 120 or "§" in words:
                continue
            quotes.append(words)
            start, end = m.span("t")
            return message[:start] + " " + placeholder.format(len(quotes) - 1) + " " + message[end:]
    return None
