"""MoviePy 2 with the same effects: each photo contained, zooming 1.0 -> 1.08, crossfading into the next.

With clips (W5): photos and clips composed on one CompositeVideoClip, each placed and shown exactly when
photoreel shows it (`Workload.shown`) and crossfading in; a clip holds its first and last frames over the half
transitions beyond its own length (a time transform). Its sound, faded in and out over the transitions, is
mixed with the music in a CompositeAudioClip; the music plays at 30% and `MultiplyVolume` lowers it 10 dB while
a clip plays. A photo's layer is only as wide as the contained photo, so across a clip -> photo fade the clip
stays in the photo's bars until its layer ends, where photoreel and FFmpeg fade the bars to black with the rest.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.workloads import FADE_S, FPS, X264_CRF, X264_PRESET, ZOOM, Workload


def available() -> bool:
    try:
        import moviepy  # noqa: F401
    except ImportError:
        return False
    return True


def run(w: Workload, out: Path) -> Path:
    if w.clips:
        return run_with_clips(w, out)
    from moviepy import AudioFileClip, CompositeVideoClip, ImageClip, TextClip, vfx

    from photoreel.render.fonts import default_font_path

    width, height = w.size
    n = len(w.photos)
    clip_s = (w.duration_s + (n - 1) * FADE_S) / n
    clips = []
    for i, photo in enumerate(w.photos):
        base = ImageClip(str(photo)).with_duration(clip_s)
        fit = min(width / base.w, height / base.h)
        base = base.resized(fit)  # shrink once, as anyone would, before animating
        zooming = base.resized(lambda t, d=clip_s: 1 + (ZOOM - 1) * t / d)
        clip = zooming.with_position("center").with_start(i * (clip_s - FADE_S))
        if i:
            clip = clip.with_effects([vfx.CrossFadeIn(FADE_S)])
        clips.append(clip)
    if w.caption:
        title = TextClip(font=str(default_font_path()), text=w.caption, font_size=round(0.08 * height), color="white")
        clips.append(title.with_duration(3).with_position("center"))
    video = CompositeVideoClip(clips, size=(width, height)).with_duration(w.duration_s)
    if w.music:
        video = video.with_audio(AudioFileClip(str(w.music)).with_duration(w.duration_s))
    video.write_videofile(
        str(out),
        fps=FPS,
        codec="libx264",
        preset=X264_PRESET,
        ffmpeg_params=["-crf", str(X264_CRF), "-pix_fmt", "yuv420p"],
        audio_codec="aac" if w.music else None,
        threads=2,
        logger=None,
    )
    return out


def run_with_clips(w: Workload, out: Path) -> Path:
    from moviepy import AudioFileClip, CompositeAudioClip, CompositeVideoClip, ImageClip, VideoFileClip, afx, vfx

    width, height = w.size
    layers, sounds, opened = [], [], []
    duck = []
    for i, item in enumerate(w.shown()):
        seconds = item.frames / FPS
        if item.clip:
            source = VideoFileClip(str(item.path))
            opened.append(source)
            lead, last = item.lead_frames / FPS, (item.frames_of_clip - 1) / FPS
            held = source.without_audio().time_transform(lambda t, lead=lead, last=last: min(max(t - lead, 0), last))
            fit = min(width / source.w, height / source.h)
            layer = (held if fit == 1 else held.resized(fit)).with_duration(seconds)
            starts = item.cut_frame / FPS
            sound = source.audio.subclipped(0, w.clip_s)
            sound = sound.with_effects([afx.AudioFadeIn(FADE_S), afx.AudioFadeOut(FADE_S)]).with_start(starts)
            sounds.append(sound)
            duck.append(afx.MultiplyVolume(10 ** (-10 / 20), start_time=starts, end_time=starts + w.clip_s))
        else:
            base = ImageClip(str(item.path)).with_duration(seconds)
            base = base.resized(min(width / base.w, height / base.h))  # shrink once, before animating
            layer = base.resized(lambda t, d=seconds: 1 + (ZOOM - 1) * t / d)
        layer = layer.with_position("center").with_start(item.start_frame / FPS)
        if i:
            layer = layer.with_effects([vfx.CrossFadeIn(FADE_S)])
        layers.append(layer)
    assert w.music is not None
    music = AudioFileClip(str(w.music)).subclipped(0, w.duration_s)
    music = music.with_effects([afx.MultiplyVolume(w.music_volume), *duck, afx.AudioFadeOut(1.0)])
    # On opaque black: MoviePy's default background is transparent and its alpha is dropped when writing, so a
    # layer fading in over a photo's bars would show there at full strength from its first frame.
    video = CompositeVideoClip(layers, size=(width, height), bg_color=(0, 0, 0)).with_duration(w.duration_s)
    video = video.with_audio(CompositeAudioClip([music, *sounds]).with_duration(w.duration_s))
    video.write_videofile(
        str(out),
        fps=FPS,
        codec="libx264",
        preset=X264_PRESET,
        ffmpeg_params=["-crf", str(X264_CRF), "-pix_fmt", "yuv420p"],
        audio_codec="aac",
        audio_fps=48_000,
        audio_bitrate="160k",
        threads=2,
        logger=None,
    )
    for source in opened:
        source.close()
    return out
