"""The FFmpeg command-line recipe people use: per image scale+pad+zoompan, then a chain of xfade filters.

Two forms. The plain one is the recipe as usually posted: each photo is decoded and scaled to the frame once and
`zoompan` repeats it. `zoompan` crops whole input pixels, so its motion jitters by up to a pixel or two per frame;
the usual fix (the "smooth" form) upscales each photo first (4x the frame here; posts often say `scale=8000:-1`),
which shrinks the jitter but makes every frame a resample of a ~30 MP picture.

With clips (W5) it is one invocation too: each photo zoompans as in the plain form, each clip goes through the
same scale/pad/fps/format chain and `tpad` holds its first and last frames for the half transitions that
straddle its cuts (as photoreel does), an `xfade` chain joins them all; the clips' sound is delayed into place
with `adelay` and mixed with the music by `amix`, the music at 30% and lowered 10 dB while a clip plays (a
stepped `volume` expression; photoreel eases the same dip in and out).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from benchmarks.workloads import FADE_S, FPS, X264_CRF, X264_PRESET, ZOOM, Workload
from photoreel.render.fonts import default_font_path

SMOOTH_UPSCALE = 4  # the anti-jitter upscale of the smooth form, as a multiple of the frame


def command(w: Workload, out: Path, smooth: bool = False) -> list[str]:
    if w.clips:
        return command_with_clips(w, out)
    n = len(w.photos)
    width, height = w.size
    up = SMOOTH_UPSCALE if smooth else 1
    # xfade overlaps neighbours, so each clip is longer than its share to end at the same total.
    clip_s = (w.duration_s + (n - 1) * FADE_S) / n
    frames = round(clip_s * FPS)
    cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]
    for photo in w.photos:
        cmd += ["-i", str(photo)]
    if w.music:
        cmd += ["-i", str(w.music)]
    chains = []
    for i in range(n):
        chains.append(
            f"[{i}:v]scale={width * up}:{height * up}:force_original_aspect_ratio=decrease,"
            f"pad={width * up}:{height * up}:(ow-iw)/2:(oh-ih)/2,setsar=1,"
            f"zoompan=z='1+{ZOOM - 1:.4f}*on/{frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)'"
            f":d={frames}:s={width}x{height}:fps={FPS},format=yuv420p[v{i}]"
        )
    last = "v0"
    for k in range(1, n):
        offset = k * (clip_s - FADE_S)
        chains.append(f"[{last}][v{k}]xfade=transition=fade:duration={FADE_S}:offset={offset:.3f}[x{k}]")
        last = f"x{k}"
    if w.caption:
        font = str(default_font_path()).replace(":", r"\:")
        chains.append(
            f"[{last}]drawtext=fontfile='{font}':text='{w.caption}':fontsize={round(0.08 * height)}:fontcolor=white:"
            f"x=(w-tw)/2:y=(h-th)/2:enable='lt(t,3)'[titled]"
        )
        last = "titled"
    cmd += ["-filter_complex", ";".join(chains), "-map", f"[{last}]"]
    if w.music:
        cmd += ["-map", f"{n}:a", "-c:a", "aac", "-b:a", "160k", "-ar", "48000"]
    cmd += ["-t", f"{w.duration_s}", "-c:v", "libx264", "-pix_fmt", "yuv420p"]
    cmd += ["-preset", X264_PRESET, "-crf", str(X264_CRF)]
    cmd += ["-r", str(FPS), "-movflags", "+faststart", str(out)]
    return cmd


def command_with_clips(w: Workload, out: Path) -> list[str]:
    """Photos and clips in play order (W5), each shown exactly when photoreel shows it (`Workload.shown`)."""
    width, height = w.size
    fit = (
        f"scale={width}:{height}:force_original_aspect_ratio=decrease,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1"
    )
    shown = w.shown()
    cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]
    for item in shown:
        cmd += ["-i", str(item.path)]
    assert w.music is not None
    cmd += ["-i", str(w.music)]
    music = len(shown)
    chains, sounds = [], []
    for i, item in enumerate(shown):
        if item.clip:
            chains.append(
                f"[{i}:v]fps={FPS},trim=end_frame={item.frames_of_clip},setpts=PTS-STARTPTS,{fit},format=yuv420p,"
                f"tpad=start={item.lead_frames}:stop={item.tail_frames}:start_mode=clone:stop_mode=clone[v{i}]"
            )
            at_ms = round(item.cut_frame * 1000 / FPS)
            chains.append(
                f"[{i}:a]atrim=0:{w.clip_s},asetpts=PTS-STARTPTS,afade=t=in:d={FADE_S},"
                f"afade=t=out:st={w.clip_s - FADE_S}:d={FADE_S},adelay={at_ms}|{at_ms}[a{i}]"
            )
            sounds.append(f"[a{i}]")
        else:
            chains.append(
                f"[{i}:v]{fit},zoompan=z='1+{ZOOM - 1:.4f}*on/{item.frames}':x='iw/2-(iw/zoom/2)':"
                f"y='ih/2-(ih/zoom/2)':d={item.frames}:s={width}x{height}:fps={FPS},format=yuv420p[v{i}]"
            )
    last = "v0"
    for k in range(1, len(shown)):
        offset = shown[k].start_frame / FPS
        chains.append(f"[{last}][v{k}]xfade=transition=fade:duration={FADE_S}:offset={offset:.4f}[x{k}]")
        last = f"x{k}"
    playing = "+".join(
        f"between(t,{s.cut_frame / FPS:.4f},{(s.cut_frame + s.frames_of_clip) / FPS:.4f})" for s in shown if s.clip
    )
    chains.append(
        f"[{music}:a]atrim=0:{w.duration_s},asetpts=PTS-STARTPTS,volume={w.music_volume},"
        f"volume='if({playing},{10 ** (-10 / 20):.4f},1)':eval=frame,afade=t=out:st={w.duration_s - 1}:d=1[music]"
    )
    chains.append(f"[music]{''.join(sounds)}amix=inputs={1 + len(sounds)}:duration=first:normalize=0[mix]")
    cmd += ["-filter_complex", ";".join(chains), "-map", f"[{last}]", "-map", "[mix]"]
    cmd += ["-c:a", "aac", "-b:a", "160k", "-ar", "48000"]
    cmd += ["-t", f"{w.duration_s}", "-c:v", "libx264", "-pix_fmt", "yuv420p"]
    cmd += ["-preset", X264_PRESET, "-crf", str(X264_CRF)]
    cmd += ["-r", str(FPS), "-movflags", "+faststart", str(out)]
    return cmd


def available() -> bool:
    return shutil.which("ffmpeg") is not None


def run(w: Workload, out: Path) -> Path:
    subprocess.run(command(w, out), check=True)
    return out


def run_smooth(w: Workload, out: Path) -> Path:
    subprocess.run(command(w, out, smooth=True), check=True)
    return out
