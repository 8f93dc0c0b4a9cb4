"""Typo-tolerant words: "vertcal", "crossfde", "slidshow", "instagarm", "blak and white", "tik tok", "视屏",
"节凑". A word the agent does not know is replaced by the one known word it is a single slip away from (two for
long words), found with rapidfuzz's optimal-string-alignment distance, so a swapped or dropped letter costs one.
The vocabulary is the agent's own words; anything else (a name, a word in a title) is left as typed."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

VOCABULARY = frozenset(
    """
    add all also another aspect audio background bars beat beats beginning bigger black blue blur blurred bottom
    bright brighter caption captions centre center change cinematic clip clips colour colours color colors cool
    cover crop cross crossfade crossfades cuts darker delete down draft duration each earlier effect effects end
    energetic every export faded fade faster feed fill first fit frame frames full green grey gray half happy
    horizontal image images instagram landscape larger last later length letterbox longer look louder lower
    middle minute minutes motion move movie music mute nostalgic order original pace photo photos picture pictures
    pinterest portrait position quicker quieter record reel reels remove render reverse right second seconds
    sepia shorter shorts show shuffle size slide slides slideshow slower smaller snappier song sound square start
    stories story subtitle subtitles swap switch tender text tiktok timeline title titles top track transition
    transitions trim undo vertical video videos vintage vivid volume warm white wider widescreen wipe yellow youtube
    zoom zooming before after between every volume sepia kenburns background quiet loud speed slow fast longer
    shorter
    """.split()  # noqa: SIM905 -- a block of words is easier to read and edit than a list of literals
)
# Everyday words a slip-correction must not turn into one of the agent's ("shot" is not "show").
_PLAIN = frozenset(
    """
    about after again also away back been best both came come could does done down each even ever fine from gave
    give goes gone good great have here high hold into just keep kind know last left less like line long look made
    make many mine more most much must name need next nice only open over part pick play plus pull push rest same
    says seem shot shots should slot snap snaps some soon such sure take tell than that them then there these they
    thing think this those time told took turn very want were what when where which while will wish with would
    your yours ones pics people group selfie selfies sunset dinner family friends thanks please maybe little really
    mine lovely cute nicer place put lots half whole enough thing things sort song tone tune tunes sing dark light
    lite loop fast fact face faces save saved shown stay still time times type word words write wrote
    feel feels feeling vibe vibes mood road trip trips movie party beach city home love mom dad baby kids year
    fade fades fill film file files filename fold food fool foot form free fun gift glow gold hand hard head heat
    hike hill hope
    huge idea jump kiss lake land late lead life lift lime live lost loud main mark meal mild miss moon nest
    note pace page pain pair park past path peak pick pink plan pond pool pose post rain rare read real ride
    ring rise rock roll roof room rose rush safe sail sand sea seen self sent ship shop sign sink site skin
    skip slim snow soft sold sole sons soup spot star step stop swim tall team tear tent tide tile tiny tips
    toes tour town tree true ugly vase view wake walk wall warm wave week wide wild wind wine wing wood yard
    zone close clear cross drive earth every field first funny going hours house light month night ocean other
    outer paper party piece plant river round share short small smile sound space sport storm sweet table
    thank their theme there thing today tower train water where white whole world young
    """.split()  # noqa: SIM905 -- a block of words is easier to read and edit than a list of literals
)
_WORD = re.compile(r"[a-z]{4,}")
# Words people write apart or in a platform's own spelling.
_JOINED = (
    (re.compile(r"\btik[\s-]+tok\b"), "tiktok"),
    (re.compile(r"\byou[\s-]+tube\b"), "youtube"),
    (re.compile(r"\binsta[\s-]+gram\b|\binsta\b|\bins\b(?=\s+(?:story|stories|reels?|feed|post))"), "instagram"),
    (re.compile(r"\bslide[\s-]+show\b"), "slideshow"),
    (re.compile(r"\bcross[\s-]+fade"), "crossfade"),
    (re.compile(r"\bb&w\b|\bb\s*/\s*w\b"), "black and white"),
    # Texting shorthand: "pics r 2 long", "muisc way 2 loud", "cut em down a lil", "shud be last"
    (re.compile(r"\b2 (?=(?:loud|long|short|fast|slow|quiet|big|small|dark|bright|much)\b)"), "too "),
    (re.compile(r"\br\b(?=\s+(?:too|2|way|so|kinda|a bit|really)\b)"), "are"),
    (re.compile(r"\bem\b"), "them"),
    (re.compile(r"\blil\b"), "little"),
    (re.compile(r"\bshud\b|\bshld\b"), "should"),
    (re.compile(r"\bbc\b|\bcuz\b|\bcoz\b"), "because"),
    (re.compile(r"\bimo\b|\bimho\b|\btbh\b|\bngl\b|\blol\b|\blmao\b"), ""),
)
# Verbs said another way, written as the one the rules know: "把第三张拖到第一个", "drag the sunset to the end".
_SYNONYMS = (
    (re.compile(r"拖到|拖去|拽到"), "挪到"),
    (re.compile(r"\bdrag\b(?=\s+(?:it|that|this|them|the|photo|picture|pic|clip|video|img)\b)"), "move"),
)
# Chinese slips people make with a pinyin keyboard: the same sound, another character.
_ZH_SLIPS = (
    ("视屏", "视频"),
    ("每涨", "每张"),
    ("帧律", "帧率"),
    ("音亮", "音量"),
    ("撤消", "撤销"),
    ("小生", "小声"),
    ("删调", "删掉"),
    ("自排", "自拍"),
    ("拿张", "那张"),
    ("那涨", "那张"),
    ("那帐", "那张"),
    ("这帐", "这张"),
    ("节凑", "节奏"),
    ("标提", "标题"),
    ("没张", "每张"),
    ("字募", "字幕"),
    ("加个字母", "加个字幕"),
    ("加字母", "加字幕"),
    ("音岳", "音乐"),
    ("转厂", "转场"),
    ("竖平", "竖屏"),
    ("横平", "横屏"),
    ("照骗", "照片"),
    ("背景音月", "背景音乐"),
)


# Three-letter slips too short to judge by distance, and the words they stand for.
_SHORT = {
    "adn": "and",
    "teh": "the",
    "nad": "and",
    "vid": "video",
    "vids": "videos",
    "pic": "photo",
    "pics": "photos",
    # chat shorthand
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "cuz": "because",
    "bc": "because",
    "abt": "about",
}
_SHORT_SLIPS = re.compile(r"\b(?:" + "|".join(_SHORT) + r")\b")


@lru_cache(maxsize=4096)
def _known(word: str) -> str:
    if word in VOCABULARY or word in _PLAIN:
        return word
    limit = 1 if len(word) <= 6 else 2
    near = extract(word, VOCABULARY, scorer=OSA.distance, score_cutoff=limit, limit=6)
    if not near:
        return word
    # Of the words equally near, the one most alike ("gren": green, not grey).
    match, distance, _ = min(near, key=lambda f: (f[1], -fuzz.ratio(word, f[0])))
    # A slip keeps the word's first letter (or swaps the first two): "blak", "dwon", "vertcal".
    if match[0] != word[0] and match[:2] != word[1::-1]:
        return word
    return str(match) if distance <= limit else word


def correct(text: str) -> str:
    """`text` (lower-cased) with joined-up platform names and near-misses of the agent's words put right."""
    for pattern, word in _JOINED:
        text = pattern.sub(word, text)
    for pattern, word in _SYNONYMS:
        text = pattern.sub(word, text)
    text = chinese_slips(text)
    text = _SHORT_SLIPS.sub(lambda m: _SHORT[m.group(0)], text)
    return _WORD.sub(lambda m: _known(m.group(0)), text)


def chinese_slips(text: str) -> str:
    """`text` with pinyin-keyboard slips put right ("加个标提 我们的旅行": a title); before unquoted words are
    lifted, so the noun that introduces them is known."""
    for slip, right in _ZH_SLIPS:
        text = text.replace(slip, right)
    return text
