"""The look of each slide: transitions between them, Ken Burns motion, and how photos fit the frame."""

from __future__ import annotations

import re

from photoreel.agent.plan import Edit, Step, View
from photoreel.agent.rules.common import duration_ms
from photoreel.agent.text import Clause
from photoreel.timeline.ops import SetFit, SetMotion, SetTransition

_NO_TRANSITION = (
    r"\bgo straight to the next\b|\bjust cut straight\b|\bcut straight\b|\bstraight cuts?\b|\bno fancy stuff between\b|"
    r"\bno transitions?\b|\bwithout transitions?\b|\bno (?:cross)?fades?\b|\bwithout (?:cross)?fades?\b"
    r"|\bremove (the )?transitions?\b|\bhard cuts?\b"
    r"|\bno effects? between\b|\bnothing (?:fancy )?between\b|\bjust (?:a )?cut\b|\bplain cuts?\b"
    r"|不要转场|去掉转场|无转场|取消转场|直接切|硬切|直切"
    r"|(?:之间|中间).{0,4}(?:不要|别|不加|去掉|取消).{0,4}(?:特效|效果|转场|过渡|切换效果)"
    r"|(?:转场|过渡)(?:效果)?.{0,3}(?:去掉|删掉|取消|不要|关掉)|(?:慢慢变淡|淡入淡出|渐变|变淡).{0,8}(?:去掉|不要|取消)"
    r"|直接(?:换|跳|切)(?:到)?下一张"
    r"|\btransitions?\s+off\b|\b(?:turn|switch) off (?:the |all )?transitions?\b|\bkill (?:the )?transitions?\b"
    r"|\btransitions?\b\s*(?:全部|都|全)?(?:去掉|删掉|不要|取消|关掉)|别(?:搞|加|用|要)(?:那些|什么)?.{0,6}转场"
)
_TRANSITIONS = (
    (r"fade (to|through) black|dip to black|\bfadeblack\b|黑场|淡入黑|闪黑|先黑|黑一下|黑屏过渡", "fadeblack"),
    (r"slide\s*(to the\s*)?right|slides?\b.{0,20}\bfrom (?:the )?left|向右滑|右滑", "slideright"),
    (r"slide\s*(to the\s*)?up|slide upwards|向上滑|上滑|往上推|向上推|上推", "slideup"),
    (r"slide\s*(to the\s*)?down|向下滑|下滑", "slidedown"),
    (
        r"\bslide[\s-]*(in|left|transitions?)\b|\bslide\s*to the\s*left\b|\bsliding\b|\bpush\b|\bslideleft\b"
        r"|向左滑|左滑|滑动|推入",
        "slideleft",
    ),
    (
        r"wipe\s*(to the\s*)?right|\bwiperight\b|\bwipes?\b.{0,24}\b(?:going |to the |towards? the )right\b|向右擦",
        "wiperight",
    ),
    (r"\bwipes?\b|\bwipeleft\b|擦除|擦入", "wipeleft"),
    (
        r"zoom transitions?|\bzoom (in )?between\b|\bzooms? between\b|\btransitions?\s+(?:to\s+|that\s+)?zoom\b"
        r"|缩放转场|推拉转场|转场用缩放|缩放效果的转场|转场.{0,4}缩放",
        "zoom",
    ),
    (r"cross\s*-?\s*fades?|\bdissolves?\b|\bfades?\b|叠化|淡入淡出|渐变|溶解", "fade"),
    # "make the cuts less sudden", "切换太生硬": a complaint about hard cuts asks for a soft one
    (
        r"\b(?:cuts?|changes?|switch\w*|jumps?) (?:\w+ )?(?:less|not so|not as) (?:sudden|abrupt|harsh|jarring)\b"
        r"|\b(?:cuts?|changes?|transitions?) (?:are |feel |look )?(?:too |so |really )?"
        r"(?:sudden|abrupt|harsh|jarring)\b"
        r"|\bsmoother (?:cuts|transitions|changes)\b|\bsoften (?:the )?cuts\b"
        r"|(?:切换|转场|换图|换片)(?:得|的)?(?:太|有点|好)?(?:突然|生硬|硬)|(?:顺滑|柔和|自然)(?:一点|点)?(?:地"
        r"|的)?(?:切换|过渡|转场)",
        "fade",
    ),
)
_TRANSITION_WORD = r"transitions?|转场|过渡|切换"
_MOTIONS = (
    (
        r"\bno (motion|movement|zoom|zooming|ken ?burns|panning|moving)\b|ken ?burns off|turn off (?:the )?ken ?burns|"
        r"\bstatic\b|\bstill\b|"
        r"\bstop (?:the )?(?:zoom\w*|moving|motion)\b|\b(?:don'?t|do not) like (?:how it|the way it|the) zoom\w*\b"
        r"|\bwithout (?:zoom\w*|motion)\b|\bmotion sick\w*\b|\bdizzy\b|\bseasick\b|\bnause\w*\b"
        r"|\bmakes? me (?:feel )?sick\b|别(?:搞|加|用|要)(?:那些|什么)?.{0,4}(?:动效|动画|缩放|推拉)"
        r"|\bstop (?:the )?photos from moving\b|\bnothing moving\b|\bkeep (?:them|the photos) still\b|动来动去|头晕|"
        r"不要(有)?(动|运动|缩放|动效|动态效果)|(?<!其他)(?<!其它)(?<!别的)(?<!其余)别动|静止|关闭动效|去掉动效"
        r"|不动|固定不动|不要动态"
        r"|\b(?:remove|disable|kill|drop|lose) (?:the )?ken ?burns\b"
        r"|(?:关掉|关闭|去掉|取消|不要).{0,3}(?:ken ?burns|推拉|缩放效果|动效)|(?:ken ?burns).{0,4}(?:关掉|去掉|不要)"
        r"|(?:zoom|缩放|推拉|动效)\s*(?:的)?(?:效果)?\s*(?:不要了|不要|去掉|取消|关掉)",
        "none",
    ),
    (
        r"zoom(ing)?\s*out|\bpull(?:s|ing)? back\b|\breveal more\b|拉远|缩小效果|镜头后退|往外拉|拉开|慢慢缩小"
        r"|从近往远|由近及远",
        "zoom-out",
    ),
    # "pan from right to left": where it ends is the way it moves
    (r"\bpan\w*\s+from\s+(?:the\s+)?right\s+to\s+(?:the\s+)?left\b|从右(?:往|向|到)左", "pan-left"),
    (r"\bpan\w*\s+from\s+(?:the\s+)?left\s+to\s+(?:the\s+)?right\b|从左(?:往|向|到)右", "pan-right"),
    (r"\bpan\w*\s+from\s+(?:the\s+)?bottom\s+to\s+(?:the\s+)?top\b|从下(?:往|向|到)上", "pan-up"),
    (r"\bpan\w*\s+from\s+(?:the\s+)?top\s+to\s+(?:the\s+)?bottom\b|从上(?:往|向|到)下", "pan-down"),
    (r"pan(ning|ned|s)?\s*(to the\s*)?left|向左边?(平移|摇|移)|左移镜头|往左边?(平移|摇|移)", "pan-left"),
    (r"pan(ning|ned|s)?\s*(to the\s*)?up|向上边?(平移|摇|移)|往上边?(平移|摇|移)", "pan-up"),
    (r"pan(ning|ned|s)?\s*(to the\s*)?down|向下边?(平移|摇|移)|往下边?(平移|摇|移)", "pan-down"),
    (r"\bpan(ning|ned|s)?\b|平移|摇镜|向右(摇|移)|往右(摇|移)", "pan-right"),
    (
        r"ken ?burns|zoom(ing)?\s*in|\bslow zoom\b|推近|放大效果|镜头推进|缓慢放大|慢慢放大|动态效果|加上动效|加动效",
        "zoom-in",
    ),
    # A zoom closes in on the faces found at upload (render/motion.py): "focus on the faces" asks for one.
    (
        r"\bfocus on (?:the )?(?:faces?|people)\b|\bzoom (?:in )?on (?:the )?faces?\b"
        r"|聚焦人脸|对准人脸|突出人物|聚焦人物",
        "zoom-in",
    ),
)
_NOT_BLUR = (
    r"(?:不要|去掉|\bno\b|\bwithout\b|\bremove\b|\bget rid of\b|\bdrop\b).{0,8}(?:模糊|blur)|(?:模糊"
    r"|blur\w*).{0,12}(?:不要|去掉)"
)
_FITS = (
    (r"blur(red|ry)? (background|sides|edges|bars)|模糊背景|背景模糊", "blur"),
    (
        r"black bars|letterbox|\bcontain\b|\bwith bars\b|\bbars\b|\bfit (inside|within|the whole)|whole photo"
        r"|完整显示|留黑边|黑边",
        "contain",
    ),
    (
        r"\bcrop\b|\bcover\b|\bfill( the)?( whole| entire)? (frame|screen)\b|\bzoom to fill\b|\bedges get cut\b"
        r"|裁剪|铺满|填满|充满|裁满|切掉两边|裁掉两边",
        "cover",
    ),
)


