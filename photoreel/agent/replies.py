"""What the agent says back, in the language the person wrote in (English or Chinese)."""

from __future__ import annotations

from photoreel.agent.plan import Command, Plan
from photoreel.errors import PhotoreelError
from photoreel.timeline import ClipSegment, Timeline, ops
from photoreel.timeline.ops import EditOp
from photoreel.timeline.output import OPTIONS

_FIT = {
    "blur": ("a blurred backdrop", "模糊背景"),
    "contain": ("black bars", "留黑边"),
    "cover": ("crop to fill", "裁剪铺满"),
}
_MOTION = {
    "zoom-in": ("a slow zoom in", "缓慢推近"),
    "zoom-out": ("a slow zoom out", "缓慢拉远"),
    "pan-left": ("a pan to the left", "向左平移"),
    "pan-right": ("a pan to the right", "向右平移"),
    "pan-up": ("a pan upwards", "向上平移"),
    "pan-down": ("a pan downwards", "向下平移"),
    "none": ("no motion", "无动效"),
}


def _s(ms: int | None) -> str:
    return "?" if ms is None else f"{ms / 1000:g}"


def _clock(ms: int) -> str:
    """4000 -> 0:04, 62500 -> 1:02.5: a place in a clip."""
    minutes, rest = divmod(ms, 60_000)
    seconds = f"{rest / 1000:06.3f}".rstrip("0").rstrip(".")
    return f"{minutes}:{seconds if len(seconds) >= 2 else '0' + seconds}"


def _is_clip(timeline: Timeline | None, index: int | None) -> bool:
    if timeline is None or index is None or not 0 <= index < len(timeline.segments):
        return False
    return isinstance(timeline.segments[index], ClipSegment)


def _number(timeline: Timeline | None, index: int | None) -> int:
    """How a person counts the segment at run position `index`: the n-th photo or the n-th clip, the way
    "photo 3" and "clip 2" are read back (without the timeline, its position)."""
    if index is None:
        return 0
    if timeline is None or not 0 <= index < len(timeline.segments):
        return index + 1
    kind = type(timeline.segments[index])
    return sum(1 for seg in timeline.segments[: index + 1] if isinstance(seg, kind))


def _item(timeline: Timeline | None, index: int) -> tuple[str, str]:
    """("photo 3", "第 3 张照片") or ("clip 2", "第 2 段视频"): what sits at a run position, counted by kind."""
    n = _number(timeline, index)
    return (f"clip {n}", f"第 {n} 段视频") if _is_clip(timeline, index) else (f"photo {n}", f"第 {n} 张照片")


def _clip_edit(op: EditOp, i: int, timeline: Timeline | None) -> str | None:
    n = _number(timeline, getattr(op, "index", None))
    match op:
        case ops.TrimClip(in_ms=start, duration_ms=ms) if start is not None and ms is not None:
            span = f"{_clock(start)}–{_clock(start + ms)}"
            return (
                f"Clip {n} now shows {span} ({_s(ms)} s).",
                f"第 {n} 段视频现在播放 {span}（{_s(ms)} 秒）。",
            )[i]
        case ops.TrimClip(in_ms=start) if start is not None:
            return (
                f"Clip {n} now starts at {_clock(start)} and plays to its end.",
                f"第 {n} 段视频从 {_clock(start)} 开始，播放到结尾。",
            )[i]
        case ops.TrimClip(duration_ms=ms):
            return (f"Clip {n} now lasts {_s(ms)} s.", f"第 {n} 段视频时长 {_s(ms)} 秒。")[i]
        case ops.SetClipVolume(volume=0, index=None):
            return ("Muted every clip.", "所有视频已静音。")[i]
        case ops.SetClipVolume(volume=v, index=None):
            return (f"Every clip's own sound set to {v:.0%}.", f"所有视频的原声调到 {v:.0%}。")[i]
        case ops.SetClipVolume(volume=0):
            return (f"Muted clip {n}.", f"第 {n} 段视频已静音。")[i]
        case ops.SetClipVolume(volume=v):
            return (f"Clip {n}'s own sound set to {v:.0%}.", f"第 {n} 段视频的原声调到 {v:.0%}。")[i]
        case ops.SetMusicDucking(duck=True):
            return (
                "The music now dips while a clip's own sound plays.",
                "视频原声播放时，背景音乐会自动压低。",
            )[i]
        case ops.SetMusicDucking(duck=False):
            return (
                "The music now stays at full volume under the clips.",
                "视频播放时，背景音乐保持原音量，不再压低。",
            )[i]
        case ops.AddClip(at=None):
            return ("Added a video clip at the end.", "已在结尾加入一段视频。")[i]
        case ops.AddClip(at=at) if at is not None:
            return (f"Added a video clip at position {at + 1}.", f"已在第 {at + 1} 位加入一段视频。")[i]
    return None


