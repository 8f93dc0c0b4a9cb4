"""Re-exports from the chunk cache (issue 17): W2's album exported once, then again after each kind of edit,
each as a ratio to the first export in the same run, as `photoreel make` renders with its cache folder.

    python -m benchmarks.reexport [--write]      (part of `make bench`; --write adds the table to RESULTS.md)

Every export is the whole job: digests, planning, the chunks the cache lacks, the join with the soundtrack.
Peak memory is this process's (VmHWM), the cache-enabled path's.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import workloads
from benchmarks.contenders.photoreel_local import options
from photoreel.media import inspect_media
from photoreel.media.digest import file_digest
from photoreel.render.chunks import render_in_chunks
from photoreel.service.make import CACHE_CHUNK_S, build_timeline
from photoreel.store.chunk_folder import FolderChunkCache
from photoreel.timeline.effects import Transition
from photoreel.timeline.model import Timeline

ROOT = Path(__file__).resolve().parent
GOALS = {"title word": 0.15, "photo swap (middle)": 0.25, "music volume": 0.05, "aspect 16:9 -> 9:16": 1.0}

Edit = Callable[[Timeline, dict[str, Path], Path], Timeline]


def _title(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    return dataclasses.replace(t, texts=(dataclasses.replace(t.texts[0], text="Lisbon 2026"),))


def _with(t: Timeline, s: dict[str, Path], extra: Path) -> tuple[Timeline, str]:
    ref = inspect_media(extra).ref("extra", extra.name)
    s[ref.id] = extra
    return dataclasses.replace(t, media=(*t.media, ref)), ref.id


def _swap(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    t, media_id = _with(t, s, extra)
    segments = list(t.segments)
    middle = len(segments) // 2
    segments[middle] = dataclasses.replace(segments[middle], media_id=media_id)
    return dataclasses.replace(t, segments=tuple(segments))


def _insert(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    t, media_id = _with(t, s, extra)
    segments = list(t.segments)
    segments.insert(len(segments) // 2, dataclasses.replace(segments[0], media_id=media_id))
    return dataclasses.replace(t, segments=tuple(segments))


def _remove(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    middle = len(t.segments) // 2
    return dataclasses.replace(t, segments=tuple(seg for i, seg in enumerate(t.segments) if i != middle))


def _transition(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    segments = list(t.segments)
    middle = len(segments) // 2
    segments[middle] = dataclasses.replace(segments[middle], transition=Transition("wipeleft", 500))
    return dataclasses.replace(t, segments=tuple(segments))


def _music(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    return dataclasses.replace(t, music=(dataclasses.replace(t.music[0], volume=t.music[0].volume * 0.5),))


def _aspect(t: Timeline, s: dict[str, Path], extra: Path) -> Timeline:
    return dataclasses.replace(t, output=dataclasses.replace(t.output, aspect="9:16"))


EDITS: dict[str, Edit] = {
    "title word": _title,
    "photo swap (middle)": _swap,
    "photo insert (middle)": _insert,
    "photo removal (middle)": _remove,
    "transition (middle)": _transition,
    "music volume": _music,
    "aspect 16:9 -> 9:16": _aspect,
}


class _Counting(FolderChunkCache):
    def __init__(self, root: Path) -> None:
        super().__init__(root, max_bytes=1 << 40)
        self.rendered = 0

    def keep(self, identity: str, rendered: Path) -> Path:
        self.rendered += 1
        return super().keep(identity, rendered)


def _export(timeline: Timeline, sources: dict[str, Path], cache: _Counting, out: Path) -> tuple[float, int]:
    cache.rendered = 0
    started = time.perf_counter()
    digests = {seg.media_id: file_digest(sources[seg.media_id]) for seg in timeline.segments}
    render_in_chunks(timeline, sources, out, cache, chunk_s=CACHE_CHUNK_S, digests=digests)
    return time.perf_counter() - started, cache.rendered


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def prepare(data: Path) -> None:
    """The album's photos and music, made once (a run finds them made)."""
    workloads.build("W2", data)
    workloads.make_photo(workloads.Photo((4000, 3000), "JPEG"), data / "w2-extra.jpg", seed=999)


