"""When a clause is not understood: the two or three closest things the agent can do, in the person's language,
found by fuzzy matching (rapidfuzz) against one example of each kind of request."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

EXAMPLES_EN = (
    "each photo 4 seconds",
    "make the video 30 seconds",
    "slow it down a little",
    "make it faster",
    "make it vertical for TikTok",
    "make it square for Instagram",
    "16:9 for YouTube",
    "add my song",
    "add some calm music",
    "music at 50%",
    "turn the music down a bit",
    "remove the music",
    "no transitions",
    "crossfade between photos",
    "no zoom, keep the photos still",
    "fill the screen, crop the photos",
    "black and white",
    "a warm vintage look",
    'add a title that says "Our Trip"',
    'caption the first photo "Day one"',
    "make the title bigger",
    "move the title to the top",
    "remove the third photo",
    "move the last photo to the start",
    "swap photos 1 and 2",
    "sort the photos by date",
    "cut on the beat",
    "undo",
    "export the video",
)
EXAMPLES_ZH = (
    "每张照片4秒",
    "视频做成30秒",
    "节奏慢一点",
    "快一点",
    "做成抖音竖屏",
    "做成正方形",
    "横屏16:9",
    "用我上传的歌",
    "来点轻松的音乐",
    "音乐音量50%",
    "音乐小声一点",
    "去掉背景音乐",
    "不要转场",
    "转场用淡入淡出",
    "照片不要动",
    "裁剪铺满画面",
    "黑白效果",
    "复古暖色调",
    "加个标题：我们的旅行",
    "第一张加字幕：第一天",
    "标题大一点",
    "标题放到上面",
    "删掉第三张",
    "把最后一张放到最前面",
    "交换第一张和第二张",
    "按拍摄时间排序",
    "卡点",
    "撤销",
    "导出视频",
)
MIN_SCORE = 60
# Words every request shares: matched on, they make "make it look better" look like "make it faster".
_COMMON = re.compile(
    r"\b(?:make|it|the|a|an|to|of|for|and|please|can|you|could|would|i|want|my|me|some|be|is|this|that|more|"
    r"bit|little|just|do|let'?s|photos?|video)\b|帮我|请|把|一下|一点|让|它|能不能|可以|吗|吧|的|了|视频|照片"
)


def _core(text: str) -> str:
    return " ".join(_COMMON.sub(" ", text.lower()).split())


def closest(clause: str, language: str, limit: int = 3) -> list[str]:
    examples = EXAMPLES_ZH if language == "zh" else EXAMPLES_EN
    scorer = fuzz.partial_ratio if language == "zh" else fuzz.token_set_ratio
    core = _core(clause)
    if len(core) < 2:
        return []
    found = process.extract(core, [_core(e) for e in examples], scorer=scorer, limit=limit)
    return [examples[k] for _, score, k in found if score >= MIN_SCORE]