def _clips_changed(op: EditOp, timeline: Timeline | None, zh: bool) -> str:
    """ " Clip 4 trimmed to 5 s (was 10 s)." for each clip a length change had to shorten or lengthen."""
    if timeline is None or not timeline.clips:
        return ""
    try:
        after = op.edit(timeline)
    except PhotoreelError:
        return ""
    notes = []
    for k, (was, now) in enumerate(zip(timeline.segments, after.segments, strict=True)):
        if isinstance(was, ClipSegment) and was.duration_ms != now.duration_ms:
            verb = ("trimmed to", "剪到") if now.duration_ms < was.duration_ms else ("lengthened to", "延长到")
            notes.append(
                (
                    f" Clip {k + 1} {verb[0]} {_s(now.duration_ms)} s (was {_s(was.duration_ms)} s).",
                    f"第 {k + 1} 段视频{verb[1]} {_s(now.duration_ms)} 秒（原 {_s(was.duration_ms)} 秒）。",
                )[1 if zh else 0]
            )
    return "".join(notes)


def describe(op: EditOp, zh: bool, timeline: Timeline | None = None) -> str:
    """One short sentence for an applied edit. `timeline`, when given, is the timeline the edit was applied
    to: with it, a position in the run is called a clip or a photo for what it is (without it, a photo)."""
    i = 1 if zh else 0
    clip_text = _clip_edit(op, i, timeline)
    n = _number(timeline, getattr(op, "index", None))
    if clip_text is not None:
        return clip_text
    match op:
        case ops.SetOutput(aspect=str(aspect)) if len(op.changes()) == 1:
            return (f"Aspect ratio set to {aspect}.", f"画面比例已设为 {aspect}。")[i]
        case ops.SetOutput():
            parts = [f"{k} {v}" for k, v in op.changes().items()]
            return (f"Output set: {', '.join(parts)}.", f"输出设置：{'，'.join(parts)}。")[i]
        case ops.SetPhotoDuration(duration_ms=ms, index=None):
            was = _was_photos(timeline)
            return (
                f"Each photo now shows for {_s(ms)} s{was[0]}.",
                f"每张照片显示 {_s(ms)} 秒{was[1]}。",
            )[i]
        case ops.SetPhotoDuration(duration_ms=ms, index=index) if _is_clip(timeline, index):
            return (f"Clip {n} now lasts {_s(ms)} s.", f"第 {n} 段视频时长 {_s(ms)} 秒。")[i]
        case ops.SetPhotoDuration(duration_ms=ms, index=index):
            old = (
                timeline.segments[index].duration_ms
                if timeline and index is not None and 0 <= index < len(timeline.segments)
                else None
            )
            was = _was(old, ms)
            return (f"Photo {n} now shows for {_s(ms)} s{was[0]}.", f"第 {n} 张显示 {_s(ms)} 秒{was[1]}。")[i]
        case ops.SetTotalDuration(duration_ms=ms):
            was = _was(timeline.duration_ms if timeline else None, ms)
            said = (f"The video now lasts {_s(ms)} s{was[0]}.", f"视频总时长设为 {_s(ms)} 秒{was[1]}。")[i]
            return said + _clips_changed(op, timeline, zh)
        case ops.SetTransition(name="none"):
            return ("Transitions removed: hard cuts.", "已去掉转场，直接切换。")[i]
        case ops.SetTransition(name=name, duration_ms=ms):
            return (f"Transitions: {name}, {_s(ms)} s.", f"转场：{name}，{_s(ms)} 秒。")[i]
        case ops.SetMotion(motion=motion):
            return (f"Motion: {_MOTION[motion][0]}.", f"动效：{_MOTION[motion][1]}。")[i]
        case ops.SetFit(fit=fit):
            return (f"Photos fit with {_FIT[fit][0]}.", f"照片适配方式：{_FIT[fit][1]}。")[i]
        case ops.AddText(text=t):
            end = "the end" if t.duration_ms is None else f"{_s(t.start_ms + t.duration_ms)} s"
            zh_end = "结尾" if t.duration_ms is None else f"{_s(t.start_ms + t.duration_ms)} 秒"
            what = ("caption", "字幕") if t.role == "caption" else ("title", "标题")
            return (
                f'Added the {what[0]} "{t.text}" ({t.position}, {_s(t.start_ms)} s to {end}).',
                f"已添加{what[1]}「{t.text}」（{t.position}，{_s(t.start_ms)} 秒到{zh_end}）。",
            )[i]
        case ops.UpdateText(index=index, changes=changes):
            return _text_update(index, dict(changes), timeline, zh)
        case ops.RemoveText(index=index):
            return (f"Removed text {index + 1}.", f"已删除第 {index + 1} 段文字。")[i]
        case ops.AddMedia(ref=ref) if ref.kind == "audio" and ref.bpm:
            mood = ref.name.split("_", 1)[0]
            return (
                f"From the music library: {ref.name} ({mood}, {ref.bpm:g} bpm).",
                f"从音乐库选了 {ref.name}（{mood}，{ref.bpm:g} bpm）。",
            )[i]
        case ops.SetMusic(music=m):
            song = timeline.media_by_id.get(m.media_id) if timeline is not None else None
            if song is not None:
                return (
                    f"Background music: {song.name} at {m.volume:.0%}.",
                    f"背景音乐：{song.name}，音量 {m.volume:.0%}。",
                )[i]
            return (f"Background music set at {m.volume:.0%}.", f"背景音乐已设置，音量 {m.volume:.0%}。")[i]
        case ops.SetLook(look=look, index=None):
            en = {"none": "its own colours", "bw": "black and white", "cinematic": "cinematic (2.39:1 bars)"}
            cn = {
                "none": "原色",
                "bw": "黑白",
                "sepia": "老照片棕褐",
                "vintage": "复古",
                "warm": "暖色",
                "cool": "冷色",
            }
            cn |= {"vivid": "鲜艳", "faded": "褪色胶片", "cinematic": "电影感（2.39:1 黑边）"}
            return (f"The video's look: {en.get(look, look)}.", f"视频风格：{cn.get(look, look)}。")[i]
        case ops.SetLook(look=look, index=index) if index is not None:
            en_item, zh_item = _item(timeline, index)
            return (f"{en_item.capitalize()} now has the {look} look.", f"{zh_item}改为 {look} 风格。")[i]
        case ops.SyncToBeat():
            song = timeline.media_by_id.get(timeline.music[0].media_id) if timeline and timeline.music else None
            tempo = f" ({song.bpm:g} bpm)" if song is not None and song.bpm else ""
            return (f"Every cut now falls on the beat{tempo}.", f"已卡点：每个切换都落在节拍上{tempo}。")[i]
        case ops.SetMusicVolume(volume=v):
            if timeline is not None and timeline.music and abs(timeline.music[0].volume - v) > 1e-9:
                old_v = timeline.music[0].volume
                return (
                    f"Music volume set to {v:.0%} (was {old_v:.0%}).",
                    f"背景音乐音量调到 {v:.0%}（原来 {old_v:.0%}）。",
                )[i]
            return (f"Music volume set to {v:.0%}.", f"背景音乐音量调到 {v:.0%}。")[i]
        case ops.RemoveMusic():
            return ("Background music removed.", "已去掉背景音乐。")[i]
        case ops.RemoveSegment(index=index) if _is_clip(timeline, index):
            return (f"Removed clip {n}.", f"已删除第 {n} 段视频。")[i]
        case ops.RemoveSegment(index=index):
            return (f"Removed photo {n}.", f"已删除第 {n} 张照片。")[i]
        case ops.MoveSegment(source=a, target=b) if _is_clip(timeline, a):
            k = _number(timeline, a)
            return (f"Moved clip {k} to position {b + 1}.", f"已把第 {k} 段视频移到第 {b + 1} 位。")[i]
        case ops.MoveSegment(source=a, target=b):
            k = _number(timeline, a)
            return (f"Moved photo {k} to position {b + 1}.", f"已把第 {k} 张移到第 {b + 1} 位。")[i]
        case ops.SwapSegments(first=a, second=b) if _is_clip(timeline, a) or _is_clip(timeline, b):
            (en_a, zh_a), (en_b, zh_b) = _item(timeline, a), _item(timeline, b)
            return (f"Swapped {en_a} and {en_b}.", f"已交换{zh_a}和{zh_b}。")[i]
        case ops.SwapSegments(first=a, second=b):
            ka, kb = _number(timeline, a), _number(timeline, b)
            return (f"Swapped photos {ka} and {kb}.", f"已交换第 {ka} 张和第 {kb} 张。")[i]
        case ops.SortPhotos(by=by):
            en = {"name": "by file name", "date": "by date taken", "reverse": "reversed", "shuffle": "shuffled"}
            cn = {"name": "按文件名", "date": "按拍摄时间", "reverse": "倒序", "shuffle": "随机"}
            return (f"Photos ordered {en.get(by, by)}.", f"照片已{cn.get(by, by)}排列。")[i]
        case ops.AddPhotos(media_ids=ids):
            return (f"Added {len(ids)} photo(s) to the slideshow.", f"已把 {len(ids)} 张照片加入幻灯片。")[i]
    return (f"Done: {op.op_name}.", f"已完成：{op.op_name}。")[i]