def measure(folder: Path, data: Path) -> list[str]:
    w = workloads.build("W2", data)  # made already, by another process: its memory is not counted here
    extra = data / "w2-extra.jpg"
    opts = dataclasses.replace(options(w), title="Lisbon")
    timeline, sources = build_timeline([inspect_media(p) for p in w.photos], opts, inspect_media(w.music))
    cache = _Counting(folder / "cache")
    first_s, first_chunks = _export(timeline, sources, cache, folder / "first.mp4")
    lines = [
        f"W2 ({len(w.photos)} photos, {w.duration_s:g} s at 1080p30, {first_chunks} chunks of about "
        f"{CACHE_CHUNK_S:g} s): first export **{first_s:.1f} s**; each edit below is applied to that first "
        "timeline and exported from the cache it left.",
        "",
        "| edit | chunks rendered | seconds | ratio to the first export | goal |",
        "|---|---|---|---|---|",
    ]
    for name, edit in EDITS.items():
        # Each edit is made to the first timeline; the chunks an earlier edit added show other scenes (another
        # photo, or the extra one at another time), so no edit finds what an earlier one rendered.
        edited_sources = dict(sources)
        edited = edit(timeline, edited_sources, extra)
        seconds, chunks = _export(edited, edited_sources, cache, folder / "again.mp4")
        goal = GOALS.get(name)
        lines.append(
            f"| {name} | {chunks} | {seconds:.2f} | **{seconds / first_s:.3f}x** | "
            + (f"<= {goal:g}x |" if goal and goal < 1 else "about 1x |" if goal else "- |")
        )
    lines += ["", f"Peak memory of this process, all eight exports and the 9:16 one included: {_peak_mb():.0f} MB."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="replace the re-export section of RESULTS.md")
    parser.add_argument("--data", type=Path, help="where the album's photos are made (kept for the next run)")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.data)
        return
    with tempfile.TemporaryDirectory(prefix="photoreel-reexport-") as work:
        data = args.data or Path(work) / "data"
        subprocess.run([sys.executable, "-m", "benchmarks.reexport", "--prepare", "--data", str(data)], check=True)
        lines = measure(Path(work), data)
        lines += ["", *first_export_lines(Path(work), data)]
    print("\n".join(lines))
    if args.write:
        write_section("reexport", "Re-exports from the chunk cache (issue 17)", lines)


def first_export_lines(work: Path, data: Path) -> list[str]:
    """W2's first export with the cache (as `photoreel make` runs by default) against the whole render, each in
    its own process (benchmarks/one.py), so the peak memory is that render's alone."""
    runs = {}
    for contender in ("photoreel", "photoreel-cached"):
        args = ["--workload", "W2", "--contender", contender, "--data", str(data), "--out", str(work / "w2.mp4")]
        done = subprocess.run([sys.executable, "-m", "benchmarks.one", *args], check=True, capture_output=True)
        runs[contender] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    whole, cached = runs["photoreel"], runs["photoreel-cached"]
    return [
        "| W2 first export, each in its own process | seconds | peak RSS |",
        "|---|---|---|",
        f"| rendered whole (no cache) | {whole['seconds']:.1f} | {whole['peak_rss_mb']:.0f} MB |",
        f"| in chunks into an empty cache (`photoreel make`'s default) | {cached['seconds']:.1f} | "
        f"{cached['peak_rss_mb']:.0f} MB |",
    ]


def write_section(tag: str, title: str, lines: list[str]) -> None:
    """Put `lines` under `title` in RESULTS.md, replacing what an earlier run wrote there."""
    results = ROOT / "RESULTS.md"
    text = results.read_text()
    start, end = f"<!-- {tag} -->", f"<!-- /{tag} -->"
    section = "\n".join([start, f"## {title}", "", *lines, end])
    if start in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    results.write_text(text)


if __name__ == "__main__":
    main()
