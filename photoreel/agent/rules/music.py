"""Background music: add an uploaded audio file or a library track by mood, change track, set its volume and
fades, or remove it."""

from __future__ import annotations

import re
from dataclasses import replace

from photoreel.agent.degree import degree
from photoreel.agent.plan import Command, Edit, Step, View
from photoreel.agent.rules.common import NO_AS_NONE, SECONDS, SOFTLY, TAKE_AWAY, duration_ms, ordinal, percent
from photoreel.agent.text import NUMBER, Clause
from photoreel.media.library import ID_PREFIX, LIBRARY_FADE_OUT_MS, choose
from photoreel.timeline import AudioSegment, ClipSegment, MediaRef
from photoreel.timeline.ops import AddMedia, RemoveMusic, SetMusic, SetMusicVolume

_MUSIC = (
    r"\bmusic\b|\bbgm\b|\bsong\b|\bsoundtrack\b|\baudio\b|\bvolume\b|\bmute\b|\bin the background\b"
    r"|\bbackground track\b|背景音乐|背景乐|音乐|配乐|音量|声音|静音|歌|bgm"
)
# The person's own upload, said without its file name.
SOFT_VOLUME = 0.4  # music asked for "not too loud", "softly"
_MINE = (
    r"\bmy (?:own )?(?:song|music|track|audio|tune|file)\b|\bthe (?:song|track|music) i (?:uploaded|sent|added)\b"
    r"|我的歌|我上传的|我自己的(?:歌|音乐)|我传的|自己传的|自己上传的|我发的那首"
)
# "我传了首歌的 怎么没声音啊", "where's my song?": the person's song missed on the video (or muted)
_WHERE_IS_IT = re.compile(
    r"怎么没(?:有)?(?:声音|音乐|歌)|为什么没(?:有)?(?:声音|音乐)|为啥没(?:有)?(?:声音|音乐)"
    r"|^(?:我的)?(?:音乐|歌)(?:呢|去哪了|哪去了)[?？]*$"
    r"|\bwhere'?s (?:my|the) (?:song|music)\b|\bwhere is (?:my|the) (?:song|music)\b"
    r"|\bwhy (?:is there|isn'?t there) no (?:music|sound)\b"
    r"|\bi can'?t hear (?:my|any) (?:song|music)\b"
)
_REMOVE = (
    TAKE_AWAY + "|" + NO_AS_NONE + r"|\bwithout\b|\bmute\b|\bturn off\b"
    r"|\bdon'?t want (?:any )?(?:music|songs?)\b|\bdo not want (?:any )?(?:music|songs?)\b|\btake (?:the )?(?:music"
    r"|song) off\b|^(?:the )?(?:music|song|bgm|soundtrack)\s+off$|\b(?:music|song|bgm|soundtrack) can go\s*$"
    r"|关掉|关了|关闭|静音|取消"
)
# "怎么没声音啊" asks why it is silent: not a wish for silence
_MUTE = (
    r"\bmute\b|\bsilence\b|静音|(?<!怎么)(?<!为什么)(?<!为啥)没声音(?![啊呢吗？?])"
    r"|(?<!why )(?<!why is there )\bno sound\b"
)
_UNMUTE = r"\bunmute\b|\bsound (?:back )?on\b|取消静音|(?:把)?声音(?:打开|开回来|恢复)|打开声音|开声音"


def _bare_mute(text: str) -> bool:
    """ "mute it", "静音", "no sound": a mute that names neither the music nor a clip."""
    named = r"\bmusic\b|\bsong\b|\bbgm\b|\bsoundtrack\b|\bclips?\b|\bvideo\b|\bfootage\b|音乐|歌|配乐|视频|片段"
    return re.search(_MUTE, text) is not None and not re.search(named, text) and percent(text) is None


def both_sounding(view: View) -> Command | None:
    """A question offering the music and each clip heard, when music plays and a clip has its own sound."""
    timeline = view.timeline
    if not timeline.music or timeline.music[0].volume <= 0:
        return None
    media = timeline.media_by_id
    heard = [
        (i, media[s.media_id].name)
        for i, s in enumerate(timeline.segments)
        if isinstance(s, ClipSegment) and s.volume > 0 and s.media_id in media and media[s.media_id].has_audio
    ]
    return Command("which-sound", ((-1, "music"), *heard)) if heard else None