def _was(old: int | None, new: int) -> tuple[str, str]:
    """ " (was 3 s)" when a length changed from a known value."""
    if old is None or old == new:
        return "", ""
    return f" (was {_s(old)} s)", f"（原来 {_s(old)} 秒）"


def _was_photos(timeline: Timeline | None) -> tuple[str, str]:
    lengths = {s.duration_ms for s in timeline.photos} if timeline is not None else set()
    return _was(next(iter(lengths)), -1) if len(lengths) == 1 else ("", "")


_TEXT_FIELDS = {
    "text": ("text", "内容"),
    "size": ("size", "字号"),
    "color": ("colour", "颜色"),
    "position": ("position", "位置"),
}


def _text_update(index: int, changes: dict[str, object], timeline: Timeline | None, zh: bool) -> str:
    """ "The title "Hello" is now larger (size 0.10, was 0.08)."""
    old = timeline.texts[index] if timeline is not None and 0 <= index < len(timeline.texts) else None
    label = (
        (f'the {old.role} "{old.text}"', f"{'字幕' if old.role == 'caption' else '标题'}「{old.text}」")
        if old
        else (
            f"text {index + 1}",
            f"第 {index + 1} 段文字",
        )
    )
    parts_en, parts_zh = [], []
    for key, value in changes.items():
        en, cn = _TEXT_FIELDS.get(key, (key, key))
        before = getattr(old, key, None) if old is not None else None
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        was = f" (was {before:.3g})" if isinstance(before, float) and before != value else ""
        was_zh = f"（原来 {before:.3g}）" if isinstance(before, float) and before != value else ""
        parts_en.append(f"{en} {shown}{was}")
        parts_zh.append(f"{cn} {shown}{was_zh}")
    if zh:
        return f"已更新{label[1]}：{'，'.join(parts_zh)}。"
    return f"Updated {label[0]}: {', '.join(parts_en)}."


