"""Relative edits: "slow it down a little", "quicker cuts", "视频再短一点", "turn the music down a bit", "字再大点",
"twice as long", "one second more on the third photo". Which way and how much are read apart from what changes
(agent/degree.py), so every attribute steps the same way; the result stays within limits and the reply says what
it was. Lowering, shortening or resizing something that is not there changes nothing and says so."""

from __future__ import annotations

import re

from photoreel.agent.degree import MUCH_UP, degree
from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import (
    SOFTLY,
    VALUE_COMPLAINED,
    clip_indexes,
    clip_name_mentions,
    mentions,
    one_of_several_texts,
    photo_indexes,
)
from photoreel.agent.rules.music import both_sounding
from photoreel.agent.text import NUMBER, Clause
from photoreel.timeline import ClipSegment
from photoreel.timeline.ops import (
    SetClipVolume,
    SetMusicVolume,
    SetPhotoDuration,
    SetTotalDuration,
    TrimClip,
    UpdateText,
)

MIN_PHOTO_MS, MAX_PHOTO_MS = 500, 60_000
MIN_VIDEO_MS, MAX_VIDEO_MS = 1000, 30 * 60_000
MIN_VOLUME, MAX_VOLUME = 0.05, 2.0
MIN_TEXT, MAX_TEXT = 0.04, 0.25
BIGGER_TEXT, MUCH_BIGGER_TEXT = 0.1, 0.14  # at least this after "bigger" / "much bigger" (a title is 0.08)