def _level_before_mute(view: View) -> float:
    """The level the music had before it was muted, when the last turn muted it; else full."""
    before = view.previous.music[0] if view.previous is not None and view.previous.music else None
    return before.volume if before is not None and before.volume > 0 else 1.0


# "fade out the music over 3 seconds": the length may come a few words after the verb.
_FADE_IN = re.compile(
    rf"fade[\s-]*(?:it\s+|the (?:music|song)\s+)?in\b(?:\D{{0,30}}?({NUMBER})\s*{SECONDS})?"
    rf"|淡入\D{{0,6}}?(?:({NUMBER})\s*秒)?"
)
_FADE_OUT = re.compile(
    rf"fade[\s-]*(?:it\s+|the (?:music|song)\s+)?out\b(?:\D{{0,30}}?({NUMBER})\s*{SECONDS})?"
    rf"|淡出\D{{0,6}}?(?:({NUMBER})\s*秒)?"
)
_DEFAULT_FADE_MS = 2000
_LOUDER = r"\blouder\b|\bhigher\b|大声|调高|提高音量"
# The library's moods, by the words people use for them (EN + ZH); the first that matches wins.
_MOOD_WORDS = (
    (
        "energetic",
        r"\benergetic\b|\blivelier\b|\bmore upbeat\b|\bupbeat\b|\b(?:more |some |lots of |with )energy\b"
        r"|\bpepp(?:y|ier)\b"
        r"|\blively\b|\bexciting\b|\bepic\b|\bdance\b|\bpumped\b|\bhype\b"
        r"|\bfast\b|\bpowerful\b|\bpumping\b|\bworkout\b|\bgym\b|动感|激昂|热血|燃|劲爆|节奏感|嗨|冲劲|能量|活力"
        r"|带劲|有劲",
    ),
    (
        "happy",
        r"\bhappy\b|\bhappier\b|\bcheerier\b|\bcheerful\b|\bjoyful\b|\bfun\b|\bbright\b|\bsunny\b|\bplayful\b|欢快"
        r"|开心|快乐|愉快|轻快|活泼",
    ),
    (
        "calm",
        r"\bcalm(?:er)?\b|\brelax(?:ed|ing)?\b|\bchill(?:er)?\b|\bmellow(?:er)?\b|\blo-?fi\b|\bpeaceful\b|\bquiet\b"
        r"|\bambient\b|\bsoothing\b"
        r"|安静|舒缓|平静|放松|轻松|治愈|慢节奏",
    ),
    (
        "nostalgic",
        r"\bnostalgi[ac]\b|\bsad\b|\bemotional\b|\bbittersweet\b|难过|悲伤|忧伤|\bretro\b|\bmemories\b"
        r"|\bmelanchol\w*|\bsentimental\b|\bwistful\b|怀旧|回忆|伤感|复古",
    ),
    (
        "tender",
        r"\btender\b|\bromantic\b|\bsweet(?:er)?\b|\bgentler\b|\blove\b|\bgentle\b|\bwedding\b|\bwarm\b|浪漫|温柔"
        r"|甜蜜|温馨|爱情|婚礼",
    ),
)
_ANOTHER = (
    r"\banother\b|\bdifferent\b|\bsomething else\b|\bnext (?:song|track)\b|\bchange (?:the )?(?:song|music|track)\b"
    r"|\bother (?:song|track)\b|换一首|换首|换一个|换个|下一首|别的歌|其他音乐"
)
# Words that make a mood word about the picture, not the song ("more warm colours", "a more gentle transition").
_OTHER_THAN_MUSIC = (
    r"\btransitions?\b|\bcolou?rs?\b|\btones?\b|\bfilter\b|\blook\b|\bgrade\b|\bphotos?\b|\bpictures?\b"
    r"|\bzoom\b|\bmotion\b|\bbright(?:er|ness)?\b|转场|颜色|色调|滤镜|照片|画面|亮"
)
# Words that are about a song even without "music": "换一首" (首 counts songs), "another track".
_SONG = r"\btracks?\b|\btunes?\b|换一首|换首|下一首|一首|曲子"
# Asking for music to be there (not for an existing track to change): only these pick from the library.
_WANT = (
    r"\badd\b|\bput\b|\bplay\b|\buse\b|\bgive\b|\bwant\b|\bsome\b|\bwith\b|\bneed\b|\bpick\b|\bchoose\b"
    r"|来点|来一首|加|配|放|用|要|选"
)
_QUIETER = r"\bquieter\b|\bsofter\b|\blower\b|小声|调低|降低音量"
_BARE_LEVEL = re.compile(
    r"(?:\bmusic|\bvolume|\bbgm|音量|音乐|bgm)\s*(?:at|to|=|调到|调成|改成|设为|开到|降到|到)?"
    r"\s*(?:like |about |around |maybe |roughly |大概|差不多)?(\d{1,3})"
    r"(?![\d.]|\s*(?:s\b|sec|秒|fps|帧))"
)
# A clause that is only "music" ("with music", "背景音乐") asks for some.
_BARE = re.compile(
    r"(?:(?:and|with|some|the|my|add|plus|also)\s+)*(?:music|song|bgm|soundtrack|a song)(?:\s+(?:please|too|as well))?"
    r"|(?:加|配|加上|配上|带|有)?\s*(?:背景音乐|音乐|配乐|bgm)(?:吧|呀)?"
)