def _clip_list(options: tuple[tuple[int, str], ...], zh: bool) -> str:
    """The clips offered, by their order among the clips (what people say back) and their place in the run."""
    en_ordinals = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
    zh_ordinals = ("第一个", "第二个", "第三个", "第四个", "第五个", "第六个", "第七个", "第八个", "第九个", "第十个")
    parts = []
    for k, (index, name) in enumerate(options):
        if zh:
            which = zh_ordinals[k] if k < len(zh_ordinals) else f"第 {k + 1} 个"
            parts.append(f"{which}（{name}，第 {index + 1} 位）")
        else:
            which = en_ordinals[k] if k < len(en_ordinals) else f"#{k + 1}"
            parts.append(f"the {which} ({name}, position {index + 1})")
    if zh:
        return "、".join(parts[:-1]) + "还是" + parts[-1] if len(parts) > 1 else "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1] if len(parts) > 1 else "".join(parts)


def _not_offered(name: str, value: str, zh: bool) -> str:
    values = [str(v) for v in OPTIONS[name].values]
    if zh:
        return f"{OPTIONS[name].label_zh}只能是 {'、'.join(values)}，没有 {value}；这一项没有修改。"
    label = OPTIONS[name].label
    return f"The {label} can be {', '.join(values[:-1])} or {values[-1]}, not {value}; that was left as it is."


