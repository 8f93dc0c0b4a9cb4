"""MoviePy 2 with the same effects: each photo contained, zooming 1.0 -> 1.08, crossfading into the next."""

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
