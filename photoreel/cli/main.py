"""`photoreel` console script."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console

from photoreel import __version__
from photoreel.cli.admin import admin
from photoreel.cli.demo import make_demo_photos
from photoreel.cli.output_options import output_option
from photoreel.cli.progress import fraction_bar
from photoreel.cli.remote import remote
from photoreel.errors import MediaError, PhotoreelError
from photoreel.media.files import ORDERS
from photoreel.media.limits import CLIP_MAX_S
from photoreel.service.make import MakeOptions, default_cache_dir, make_video
from photoreel.timeline.effects import FITS, LOOKS, MOTIONS, TRANSITIONS
from photoreel.timeline.output import FORMATS, OPTIONS, Aspect, Format, FrameRate, Quality, Resolution
from photoreel.timeline.summary import summarize

app = typer.Typer(help="Photos in, a phone-ready video out.", no_args_is_help=True, add_completion=False)
app.add_typer(remote, name="remote")
app.add_typer(admin, name="admin")
console = Console(stderr=True)
out = Console()

# Exit codes: 2 for input the user can fix, 1 for anything else that went wrong.
EXIT_BAD_INPUT = 2
EXIT_FAILED = 1

_MOTION_ALIASES = {"pan": "pan-right", "kenburns": "zoom-in"}


def _choice(value: str, allowed: tuple[str, ...] | list[str], what: str) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"{value!r} is not a {what}; choose one of {', '.join(allowed)}")
    return value


def _private_files() -> None:
    """Everything the server and its workers write (database, media, videos, the signing key) is readable by
    their own user only, from the moment it is created: 0600 files, 0700 folders."""
    import os

    os.umask(0o077)


def _fail(exc: PhotoreelError) -> typer.Exit:
    console.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT if 400 <= exc.code < 5000 else EXIT_FAILED)


def _human_size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def _run_make(inputs: list[Path], output: Path, options: MakeOptions) -> None:
    def warn(problem: MediaError) -> None:
        console.print(f"[yellow]skipped:[/] {problem.message}", highlight=False, soft_wrap=True)

    try:
        with fraction_bar(console, f"Rendering {output.name}") as progress:
            result, timeline = make_video(inputs, output, options, progress=progress, on_skip=warn)
    except PhotoreelError as exc:
        raise _fail(exc) from None
    out.print(summarize(timeline), highlight=False)
    out.print(
        f"[green]✓[/] {result.path}  {result.duration_s:.1f} s, {result.width}x{result.height}, "
        f"{_human_size(result.size_bytes)}",
        highlight=False,
    )
    if result.poster is not None:
        out.print(f"  poster: {result.poster}", highlight=False)


@app.command()
def make(
    photos: Annotated[
        list[Path], typer.Argument(help="Photos, video clips and/or folders of them.", show_default=False)
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the video.")] = Path("out.mp4"),
    aspect: Annotated[str, output_option("aspect")] = OPTIONS["aspect"].default,
    resolution: Annotated[int, output_option("resolution")] = OPTIONS["resolution"].default,
    size: Annotated[
        str | None, typer.Option(help="Exact WIDTHxHEIGHT (even numbers), instead of aspect + resolution.")
    ] = None,
    per_photo: Annotated[float, typer.Option(help="Seconds each photo stays on screen.")] = 3.0,
    duration: Annotated[float | None, typer.Option(help="Total seconds; spread evenly over the photos.")] = None,
    transition: Annotated[str, typer.Option(help=f"One of: {', '.join(TRANSITIONS)}.")] = "fade",
    transition_duration: Annotated[float, typer.Option(help="Seconds each transition lasts.")] = 0.5,
    motion: Annotated[str, typer.Option(help=f"One of: {', '.join(MOTIONS)} (or 'pan').")] = "zoom-in",
    fit: Annotated[str, typer.Option(help=f"One of: {', '.join(FITS)}.")] = "blur",
    title: Annotated[str | None, typer.Option(help="Title shown for the first 3 seconds.")] = None,
    caption: Annotated[str | None, typer.Option(help="Caption along the bottom, for the whole video.")] = None,
    font: Annotated[Path | None, typer.Option(help="A TTF/OTF font file for the title and caption.")] = None,
    music: Annotated[
        str | None,
        typer.Option(
            help="Background music: an mp3/wav/m4a/aac file, or a mood for a track of the built-in library "
            "(happy, calm, energetic, nostalgic, tender) or a library track's name."
        ),
    ] = None,
    volume: Annotated[float, typer.Option(help="Music volume in percent.")] = 100.0,
    fps: Annotated[int, output_option("fps")] = OPTIONS["fps"].default,
    format: Annotated[str | None, output_option("format", " Default: from -o's extension, else mp4.")] = None,
    quality: Annotated[str, output_option("quality")] = OPTIONS["quality"].default,
    order: Annotated[str, typer.Option(help="given, name (natural order) or date (EXIF capture time).")] = "given",
    poster: Annotated[Path | None, typer.Option(help="Also save a poster JPEG here.")] = None,
    skip_bad: Annotated[bool, typer.Option(help="Skip unreadable files with a warning instead of stopping.")] = False,
    clip_max: Annotated[float, typer.Option(help="Seconds of each video clip used (from its start).")] = CLIP_MAX_S,
    duck: Annotated[bool, typer.Option(help="Lower the music while a clip's own sound plays.")] = True,
    look: Annotated[str, typer.Option(help=f"A colour look: {', '.join(LOOKS)}.")] = "none",
    beat: Annotated[
        bool, typer.Option(help="Cut on the beat of the music (a library track is chosen when --music is not given).")
    ] = False,
    cache: Annotated[
        bool,
        typer.Option(
            help="Keep rendered chunks in the user cache folder, so running again after a change renders only "
            "what changed."
        ),
    ] = True,
) -> None:
    """Turn photos and clips into a video, no server needed."""
    motion = _MOTION_ALIASES.get(motion, motion)
    suffix = output.suffix.lower().lstrip(".")
    if format is None:
        format = suffix if suffix in FORMATS else "mp4"
    _choice(transition, TRANSITIONS, "transition")
    _choice(motion, MOTIONS, "motion")
    _choice(fit, FITS, "fit mode")
    _choice(look, LOOKS, "look")
    _choice(order, ORDERS, "order")
    exact = None
    if size is not None:
        try:
            w, h = (int(v) for v in size.lower().split("x"))
        except ValueError:
            raise typer.BadParameter("size must look like 1280x720") from None
        exact = (w, h)
    options = MakeOptions(
        # Checked by their options' callbacks as the command line was read.
        aspect=cast(Aspect, aspect),
        resolution=cast(Resolution, resolution),
        size=exact,
        fps=cast(FrameRate, fps),
        format=cast(Format, format),
        quality=cast(Quality, quality),
        per_photo_s=per_photo,
        duration_s=duration,
        transition=transition,
        transition_s=transition_duration,
        motion=motion,
        fit=fit,
        title=title,
        caption=caption,
        font=str(font) if font else None,
        music=Path(music) if music is not None and Path(music).exists() else music,
        volume_pct=volume,
        order=order,
        skip_bad=skip_bad,
        clip_max_s=clip_max,
        duck=duck,
        look=look,
        beat=beat,
        poster=poster,
        cache_dir=default_cache_dir() if cache else None,
    )
    if suffix != format:
        console.print(f"[yellow]note:[/] writing {format.upper()} into {output.name}", highlight=False)
    _run_make(photos, output, options)


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the demo video.")] = Path(
        "out/demo.mp4"
    ),
) -> None:
    """Render a short demo from photos generated on the spot."""
    photos = make_demo_photos(output.parent / "demo-photos")
    _run_make(photos, output, MakeOptions(title="photoreel", caption="made from five generated photos"))


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (env PHOTOREEL_HOST; default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (env PHOTOREEL_PORT; default 8000).")] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="SQLite file, media and renders (env PHOTOREEL_DATA_DIR; default ./photoreel-data)."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Renders at once (env PHOTOREEL_RENDER_WORKERS; default 1).")
    ] = None,
) -> None:
    """Run the HTTP API (seed-compatible) with embedded defaults: SQLite, local files, in-process renders."""
    import logging

    import uvicorn

    from photoreel.api.app import create_app
    from photoreel.config import Settings
    from photoreel.render.memory import share_heaps

    share_heaps()
    overrides = {"host": host, "port": port, "data_dir": data_dir, "render_workers": workers}
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    _private_files()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        api = create_app(settings)
    except Exception as exc:
        console.print(f"[bold red]error:[/] cannot start: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_FAILED) from None
    shown = "localhost" if settings.host in ("127.0.0.1", "0.0.0.0") else settings.host
    out.print(f"photoreel {__version__} serving on [bold]http://{shown}:{settings.port}[/]  (API docs at /docs)")
    out.print(f"data: {settings.data_dir.resolve()}", highlight=False)
    uvicorn.run(api, host=settings.host, port=settings.port, log_level="warning", access_log=False)


@app.command()
def worker(
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Scratch space and, with local storage, the shared media folder (env PHOTOREEL_DATA_DIR)."),
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option(help="Renders at once in this worker (env PHOTOREEL_WORKER_CONCURRENCY; default 1).")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Worker name, unique in the fleet (Celery's -n; default: host).")
    ] = None,
) -> None:
    """Run a render worker of the fleet: Celery on the broker in PHOTOREEL_BROKER_URL, the database in
    PHOTOREEL_DATABASE_URL, media where PHOTOREEL_STORAGE says (see docs/deploy.md)."""
    import logging
    import os

    from photoreel.config import Settings

    if data_dir is not None:
        os.environ["PHOTOREEL_DATA_DIR"] = str(data_dir)  # the pool's child processes read settings anew
    if concurrency is not None:
        os.environ["PHOTOREEL_WORKER_CONCURRENCY"] = str(concurrency)
    settings = Settings()
    _private_files()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        from photoreel.renders.celery_app import run_worker
    except ImportError as exc:
        console.print(f"[bold red]error:[/] the render fleet needs Celery: pip install 'photoreel[scale]' ({exc})")
        raise typer.Exit(EXIT_FAILED) from None
    run_worker(settings, name, settings.worker_concurrency)


@app.command()
def janitor(
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (env PHOTOREEL_DATA_DIR).")] = None,
) -> None:
    """Delete sessions, media and videos of tokens expired longer than PHOTOREEL_RETENTION_DAYS, once (API servers
    also do this every PHOTOREEL_JANITOR_INTERVAL_S; run this from cron where none runs for long)."""
    from photoreel.config import Settings
    from photoreel.service.context import open_app_context
    from photoreel.service.janitor import sweep
    from photoreel.store.db import migrate

    settings = Settings(**({"data_dir": data_dir} if data_dir is not None else {}))
    migrate(settings.database)
    context = open_app_context(settings)
    try:
        report = sweep(context)
    finally:
        context.close()
    out.print(
        f"removed {report.sessions_removed} session(s) and {report.files_removed} file(s); "
        f"{report.sessions_busy} with a render in flight left for later"
    )


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


if __name__ == "__main__":
    app()