def question(command: Command, zh: bool) -> str | None:
    """What to say for a command that asks or tells instead of editing (plan.QUESTIONS); None for others."""
    options = command.options
    if command.name == "which-clip":
        if zh:
            return f"你指的是哪一段视频：{_clip_list(options, True)}？可以说「第二个视频」或文件名。"
        return (
            f"Which clip do you mean: {_clip_list(options, False)}? "
            'Say, for example, "the second clip" or its file name.'
        )
    if command.name == "no-clip":
        if not options:
            return (
                "时间线上没有视频片段，没有做任何修改。"
                if zh
                else "There is no video clip in the timeline, so nothing was changed."
            )
        clips = "、".join(name for _, name in options) if zh else ", ".join(name for _, name in options)
        if zh:
            return f"没有这段视频；时间线上有 {len(options)} 段视频：{clips}。没有做任何修改。"
        noun = "clip" if len(options) == 1 else "clips"
        return f"There is no such clip; the timeline has {len(options)} {noun}: {clips}. Nothing was changed."
    if command.name == "not-offered":
        return _not_offered(options[0][1], options[1][1], zh)
    if command.name == "absent":
        what = options[0][1] if options else "music"
        en = {
            "music": "There is no music on the video yet",
            "clip": "There is no video clip on the timeline",
            "text": "There is no title or caption yet",
            "title": "There is no title yet",
            "caption": "There is no caption yet",
            "photo": "There are no photos on the timeline",
            "filter": "There is no filter on the video",
            "effects": "The video has no effects beyond a new project's fades and slow zoom",
            "transitions": "The transitions are already a new project's fades",
            "motion": "The photos already move as a new project's do",
            "no-transitions": "The photos already cut straight from one to the next",
            "no-motion": "The photos already stand still",
            "nth-song": "Not that many songs have been uploaded",
            "named-song": "No uploaded song goes by that name (upload it, or ask for a mood like calm or happy)",
            "fps": "The video is already at a new project's 30 fps",
            "aspect": "The video is already a new project's 16:9",
        }
        cn = {
            "music": "视频里还没有背景音乐",
            "clip": "时间线上没有视频片段",
            "text": "还没有标题或字幕",
            "title": "还没有标题",
            "caption": "还没有字幕",
            "photo": "时间线上没有照片",
            "filter": "视频没有滤镜",
            "effects": "视频没有额外的特效（只有默认的淡入淡出和缓慢推近）",
            "transitions": "转场已经是默认的淡入淡出",
            "motion": "照片的动效已经是默认的",
            "no-transitions": "照片之间已经是直接切换，没有转场",
            "no-motion": "照片已经是静止的，没有动效",
            "nth-song": "没有上传那么多首歌",
            "named-song": "上传的歌里没有这一首（可以先上传，或者说想要什么风格，比如轻松、欢快）",
            "fps": "视频已经是默认的 30 帧",
            "aspect": "视频已经是默认的 16:9",
        }
        if zh:
            return f"{cn.get(what, what)}，所以没有做任何修改。"
        return f"{en.get(what, what)}, so nothing was changed."
    if command.name == "which-photo":
        listed = [f"{n}（{name}）" if zh else f"{n} ({name})" for n, name in options]
        if zh:
            return f"有 {len(options)} 张照片符合：第 " + "、".join(listed) + " 张——你指的是哪一张？没有做任何修改。"
        joined = ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else listed[0]
        return f"{len(options)} photos fit that: {joined}. Which one do you mean? Nothing was changed."
    if command.name == "which-sound":
        heard = [name for n, name in options if n >= 0]
        if zh:
            return (
                f"背景音乐和视频片段（{'、'.join(heard)}）都有声音——你说的是哪一个？"
                "可以回答「音乐」或「视频」。没有做任何修改。"
            )
        return (
            f'Both the music and the clip ({", ".join(heard)}) have sound. Which one do you mean? Say "the music" or'
            ' "the clip". Nothing was changed.'
        )
    if command.name == "which-text":
        listed = [f"{n + 1}（{t}）" if zh else f'{n + 1} ("{t}")' for n, t in options]
        if zh:
            return (
                f"有 {len(options)} 段文字："
                + "、".join(listed)
                + "——你指的是哪一段？可以说「标题」或「字幕」。没有做任何修改。"
            )
        return (
            f"There are {len(options)} texts: {', '.join(listed)}."
            " Which one do you mean (the title or the caption)? Nothing was changed."
        )
    if command.name == "photo-is":
        if zh:
            listed = [f"第 {n} 张（{name}）" for n, name in options]
            if not listed:
                return "没有这样的照片。"
            return f"是{listed[0]}。" if len(listed) == 1 else f"{'、'.join(listed)}都符合。"
        listed = [f"{n} ({name})" for n, name in options]
        if len(listed) == 1:
            return f"That's photo {listed[0]}."
        return f"Photos {', '.join(listed[:-1])} and {listed[-1]} fit that." if listed else "No photo fits that."
    if command.name == "no-photo":
        words = options[0][1] if options else ""
        if zh:
            return f"没有找到符合「{words}」的照片，没有做任何修改。可以说「第二张」或文件名。"
        return f'No photo fits "{words}", so nothing was changed. You can say "the second photo" or its file name.'
    if command.name == "already":
        said = dict((why, ms) for ms, why in options)
        now, limit = said.get("max", said.get("min", 0)), said.get("limit", 0)
        if zh:
            kind = "不超过" if "max" in said else "不少于"
            return f"视频现在是 {_s(now)} 秒，已经{kind} {_s(limit)} 秒，没有修改。"
        kind = "under" if "max" in said else "over"
        return f"The video already lasts {_s(now)} s, {kind} {_s(limit)} s, so nothing was changed."
    if command.name == "left-out":
        return _left_out(options, zh)
    if command.name == "recipe":
        return _recipe(options, zh)
    return None