# Complaints name the opposite change: "it goes by too fast" asks for longer photos.
_TOO_FAST = (
    r"\btoo (?:fast|quick|rushed|short)\b|\bgo(?:es)? by too\b|\brushed\b|太快|太短|太赶|看不清"
    r"|\bover before\b|\bbefore (?:i|we|you) can (?:see|look)\b|\bmore screen time\b|\bmore time on screen\b"
    r"|还没看清|没看清就|一闪而过|闪过去"
)
# "my grandma won't be able to read that": text too small to read, said of the text
_CANT_READ = (
    r"\bcan'?t see (?:the )?(?:small |tiny )?(?:text|words|writing|letters|titles?|captions?)\b"
    r"|\b(?:can|could) (?:barely|hardly) (?:see|read) (?:the )?(?:text|words|writing|letters|titles?|captions?)\b"
    r"|\bcan'?t read\b|\bwon'?t be able to read\b|\bhard to read\b|\bcan'?t make out the (?:words|text|letters)\b"
    r"|看不清(?:这|那)?(?:个|些)?字|字.{0,4}看不清|看不清楚字"
)
_TOO_SLOW = (
    r"\btoo (?:slow|long)\b|\bnot (?:be )?so long\b|\bnot so slow\b|\bsluggish\b|\bdrags?\b|\bdragging\b|\bboring\b"
    r"|\b(?:goes|go|going|went) on (?:forever|and on)\b|\btakes? forever\b|\blasts? forever\b|\bendless\b"
    r"|太慢|太长|太拖|拖沓|拖了|没完没了|好久都不换"
)
_ZH_MORE = (
    r"(?:再|更|稍微?|有点|还要)\s*{0}|{0}\s*(?:一点|点|些|一些|很多|多了|得多|一倍|两倍|一丢丢|一丢|一会|亿点|一半)"
)
_SLOWER = (
    r"\bslow(?:er|ly)?\b|\bslow\w* (?:\w+ )?down\b|\brelaxed\b|\bunhurried\b|\bleisurely\b|放慢|慢下来"
    # "想要那种安安静静、慢慢的感觉": a slow feeling asked for
    r"|慢慢的?(?:感觉|节奏|氛围)|慢节奏|节奏慢|" + _ZH_MORE.format("慢")
)
_FASTER = (
    r"\bfast(?:er)?\b|\bquick(?:er)?\b(?! (?:one|question|thing|favou?r|request|note|check)\b)"
    r"|\bspeed\w* (?:\w+ )?up\b|\bsnapp(?:y|ier)\b|\bbrisk\w*\b|\bpick up the pace\b"
    r"|\bpacier\b|\bpunchier\b|\btighter\b|加快|紧凑|" + _ZH_MORE.format("(?<![欢轻愉畅凉爽痛])快")
)
_LONGER = (
    r"\blonger\b|\blengthen\b|\bextend\b|\bstretch\b|\bmore time\b|\blinger\b|\bstay\w* longer\b|\btwice as long\b"
    # "i want people to really take it in": time to look at it
    r"|\b(?:take|soak) (?:it|this|that) (?:all )?in\b|\bsavou?r (?:it|this|that)\b|\bsee it properly\b"
    r"|延长|拉长|多停|多放|多留|多显示|多一会|停久|" + _ZH_MORE.format("长") + "|" + _ZH_MORE.format("久")
)
_SHORTER = (
    r"\bshorter\b|\bshorten\b|\btrim\w*\b|\bcut (?:it |that |this |them |these |those )?down\b"
    r"|\bcut\b.{0,24}\bby (?:a|one|half)\b|\bless time\b|\bcondense\b|\bquicker\b"
    r"|\bshave\b|\bhalf as long\b|缩短|缩减|剪短|少停|少放|少一点时间|减少|" + _ZH_MORE.format("短")
)
_MORE = r"\bmore\b|\bagain\b|\beven\b|多|再来|加|增加|提高"
_LESS = r"\bless\b|\bfewer\b|少|减|降低"
_LOUDER = (
    r"\blouder\b|\bhigher\b|\bturn\w* (?:\w+ ){0,3}up\b|\bup the (?:music|volume)\b|\bboost\b|\braise\b"
    r"|\btoo (?:quiet|soft|low)\b"
    r"|(?:\bcan'?t hear\b|\b(?:could|can) (?:barely|hardly) hear\b)"
    r"(?!.*\b(?:over|above|because of|for|under)\s+(?:the\s+)?(?:music|song|bgm)\b)"
    r"|大声|调大|调高|提高|响一点|响点|太小声|听不到|听不清"
    r"|听不见|大点声|声音大|(?:再|更|稍微)高"
    r"|高一点"
)
_QUIETER = (
    r"\bquieter\b|\bsofter\b|\blower\b|\bturn\w* (?:\w+ ){0,3}down\b|\btoo (?:loud|noisy)\b|\bdrown\w*\b"
    r"|\boverpower\w*\b|\bdial\w* (?:\w+ ){0,3}back\b|\bdown\b"
    # "can't hear the waves over the music": the music drowns the rest out
    r"|\bhear\b.*\b(?:over|above|because of|for|under)\s+(?:the\s+)?(?:music|song|bgm)\b"
    r"|小声|调小|调低|降低|轻一点|轻点|太吵|太大声|声音太大|声音有点大|吵|太响|声音小|减半|\bhalve\b|盖住|盖过|压过|淹没|(?:再|更"
    r"|稍微)低|低一点|低点"
)
_VOLUME_WORD = r"\bvolume\b|\bloud\w*\b|\bquiet\w*\b|\bsoft\w*\b|\bsound\b|\bnoisy\b|音量|声音|声|吵|响"
_BIGGER = (
    r"\bbigger\b|\blarger\b|\bhuge\b|\benlarge\b|\bgrow\b|\btoo small\b|\bbig\b|\blarge\b|放大|变大|调大|太小|"
    r"\bsize (?:it )?up\b|\bup the size\b|\bbump (?:up )?the size\b|\bsize bump\b|" + _ZH_MORE.format("大")
)
_SMALLER = (
    r"\bsmaller\b|\btiny\b|\bshrink\b|\btoo big\b|\btoo large\b|\bsmall\b|缩小|变小|调小|太大|"
    # "the title is literally shouting at me", "字大得吓人": too big, said as a feeling
    r"\b(?:shouting|screaming|yelling)\b|\bin my face\b|\btakes? up (?:the whole|half the|too much)\b|\bway too much\b"
    r"|大得(?:吓人|离谱|夸张)|太抢眼|占了半个屏|" + _ZH_MORE.format("小")
)
_MUSIC_NOUN = r"\bmusic\b|\bsong\b|\bbgm\b|\bsoundtrack\b|\btrack\b|\btune\b|音乐|歌|配乐|背景乐|bgm"
_CLIP_NOUN = (
    r"\bclips?\b|\bfootage\b|\bvid\b|\bvideo'?s (?:own )?(?:sound|audio|volume)\b"
    r"|原声|视频(?:的)?(?:声音|原声|音量)|片段|那段|这段|段视频"
)
_CLIP_SOUND = (
    r"\bclip'?s? (?:own )?(?:sound|audio|volume)\b|\bvideo'?s (?:own )?(?:sound|audio|volume)\b"
    r"|原声|视频(?:的)?(?:声音|音量)"
)
_TEXT_NOUN = r"\btext\b|\btitles?\b|\bcaptions?\b|\bfont\b|\bletters\b|\bwords\b|\bsubtitles?\b|字|标题|文字|字体"
_PHOTO_SCOPE = (
    r"\beach\b|\bevery\b|\bper\b|\ball (?:the )?(?:photos|pictures|pics|images|slides)\b|\bphotos\b|\bpictures\b"
    r"|\bslides\b|\bpics\b|\bimages\b|\bpace\b|\bcuts?\b|\btempo\b|\bspeed\b|\bslideshow\b"
    r"|每张|每一张|每幅|每个|照片|图片|节奏|切换|都"
)
_TOTAL_SCOPE = (
    r"\bvideo\b|\bmovie\b|\bwhole\b|\boverall\b|\btotal\b|\bentire\b|\blength\b|\breel\b|\brun ?time\b|\bduration\b"
    r"|视频|整体|总|整个|全片|时长|视屏"
)
# Other rules' words: a transition or a motion that is slower, a look that is a bit more vivid.
_NOT_OURS = (
    r"\btransitions?\b|\bfades?\b|\bcrossfades?\b|\bzoom\w*\b|\bpan\w*\b|\bken burns\b|\bmotion\b|\bcolou?rs?\b"
    r"|\bbright\w*\b|\bcontrast\b|\bsaturat\w*\b|\bvivid\b|\bwarm\w*\b|\bbeats?\b|\bfade[\s-]*(?:in|out)\b"
    r"|\bwhile (?:the )?(?:video|clip|footage)\b|\bduck\w*\b|\bduring (?:the )?(?:video|clip)s?\b"
    r"|转场|过渡|动效|缩放|颜色|色彩|亮度|对比|饱和|卡点|淡入|淡出|滤镜|视频播放时|播放视频时"
)
# An absolute target is the timing, music or text rules' ("shorten it to 10 seconds", "music down to 30%").
_ABSOLUTE = re.compile(
    rf"\bto\s+(?:{NUMBER})\s*(?:s|sec|secs|seconds?|%|percent|min|minutes?)\b|(?:到|成|为)\s*(?:{NUMBER})\s*(?:秒|%|分)"
    r"|(?<!by )\d+\s*%|百分之"
    # "lower the music volume to like 60": a level without its sign
    r"|\b(?:volume|music)\b.{0,12}\bto\s+(?:like |about |around |maybe |roughly )?\d{1,3}\b(?!\s*(?:s\b|sec|seconds?))"
)