def look(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    steps: list[Step] = []
    if re.search(_NO_TRANSITION, text):
        steps.append(Edit(SetTransition("none", 0)))
    else:
        name = next((n for pattern, n in _TRANSITIONS if re.search(pattern, text)), None)
        if name is None and re.search(_TRANSITION_WORD, text):
            name = "fade"
        if name is not None and not re.search(r"fade[\s-]*(in|out)\b|淡入(?!淡出)|淡出", text.replace("淡入淡出", "")):
            length = duration_ms(text)
            current = view.timeline.segments[0].transition.duration_ms if view.timeline.segments else 500
            steps.append(Edit(SetTransition(name, length if length is not None else (current or 500))))
    motion = next((m for pattern, m in _MOTIONS if re.search(pattern, text)), None)
    zoom_transition = re.search(_TRANSITIONS[7][0], text)  # "zoom transition" is not Ken Burns
    if motion is not None and not (motion == "zoom-in" and zoom_transition):
        steps.append(Edit(SetMotion(motion)))
    fits = [f for pattern, f in _FITS if re.search(pattern, text)]
    if fits and fits[0] == "blur" and re.search(_NOT_BLUR, text):
        # "两边那个模糊的背景不要": not the blurred background; what instead is said here ("fill the screen, no
        # blurry edges") or in the next clause.
        fits = fits[1:]
    fit = fits[0] if fits else None
    if re.search(r"\b(?:don'?t|do not|no|never|without|not)\s+(?:\w+\s+)?crop\w*|不要裁|别裁|不裁", text):
        fit = "contain"  # "don't crop anything": the whole photo, with bars
    if fit is not None:
        steps.append(Edit(SetFit(fit)))
    return steps or None