def _recipe(options: tuple[tuple[int, str], ...], zh: bool) -> str:
    """One paragraph on what a whole-video recipe chose, each part something the person can change."""
    said = {why.split(":", 1)[0]: (n, why.split(":", 1)[-1]) for n, why in options}
    left = said.get("left", (0, ""))[0]
    dated = said.get("dated", (0, ""))[0]
    mood = said.get("mood", (0, "happy"))[1]
    bpm, track = said.get("track", (0, ""))
    if zh:
        parts = [f"去掉了 {left} 张模糊或重复的照片" if left else "保留了全部照片"]
        if dated:
            parts.append("按拍摄时间排列")
        if track:
            parts.append(f"从音乐库配了{mood}风格的 {track}（{bpm} bpm）并卡点")
        return (
            "我是这样做的：" + "，".join(parts) + "。说「撤销」可全部还原，也可以单独修改，比如「换一首」「不要转场」。"
        )
    parts = [f"left out {left} blurry or duplicate photo{'s' if left != 1 else ''}" if left else "kept every photo"]
    if dated:
        parts.append("put them in the order they were taken")
    if track:
        parts.append(f"added {track} ({mood}, {bpm} bpm) from the music library and cut on its beat")
    return (
        "Here is what I chose: " + ", ".join(parts) + ". Say 'undo' to take it all back, or change any part "
        "('another song', 'no transitions', 'slower')."
    )


