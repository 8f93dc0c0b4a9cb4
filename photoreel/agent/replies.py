"""What the agent says back, in the language the person wrote in (English or Chinese)."""

from __future__ import annotations

from photoreel.timeline import ops
from photoreel.timeline.ops import EditOp

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


def describe(op: EditOp, zh: bool) -> str:
    """One short sentence for an applied edit."""
    i = 1 if zh else 0
    match op:
        case ops.SetAspect(aspect=aspect):
            return (f"Aspect ratio set to {aspect}.", f"画面比例已设为 {aspect}。")[i]
        case ops.SetOutput():
            parts = [f"{k} {v}" for k, v in op.arguments().items() if v is not None]
            return (f"Output set: {', '.join(parts)}.", f"输出设置：{'，'.join(parts)}。")[i]
        case ops.SetPhotoDuration(duration_ms=ms, index=None):
            return (f"Each photo now shows for {_s(ms)} s.", f"每张照片显示 {_s(ms)} 秒。")[i]
        case ops.SetPhotoDuration(duration_ms=ms, index=index):
            return (f"Photo {index + 1} now shows for {_s(ms)} s.", f"第 {index + 1} 张显示 {_s(ms)} 秒。")[i]
        case ops.SetTotalDuration(duration_ms=ms):
            return (f"The video now lasts {_s(ms)} s.", f"视频总时长设为 {_s(ms)} 秒。")[i]
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
        case ops.UpdateText(index=index):
            return (f"Updated text {index + 1}.", f"已更新第 {index + 1} 段文字。")[i]
        case ops.RemoveText(index=index):
            return (f"Removed text {index + 1}.", f"已删除第 {index + 1} 段文字。")[i]
        case ops.SetMusic(music=m):
            return (f"Background music set at {m.volume:.0%}.", f"背景音乐已设置，音量 {m.volume:.0%}。")[i]
        case ops.SetMusicVolume(volume=v):
            return (f"Music volume set to {v:.0%}.", f"背景音乐音量调到 {v:.0%}。")[i]
        case ops.RemoveMusic():
            return ("Background music removed.", "已去掉背景音乐。")[i]
        case ops.RemoveSegment(index=index):
            return (f"Removed photo {index + 1}.", f"已删除第 {index + 1} 张照片。")[i]
        case ops.MoveSegment(source=a, target=b):
            return (f"Moved photo {a + 1} to position {b + 1}.", f"已把第 {a + 1} 张移到第 {b + 1} 位。")[i]
        case ops.SwapSegments(first=a, second=b):
            return (f"Swapped photos {a + 1} and {b + 1}.", f"已交换第 {a + 1} 张和第 {b + 1} 张。")[i]
        case ops.SortPhotos(by=by):
            en = {"name": "by file name", "date": "by date taken", "reverse": "reversed", "shuffle": "shuffled"}
            cn = {"name": "按文件名", "date": "按拍摄时间", "reverse": "倒序", "shuffle": "随机"}
            return (f"Photos ordered {en.get(by, by)}.", f"照片已{cn.get(by, by)}排列。")[i]
        case ops.AddPhotos(media_ids=ids):
            return (f"Added {len(ids)} photo(s) to the slideshow.", f"已把 {len(ids)} 张照片加入幻灯片。")[i]
    return (f"Done: {op.op_name}.", f"已完成：{op.op_name}。")[i]


HELP_EN = """I can edit your video in plain words. Try:
- "make a slideshow, 2 seconds per photo" / "make it 30 seconds"
- "9:16 for TikTok" / "square" / "16:9 for YouTube"
- "crossfade" / "no transitions" / "slide left, 1 second"
- "zoom in" / "no motion" / "crop to fill" / "blurred background"
- "add the title 'Summer' for the first 3 seconds at the top" / "add the caption 'Lisbon'"
- "add music at 30%" / "fade out the music" / "remove the music"
- "remove the third photo" / "move photo 5 to the start" / "swap photos 1 and 3"
- "undo" / "redo" / "show the timeline" / "export" / "credits\""""

HELP_ZH = """我可以用一句话帮你编辑视频，例如：
- 「做成幻灯片，每张2秒」/「总共30秒」
- 「竖屏」/「抖音」/「方形」/「横屏」
- 「淡入淡出转场」/「不要转场」
- 「缓慢放大」/「静止」/「裁剪铺满」/「模糊背景」
- 「加标题『夏天』前3秒显示在顶部」/「加字幕「里斯本」」
- 「加背景音乐，音量35%」/「把背景音乐调到35%」/「去掉音乐」
- 「删除第三张」/「把第5张移到开头」/「交换第1张和第3张」
- 「撤销」/「重做」/「状态」/「导出」/「余额」"""


def help_text(zh: bool) -> str:
    return HELP_ZH if zh else HELP_EN