def _fade(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    if not m:
        return None
    amount = next((g for g in m.groups() if g), None)
    return duration_ms(f"{amount} s") if amount else _DEFAULT_FADE_MS


_LOWERING = (
    r"\b(?:turn|bring|put)\w*\b.{0,20}\bdown\b|\blower\b|\breduce\b|\bdecrease\b|\bquieter\b"
    r"|调小|调低|降低|降到|小声|减小"
)
_OLD_SONG = (
    r"\bthe (?:old|previous|original|other|last) (?:one|song|track|music)\b|\bthe one before\b|\bold one\b"
    r"|原来(?:那|的)(?:首|个)?(?:歌|音乐)?|之前(?:那|的)(?:首|个)(?:歌|音乐)?|刚才(?:那|的)首|上一首|原来那首"
)
_AS_MUSIC = (
    r"\bas (?:the |my )?(?:background )?(?:music|soundtrack|bgm|song)\b|当(?:作|成)?(?:背景)?(?:音乐|配乐|bgm|BGM)"
    r"|作为(?:背景)?(?:音乐|配乐)|做(?:背景)?(?:音乐|配乐)"
)


def _sounds(media: tuple[MediaRef, ...]) -> list[MediaRef]:
    return [m for m in media if m.kind == "audio" or (m.kind == "video" and m.has_audio)]


def _named_sound(text: str, clause: Clause, media: tuple[MediaRef, ...]) -> MediaRef | None:
    """The sound whose file name (or its stem) the person wrote, quoted or not."""
    names = [q.lower() for q in clause.quotes] + [text]
    for ref in reversed(_sounds(media)):
        stem = ref.name.lower().rsplit(".", 1)[0]
        if any(ref.name.lower() in n or (len(stem) > 2 and stem in n) for n in names):
            return ref
    return None


def _audio_named(text: str, clause: Clause, media: tuple[MediaRef, ...]) -> MediaRef | None:
    """The sound named, else the last song uploaded (a clip's sound is background music only when named)."""
    songs = [m for m in media if m.kind == "audio"]
    return _named_sound(text, clause, media) or (songs[-1] if songs else None)


_DARK = 0.38  # median brightness under which photos read as evening, indoors, quiet
_WARM, _COOL = 0.06, -0.04  # median (red - blue) share of warm light (sunsets, candles) and of cool (snow, sea)


def _uploaded(view: View) -> tuple[MediaRef, ...]:
    """The person's own media: everything but the library tracks a turn has added."""
    return tuple(m for m in view.timeline.media if not m.id.startswith(ID_PREFIX))


# "换成我传的第二首歌", "delete the second song": a song counted among the ones sent
_NTH_SONG = re.compile(r"\bthe (?P<en>second|third|fourth|2nd|3rd|4th) (?:song|track|tune)\b|第(?P<zh>[二三四2-4])首")


# A song named by what it is, among the person's ("the jazz song i uploaded", "我传的那首周杰伦"), or by its title
# and artist ("用周杰伦的晴天当背景音乐"): with no such file, nothing to put on (a library song would be a guess)
_NAMED_SONG = re.compile(
    r"\bthe (?P<en>[a-z][\w'-]{2,20}) (?:song|track|tune) (?:that )?(?:i|we) (?:uploaded|sent|added)\b"
    r"|用(?P<zh>[^，,。\s的]{2,8}的[^，,。\s]{1,8}?)(?:这首歌|那首歌|这首|那首)?(?:当|作为|做)(?:背景)?音乐"
    r"|我传的那首(?!歌|曲)(?P<zh2>[^，,。\s加放用换]{2,8})"
)
_NOT_A_NAME = re.compile(r"own|new|old|other|favou?rite|last|first|second|uploaded|that|this")
_NOT_A_NAME_ZH = re.compile(r"这|那|我|自己|上传|传的")


def _unknown_song(text: str, view: View) -> bool:
    m = _NAMED_SONG.search(text)
    if m is None:
        return False
    name = next(g for g in m.groups() if g).lower()
    words = [w for w in re.split(r"[\s的]+", name) if w]
    if any(_NOT_A_NAME.fullmatch(w) for w in words) or _NOT_A_NAME_ZH.search(name) or mood_of(name) is not None:
        return False  # "my own song", "the calm song i uploaded": not a name
    return not any(w in song.name.lower() for song in _songs(view) for w in words)


def _missed_song(view: View) -> list[Step] | None:
    """The person's latest song put on when none plays, or brought back when it plays muted."""
    current = view.timeline.music[0] if view.timeline.music else None
    if current is not None:
        return [Edit(SetMusicVolume(_level_before_mute(view)))] if current.volume == 0 else None
    songs = _songs(view)
    return [Edit(SetMusic(AudioSegment(songs[-1].id)))] if songs else None


def _songs(view: View) -> tuple[MediaRef, ...]:
    """The audio files the person uploaded, oldest first."""
    return tuple(m for m in _uploaded(view) if m.kind == "audio")


def some_music(view: View, mood: str | None) -> list[Step]:
    """Music for a rule that needs some (cutting on the beat, the whole-video recipe): the person's own uploaded
    song when there is one and no mood was said, else a library track."""
    uploaded = _songs(view)
    if uploaded and mood is None:
        return [Edit(SetMusic(AudioSegment(uploaded[-1].id)))]
    return from_library(view, mood or mood_of_photos(view), False, None, None) or []


def mood_of_photos(view: View) -> str | None:
    """A mood the photos suggest when none was said: dark ones calm, warm-lit ones tender, cool and bright ones
    energetic; None (the library's default) when they suggest nothing in particular."""
    photos = [m for m in view.timeline.media if m.kind == "image"]
    levels = sorted(m.exposure for m in photos if m.exposure is not None)
    warmth = sorted(m.warmth for m in photos if m.warmth is not None)
    if not levels:
        return None
    bright = levels[len(levels) // 2]
    warm = warmth[len(warmth) // 2] if warmth else 0.0
    if bright < _DARK:
        return "calm"
    if warm > _WARM:
        return "tender"
    if warm < _COOL and bright > 0.5:
        return "energetic"
    return None


def mood_of(text: str) -> str | None:
    return next((mood for mood, words in _MOOD_WORDS if re.search(words, text)), None)


def from_library(
    view: View, mood: str | None, another: bool, volume: float | None, current: AudioSegment | None
) -> list[Step] | None:
    """A library track of `mood` (or the current track's mood for "another one"), chosen the same way for the
    same session, never the one already playing."""
    media = view.timeline.media_by_id
    playing = media.get(current.media_id) if current is not None else None
    playing_track = next((t for t in view.library if playing is not None and t.media_id == playing.id), None)
    if mood is None and another and playing_track is not None:
        mood = playing_track.mood
    used = frozenset(t.name for t in view.library if t.media_id in media and another)
    if playing_track is not None:
        used |= {playing_track.name}
    track = choose(view.library, mood, seed=view.seed, used=used, playing=playing_track.name if playing_track else None)
    if track is None:
        return None
    steps: list[Step] = []
    if track.media_id not in media:
        steps.append(Edit(AddMedia(track.ref())))
    level = volume if volume is not None else (current.volume if current is not None else 1.0)
    steps.append(Edit(SetMusic(AudioSegment(track.media_id, volume=level, fade_out_ms=LIBRARY_FADE_OUT_MS))))
    return steps


# "no, the other one, the one I uploaded" right after music was put on: the person's song
_MINE_SAID_BARE = re.compile(
    r"\bthe one (?:i|we) (?:uploaded|sent|added|gave you)\b|(?:我|自己)(?:上)?传的那(?:首|个)|我发的那个"
)


def music(clause: Clause, view: View) -> list[Step] | None:
    text = clause.text
    nth = _NTH_SONG.search(text)
    if nth is not None:
        n = ordinal(nth.group("en") or nth.group("zh")) or 1
        if n > len(_songs(view)):
            return [Command("absent", ((0, "nth-song"),))]  # "把第二首歌删了" with one song sent: no such song
    missed = _missed_song(view) if _WHERE_IS_IT.search(text) else None
    if missed is not None:
        return missed
    if view.memory.subject == "music" and _MINE_SAID_BARE.search(text):
        text = _MINE_SAID_BARE.sub(" my song ", text)
    mood = mood_of(text)
    another = re.search(_ANOTHER, text) is not None
    timeline = view.timeline
    current = timeline.music[0] if timeline.music else None
    names_a_song = re.search(_SONG, text) is not None
    # "something more energetic" with music playing is about the music (a mood word alone, nothing else named).
    mood_of_music = (
        mood is not None
        and (
            (current is not None and re.search(r"\bsomething\b|\bmore\b|更|换", text))
            # "could you put on something tender from the library", "play something calm": only music plays
            or re.search(r"\bplay\b|\bput on\b|\bfrom the (?:music )?library\b|来一首|放一首|放首", text)
        )
        and not re.search(_OTHER_THAN_MUSIC, text)
    )
    if view.memory.subject == "clip" and not re.search(r"\bmusic\b|\bsong\b|\bbgm\b|音乐|歌|配乐", text):
        return None  # "I want it back at full volume" after muting the clip: the clip's sound, not music
    both = both_sounding(view)
    if both is not None and view.memory.subject != "music" and _bare_mute(text):
        return [both]  # "mute it" with the music and a clip's own sound playing: which?
    # A clip on the timeline is its own sound; its sound becomes the music only when said so ("use the beach
    # video's sound as the music"), not when named for something else ("the talking in the beach video").
    as_music = re.search(_AS_MUSIC, text) is not None
    placed = {seg.media_id for seg in timeline.segments}
    sounds = tuple(m for m in _uploaded(view) if m.kind == "audio" or as_music or m.id not in placed)
    # "energetic music instead of this lofi thing": the file named is the one to replace, not the one to use
    naming = re.sub(r"\b(?:instead of|rather than|other than|not)\s+(?:the |this |that |my )?\S+", " ", text)
    naming = re.sub(r"(?:不要|别用|换掉|而不是)\s*\S+", " ", naming)
    named_upload = _named_sound(naming, clause, sounds)
    if named_upload is None and _unknown_song(naming, view):
        return [Command("absent", ((0, "named-song"),))]  # "use the jazz song i uploaded" with only a lofi one
    names_a_file = named_upload is not None and named_upload.kind == "audio"  # "add lofi.mp3", "用lofi那首"
    mine = re.search(_MINE, text) is not None and not re.search(r"\bphotos?\b|\bpictures?\b|照片|图|张", text)
    # "no, I liked the old one better" after another song was put on: the one playing before
    before = view.previous.music[0] if view.previous is not None and view.previous.music else None
    if (
        re.search(_OLD_SONG, text)
        and before is not None
        and (current is None or current.media_id != before.media_id)
        and (view.memory.subject == "music" or re.search(_MUSIC, text))
    ):
        return [Edit(SetMusic(before))]
    # "add my song and fade it out at the end": "it" is the music just spoken of
    faded_it = view.memory.subject == "music" and bool(_FADE_IN.search(text) or _FADE_OUT.search(text))
    if not re.search(_MUSIC, text) and not (names_a_song or mood_of_music or names_a_file or mine or faded_it):
        return None
    if (
        current is None
        and timeline.clips
        and re.search(r"\bmute\b|静音|没声音|\bno sound\b", text)
        and not re.search(r"\bmusic\b|\bsong\b|音乐|歌", text)
    ):
        return None  # "mute it" after a clip, with no music: the clip's sound
    if current is None and re.search(_LOWERING, text) and not re.search(r"\b(?:add|use|put|play)\b|加|用|放", text):
        # "turn the music down to 20%" after it was removed: lowering what is not there changes nothing
        return [Command("absent", ((0, "music"),))]
    if current is not None and re.search(_UNMUTE, text) and percent(text) is None:
        return [Edit(SetMusicVolume(_level_before_mute(view)))]
    muted_only = re.search(_MUTE, text) and not re.search(_REMOVE, re.sub(_MUTE, " ", text))
    if current is not None and muted_only and percent(text) is None:
        # Muted, the song stays on the timeline at its place and fades: "unmute it" or "back at 40%" finds it.
        return [Edit(SetMusicVolume(0.0))]
    if re.search(_REMOVE, text) and percent(text) is None:
        return [Edit(RemoveMusic())]  # with no music, the edit's own error explains
    volume = percent(text)
    if volume is None:
        bare = _BARE_LEVEL.search(text)  # "music 40", "音量调到30": a level said without the % sign
        if bare and 0 < int(bare.group(1)) <= 100:
            volume = int(bare.group(1)) / 100
    if volume is None and current is not None:
        # Stepped as every relative change is (agent/degree.py), when the relative rule left the clause here
        # ("fade the music in and make it louder").
        if re.search(_LOUDER, text):
            volume = min(2.0, round(degree(text).apply(current.volume, True), 2))
        elif re.search(_QUIETER, text):
            volume = max(0.0, round(degree(text).apply(current.volume, False), 2))
    fade_in, fade_out = _fade(_FADE_IN, text), _fade(_FADE_OUT, text)
    chosen = _audio_named(naming, clause, sounds)
    # A file named outright ("use lofi.mp3") is the person's choice, whatever mood its name sounds like.
    named = named_upload is not None or (re.search(_MINE, text) is not None and chosen is not None)
    wants = re.search(_WANT, text) is not None or mood is not None or another
    if view.library and not named and (mood or (another and current is not None) or (wants and chosen is None)):
        picked = from_library(view, mood or (None if another else mood_of_photos(view)), another, volume, current)
        if picked is not None:
            return picked
    # Another sound than the one playing, named by its file or as the person's own ("actually use my own song").
    named_new = (
        chosen is not None
        and current is not None
        and chosen.id != current.media_id
        and (any(chosen.name.lower() in q.lower() for q in clause.quotes) or named)
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
    if current is None and (fade_in is not None or fade_out is not None) and not (wants or named):
        # "fade out the music at the end" with none on the timeline: a change to music that is not there, not
        # a request to add it
        return [Command("absent", ((0, "music"),))]
    if not (
        wants or named or volume is not None or fade_in is not None or fade_out is not None or _BARE.fullmatch(text)
    ):
        return None  # "the music is kinda meh": not a request to add the song at full volume
    if chosen is None:
        return [Command("need-music")]
    kept = current.volume if current is not None else 1.0  # another song plays at the level set
    if current is None and volume is None and SOFTLY.search(text):
        kept = SOFT_VOLUME  # "use my song but not too loud"
    segment = AudioSegment(chosen.id, volume=kept if volume is None else volume)
    if fade_in is not None:
        segment = replace(segment, fade_in_ms=fade_in)
    if fade_out is not None:
        segment = replace(segment, fade_out_ms=fade_out)
    return [Edit(SetMusic(segment))]