def _left_out(options: tuple[tuple[int, str], ...], zh: bool) -> str:
    if not options:
        return (
            "没有照片需要去掉（或者会全部去掉），没有做任何修改。"
            if zh
            else "No photo needed leaving out (or every one would have gone), so nothing was changed."
        )
    parts = []
    for n, why in options:
        if why.startswith("dup:"):
            parts.append(
                f"第 {n} 张（与第 {why[4:]} 张几乎相同）" if zh else f"photo {n} (a near-duplicate of photo {why[4:]})"
            )
        elif why.startswith("rank:"):
            parts.append(
                f"第 {n} 张（不在最好的 {why[5:]} 张里）" if zh else f"photo {n} (not among the best {why[5:]})"
            )
        else:
            parts.append(f"第 {n} 张（模糊）" if zh else f"photo {n} (blurry)")
    if zh:
        return f"已从时间线去掉：{'、'.join(parts)}。照片仍在项目里，说「撤销」即可恢复。"
    return f"Left out: {', '.join(parts)}. They stay in the session: say 'undo' to bring them back."


HELP_EN = """I can edit your video in plain words. Try:
- "make a slideshow, 2 seconds per photo" / "make it 30 seconds"
- "9:16 for TikTok" / "square" / "16:9 for YouTube"
- "crossfade" / "no transitions" / "slide left, 1 second"
- "zoom in" / "no motion" / "crop to fill" / "blurred background"
- "add the title 'Summer' for the first 3 seconds at the top" / "add the caption 'Lisbon'"
- "add music at 30%" / "fade out the music" / "remove the music"
- "remove the third photo" / "move photo 5 to the start" / "swap photos 1 and 3"
- "trim the video to 5 seconds" / "use the clip from 0:04 to 0:09" / "mute the video" / "don't duck the music"
- "put the video first" / "remove the second clip" / "swap the clip and the first photo"
- "undo" / "redo" / "show the timeline" / "export" / "credits\""""

HELP_ZH = """我可以用一句话帮你编辑视频，例如：
- 「做成幻灯片，每张2秒」/「总共30秒」
- 「竖屏」/「抖音」/「方形」/「横屏」
- 「淡入淡出转场」/「不要转场」
- 「缓慢放大」/「静止」/「裁剪铺满」/「模糊背景」
- 「加标题『夏天』前3秒显示在顶部」/「加字幕「里斯本」」
- 「加背景音乐，音量35%」/「把背景音乐调到35%」/「去掉音乐」
- 「删除第三张」/「把第5张移到开头」/「交换第1张和第3张」
- 「只要视频的前3秒」/「视频从第4秒到第9秒」/「视频静音」/「不要压低音乐」
- 「把视频放到最前面」/「删掉第二个视频」/「交换视频和第一张照片」
- 「撤销」/「重做」/「状态」/「导出」/「余额」"""


def not_understood(plan: Plan, zh: bool) -> str:
    """Which part was not understood, what was (and was not) done about the rest, and the closest things to say."""
    missed = (
        "、".join(f"「{c}」" for c in plan.not_understood) if zh else "; ".join(f'"{c}"' for c in plan.not_understood)
    )
    understood = bool(plan.steps) or plan.withheld
    if not understood and not plan.suggestions:
        return help_text(zh)
    if zh:
        line = f"没有理解{missed}。"
        if plan.withheld:
            line += "其余部分会删除内容，在没弄清整句话之前没有做任何修改。"
        if plan.suggestions:
            line += "你是想说：" + "、".join(f"「{x}」" for x in plan.suggestions) + "？"
        return line
    line = f"I did not understand {missed}."
    if plan.withheld:
        line += " The rest would take something away, so nothing was changed until the whole message is clear."
    if plan.suggestions:
        line += " Did you mean " + ", ".join(f"'{x}'" for x in plan.suggestions[:-1])
        line += (" or " if len(plan.suggestions) > 1 else "") + f"'{plan.suggestions[-1]}'?"
    return line


def help_text(zh: bool) -> str:
    return HELP_ZH if zh else HELP_EN
