"""One request, one finished video: "turn these into something nice", "用这些照片做个视频吧" on a session with no
music yet applies the whole recipe — the weak shots left out (near-duplicates, blurry), the rest in the order they
were taken, a library track whose mood suits the photos (or the one said), cuts on its beat, a title if one was
quoted — and the reply says what was chosen. One turn, so one "undo" takes it all back."""

from __future__ import annotations

import re

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.music import mood_of, mood_of_photos, some_music
from photoreel.agent.rules.picks import leaving_out, weak_shots
from photoreel.agent.text import Clause
from photoreel.timeline import TextSegment
from photoreel.timeline.ops import AddMedia, AddText, SortPhotos, SyncToBeat

_WHOLE = (
    r"\bsomething (?:nice|beautiful|great|cool|special|fun)\b"
    r"|\bmake (?:these|them|my photos) (?:look )?(?:good|nice|great|beautiful)\b"
    r"|\bturn (?:these|them|this|my photos|the photos) into (?:a video|something|a movie|a reel)\b"
    r"|\bmake (?:me )?a (?:nice |beautiful |great |good )?(?:video|movie|reel) (?:from|of|with) "
    r"(?:these|them|my photos)\b"
    r"|\bsurprise me\b|\bdo your (?:thing|magic)\b|\bauto[- ]?edit\b"
    r"|(?:用|拿)这些(?:照片|图片)?做(?:个|一个|一段)视频|帮我做(?:个|一个)(?:好看的)?视频|做(?:个|一个)好看的视频"
    r"|做个视频吧|一键成片|自动剪辑|随便做(?:一)?个"
)
_TITLE_MS = 3000


def recipe(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    timeline = view.timeline
    if not re.search(_WHOLE, text) or timeline.music or not timeline.segments or not view.library:
        return None
    steps: list[Step] = []
    gone = weak_shots(timeline)
    if gone:
        steps.extend(leaving_out(timeline, gone))
    dated = [m for m in timeline.media if m.kind == "image" and m.taken_at]
    if len(dated) >= 2:
        steps.append(Edit(SortPhotos("date")))
    said = mood_of(text)
    mood = said or mood_of_photos(view) or "happy"
    music = some_music(view, said)
    steps.extend(music)
    steps.append(Edit(SyncToBeat()))
    for quote in clause.quotes[:1]:
        steps.append(Edit(AddText(TextSegment(quote, 0, _TITLE_MS))))
    told: list[tuple[int, str]] = [(len(gone), "left"), (int(len(dated) >= 2), "dated"), (0, f"mood:{mood}")]
    for step in music:
        if isinstance(step, Edit) and isinstance(step.op, AddMedia):
            told.append((round(step.op.ref.bpm or 0), f"track:{step.op.ref.name}"))
    steps.append(Command("recipe", tuple(told)))
    return steps