_LENGTH = re.compile(
    rf"(?<![\d.])(?:{NUMBER})\s*(?:s|sec|secs|seconds?|ms|min|mins|minutes?|秒|分钟)(?![a-z])|\d+:\d\d"
)
_BY_STEP = re.compile(
    rf"(?:{NUMBER})\s*(?:s|sec|secs|seconds?|秒)\s*(?:longer|shorter|more|less|faster|slower)\b"
    rf"|\bby\s+(?:{NUMBER})\s*(?:s|sec|secs|seconds?)"
    rf"|(?:长|短|多|少|快|慢)\s*(?:{NUMBER})\s*秒"
)


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def relative(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    complained = VALUE_COMPLAINED.search(text)
    if complained is not None:  # "每张照片3秒太长了": the complaint, without the length it has now
        text = (
            text[: complained.start()]
            + text[complained.end("value") if complained.group("value") else complained.end("value2") :]
        )
    if _has(_NOT_OURS, text) or _ABSOLUTE.search(text) or (_has(BOUND, text) and _LENGTH.search(text)):
        return None
    if _LENGTH.search(text) and not (_STEP_UP.search(text) or _STEP_DOWN.search(text) or _BY_STEP.search(text)):
        return None  # "trim the clip to 0:10", "make the third photo 5 seconds": a length, not a change
    timeline = view.timeline
    if not timeline.music and SOFTLY.search(text) and re.search(r"\b(?:use|add|put|play)\b|加|用|放", text):
        return None  # "use my song but not too loud": music to add, softly (rules/music.py), not a lowering
    subject = view.memory.subject
    music_noun, clip_noun, text_noun = _has(_MUSIC_NOUN, text), _has(_CLIP_NOUN, text), _has(_TEXT_NOUN, text)

    # Loudness: the music's, or a clip's own sound.
    louder, quieter = _has(_LOUDER, text), _has(_QUIETER, text)
    about_volume = _has(_VOLUME_WORD, text) or music_noun or (subject == "music" and not text_noun)
    if (louder or quieter) and about_volume and not (text_noun and not music_noun):
        both = both_sounding(view)
        if both is not None and not (music_noun or clip_noun) and subject not in ("music", "clip"):
            return [both]  # "turn it down a bit, too loud" with the music and a clip's sound both heard: which?
        if (clip_noun and (_has(_CLIP_SOUND, text) or not music_noun)) or (subject == "clip" and not music_noun):
            return _clip_volume(view, text, up=louder and not quieter)
        return _music_volume(view, text, up=louder and not quieter)
    bigger, smaller = _has(_BIGGER, text), _has(_SMALLER, text)
    if music_noun and (bigger or smaller) and not text_noun:  # 音乐再大一点: louder
        return _music_volume(view, text, up=bigger)
    if music_noun or clause.quote() is not None:
        return None  # the music's mood or fades, or a new text: other rules'

    if timeline.texts and _has(_CANT_READ, text) and not music_noun:
        return _text_size(view, text, up=True)
    # Size of a title or caption.
    if (bigger or smaller) and (text_noun or subject in ("title", "caption", "text")) and not music_noun:
        if _has(_LONGER + "|" + _SHORTER, text) and not text_noun:
            pass  # "longer" after a title is about time, read below
        else:
            return _text_size(view, text, up=_text_up(text, bigger, smaller))

    # Time: photos (pace) or the whole video (length), or a clip's length.
    up = _direction(text, subject)
    if up is None:
        return None
    if text_noun:
        return None  # a title shown longer is the text rules' ("keep the title on for longer")
    named = [m for m in mentions(text, timeline) if m.index is not None]
    clip_noun = clip_noun or bool(clip_name_mentions(text, clause.quotes, timeline))  # "the beach video is too long"
    if clip_noun and not named:
        return _clip_length(view, text, up)
    pace = _has(_SLOWER + "|" + _FASTER + "|" + _TOO_FAST + "|" + _TOO_SLOW, text)
    if named:
        return _photo_durations(view, text, up, [m.index for m in named if m.index is not None])
    if _has(_PHOTO_SCOPE, text) or (pace and not _has(_TOTAL_SCOPE, text)) or subject == "photo":
        return _photo_durations(view, text, up, None)
    if subject == "clip":
        return _clip_length(view, text, up)
    return _total(view, text, up)


_STEP_UP = re.compile(
    rf"\badd(?:ing)?\s+(?:an? |another |{NUMBER}\s*)?(?:extra\s+|more\s+)?(?:s|sec|secs|seconds?)\b"
    rf"|(?:{NUMBER}|an?)\s*(?:more|extra)\s*(?:s|sec|secs|seconds?)\b"
    rf"|(?:{NUMBER})\s*(?:s|sec|secs|seconds?)\s+(?:more|extra|longer)\b"
    rf"|(?:加|多|延长|增加)\s*(?:停|放|显示|留|播)?\s*(?:{NUMBER})\s*秒"
)
_STEP_DOWN = re.compile(
    rf"\b(?:shave|take|knock|cut|trim)\s+(?:an? |{NUMBER}\s*)?(?:s|sec|secs|seconds?)\s+off\b"
    rf"|(?:{NUMBER})\s*(?:s|sec|secs|seconds?)\s+(?:less|shorter)\b"
    rf"|(?:减|少|缩短|减少|减掉)\s*(?:停|放|显示|播)?\s*(?:{NUMBER})\s*秒"
)
# "no longer than 10 s", "at least 20 seconds", "不要超过12秒": bounds are the timing rule's.
BOUND = (
    r"\bno (?:longer|more|shorter|less) than\b|\bunder\b|\bless than\b|\bat most\b|\bat least\b|\bmax(?:imum)?\b"
    r"|\bmin(?:imum)?\b|\bwithin\b|\bshorter than\b|\blonger than\b|\bmore than\b|\bnot (?:longer|more) than\b"
    r"|\bup to\b|\bor less\b|\bor (?:more|longer)\b|\btops\b"
    r"|不要超过|不超过|别超过|以内|之内|最多|至少|起码|不少于|不低于|不能超过|不得超过|以上|以下"
)


def _text_up(text: str, bigger: bool, smaller: bool) -> bool:
    """Bigger or smaller; a complaint names the opposite ("字幕太小了" asks for bigger text)."""
    if _has(
        r"\btoo (?:small|tiny)\b|\b(?:is|its|it'?s|so|looks|really|super) (?:so |really )?tiny\b"
        r"|太小|(?<![缩变调])小了",
        text,
    ):
        return True
    if _has(r"\btoo (?:big|large|huge)\b|太大|(?<![放变调])大了", text):
        return False
    return bigger and not (smaller or _has(r"\btiny\b", text))


def _direction(text: str, subject: str) -> bool | None:
    """True for longer (slower), False for shorter (faster), None when the clause asks neither."""
    if _STEP_UP.search(text):
        return True
    if re.search(r"\btwice as long\b|\bdouble\b|翻倍|加倍|长一倍|慢一倍|两倍", text):
        return True
    if re.search(r"\bhalf as long\b|\bhalve\b|减半|短一半|快一倍", text):
        return False
    if _STEP_DOWN.search(text):
        return False
    if _has(_TOO_FAST, text):
        return True
    if _has(_TOO_SLOW, text):
        return False
    if _has(_SLOWER, text) and not _has(r"\bslowly\b", text):
        return True
    if _has(_FASTER, text):
        return False
    if _has(_SHORTER, text):
        return False
    if _has(_LONGER, text):
        return True
    # "a bit more" / "再多一秒" only after a duration was set: what "more" is comes from the last turn.
    if subject in ("photo", "video", "clip"):
        if _has(_LESS, text):
            return False
        if _has(_MORE, text):
            return True
    return None


def _absent(what: str) -> list[Step]:
    return [Command("absent", ((0, what),))]


def _music_volume(view: View, text: str, up: bool) -> list[Step]:
    if not view.timeline.music:
        return _absent("music")
    now = view.timeline.music[0].volume
    value = min(MAX_VOLUME, max(MIN_VOLUME, degree(text).apply(now, up)))
    if up and now < 1.0 < value and not _has(r"\bmuch\b|\ba lot\b|很多", text):
        value = 1.0  # louder than the file itself only when asked for plainly
    return [Edit(SetMusicVolume(round(value, 2)))]


def _clip_volume(view: View, text: str, up: bool) -> list[Step]:
    clips = clip_indexes(view.timeline)
    if not clips:
        return _absent("clip")
    steps: list[Step] = []
    for i in clips:
        seg = view.timeline.segments[i]
        assert isinstance(seg, ClipSegment)
        now = seg.volume if seg.volume > 0 else 0.25
        value = min(MAX_VOLUME, max(0.0, degree(text).apply(now, up)))
        steps.append(Edit(SetClipVolume(round(value, 2), i)))
    return steps


def _text_size(view: View, text: str, up: bool) -> list[Step]:
    texts = view.timeline.texts
    if not texts:
        return _absent("text")
    wanted = (
        "caption"
        if _has(r"\bcaptions?\b|\bsubtitles?\b|字幕", text)
        else "title"
        if _has(r"\btitles?\b|标题", text)
        else None
    )
    memory = view.memory
    if wanted is None and memory.subject in ("title", "caption", "text") and memory.subject_index is not None:
        chosen = [memory.subject_index] if memory.subject_index < len(texts) else [len(texts) - 1]
    elif wanted is None and len({t.role for t in texts}) > 1 and not _has(r"\ball\b|\bboth\b|全部|所有|都", text):
        # "把文字放大一点" with a title and a caption on screen: which one?
        return [Command("which-text", tuple((i, t.text) for i, t in enumerate(texts)))]
    else:
        chosen = [i for i, t in enumerate(texts) if wanted is None or t.role == wanted]
    if not chosen:
        return _absent(wanted or "text")
    unsure = one_of_several_texts(text, view.timeline, chosen)
    if unsure is not None:
        return [unsure]
    steps: list[Step] = []
    how = degree(text)
    for i in chosen:
        size = how.apply(texts[i].size, up)
        if up and not _has(r"\b(?:a (?:little )?bit|a little|slightly|a touch|a tad)\b", text):
            # a caption starts small: "bigger" must read bigger on a phone, whatever it started at
            size = max(size, BIGGER_TEXT if how.factor_up < MUCH_UP else MUCH_BIGGER_TEXT)
        size = min(MAX_TEXT, max(MIN_TEXT, size))
        steps.append(Edit(UpdateText(i, (("size", round(size, 3)),))))
    return steps


def _photo_durations(view: View, text: str, up: bool, indexes: list[int] | None) -> list[Step]:
    timeline = view.timeline
    photos = photo_indexes(timeline)
    if indexes is None and view.memory.subject == "photo" and view.memory.subject_index is not None:
        indexes = [view.memory.subject_index] if view.memory.subject_index < len(timeline.segments) else None
    targets = [i for i in indexes if i in photos] if indexes is not None else photos
    if not targets:
        return _absent("photo")
    how = degree(text, steps_in_seconds=True)
    new = {
        i: round(min(MAX_PHOTO_MS, max(MIN_PHOTO_MS, how.apply(timeline.segments[i].duration_ms, up)))) for i in targets
    }
    if indexes is None and len(set(new.values())) == 1:
        return [Edit(SetPhotoDuration(next(iter(new.values()))))]
    return [Edit(SetPhotoDuration(ms, i)) for i, ms in new.items()]


def _total(view: View, text: str, up: bool) -> list[Step]:
    now = view.timeline.duration_ms
    if now <= 0:
        return _absent("photo")
    value = degree(text, steps_in_seconds=True).apply(now, up)
    return [Edit(SetTotalDuration(round(min(MAX_VIDEO_MS, max(MIN_VIDEO_MS, value)))))]


def _clip_length(view: View, text: str, up: bool) -> list[Step]:
    clips = clip_indexes(view.timeline)
    if not clips:
        return _absent("clip")
    i = (
        clips[-1]
        if view.memory.subject != "clip" or view.memory.subject_index is None
        else clips[min(view.memory.subject_index, len(clips)) - 1]
    )
    seg = view.timeline.segments[i]
    value = round(max(MIN_PHOTO_MS, degree(text, steps_in_seconds=True).apply(seg.duration_ms, up)))
    return [Edit(TrimClip(i, duration_ms=value))]
