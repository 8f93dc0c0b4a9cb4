"""Background music: add an uploaded audio file, set its volume and fades, or remove it."""

from __future__ import annotations

import re
from dataclasses import replace

from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import SECONDS, duration_ms, percent
from photoreel.agent.text import NUMBER, Clause
from photoreel.timeline import AudioSegment, MediaRef
from photoreel.timeline.ops import RemoveMusic, SetMusic, SetMusicVolume

_MUSIC = r"\bmusic\b|\bbgm\b|\bsong\b|\bsoundtrack\b|\baudio\b|\bvolume\b|\bmute\b|背景音乐|音乐|配乐|音量|声音|静音|歌"
_REMOVE = r"\bremove\b|\bdelete\b|\bdrop\b|\bno\b|\bwithout\b|\bmute\b|\bturn off\b|去掉|删除|删掉|不要|关掉|静音|取消"
# "fade out the music over 3 seconds": the length may come a few words after the verb.
_FADE_IN = re.compile(rf"fade[\s-]*in\b(?:\D{{0,30}}?({NUMBER})\s*{SECONDS})?|淡入\D{{0,6}}?(?:({NUMBER})\s*秒)?")
_FADE_OUT = re.compile(rf"fade[\s-]*out\b(?:\D{{0,30}}?({NUMBER})\s*{SECONDS})?|淡出\D{{0,6}}?(?:({NUMBER})\s*秒)?")
_DEFAULT_FADE_MS = 2000
_LOUDER = r"\blouder\b|大声|调高|提高音量"
_QUIETER = r"\bquieter\b|\bsofter\b|\blower\b|小声|调低|降低音量"


def _fade(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    if not m:
        return None
    amount = next((g for g in m.groups() if g), None)
    return duration_ms(f"{amount} s") if amount else _DEFAULT_FADE_MS


def _audio_named(text: str, clause: Clause, media: tuple[MediaRef, ...]) -> MediaRef | None:
    sounds = [m for m in media if m.kind == "audio" or (m.kind == "video" and m.has_audio)]
    names = [q.lower() for q in clause.quotes] + [text]
    for ref in reversed(sounds):
        stem = ref.name.lower().rsplit(".", 1)[0]
        if any(ref.name.lower() in n or (len(stem) > 2 and stem in n) for n in names):
            return ref
    return sounds[-1] if sounds else None


def music(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    if not re.search(_MUSIC, text):
        return None
    timeline = view.timeline
    current = timeline.music[0] if timeline.music else None
    if re.search(_REMOVE, text) and percent(text) is None:
        return [Edit(RemoveMusic())]  # with no music, the edit's own error explains
    volume = percent(text)
    if volume is None and current is not None:
        if re.search(_LOUDER, text):
            volume = min(2.0, round(current.volume + 0.2, 2))
        elif re.search(_QUIETER, text):
            volume = max(0.0, round(current.volume - 0.2, 2))
    fade_in, fade_out = _fade(_FADE_IN, text), _fade(_FADE_OUT, text)
    chosen = _audio_named(text, clause, timeline.media)
    named_new = (
        chosen is not None
        and current is not None
        and chosen.id != current.media_id
        and any(chosen.name.lower() in q.lower() for q in clause.quotes)
    )
    if current is not None and not named_new:
        if fade_in is None and fade_out is None:
            return [Edit(SetMusicVolume(volume))] if volume is not None else None
        changed = replace(
            current,
            volume=current.volume if volume is None else volume,
            fade_in_ms=current.fade_in_ms if fade_in is None else fade_in,
            fade_out_ms=current.fade_out_ms if fade_out is None else fade_out,
        )
        return [Edit(SetMusic(changed))]
    if chosen is None:
        return [Command("need-music")]
    segment = AudioSegment(chosen.id, volume=1.0 if volume is None else volume)
    if fade_in is not None:
        segment = replace(segment, fade_in_ms=fade_in)
    if fade_out is not None:
        segment = replace(segment, fade_out_ms=fade_out)
    return [Edit(SetMusic(segment))]
