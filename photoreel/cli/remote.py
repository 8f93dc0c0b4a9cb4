"""`photoreel remote …`: drive a seed-compatible server (a `photoreel serve`, or the cloud) from the terminal."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskProgressColumn, TextColumn, TransferSpeedColumn

from photoreel.cli.output_options import output_option
from photoreel.client import ErrorEvent, Heartbeat, PhotoreelClient, Reply, ToolCall, ToolResult
from photoreel.client.translate import for_terminal
from photoreel.errors import BadRequest, PhotoreelError, UnsupportedMedia

remote = typer.Typer(help="Use a photoreel (or seed-compatible) server.", no_args_is_help=True, add_completion=False)
session_app = typer.Typer(help="Sessions.", no_args_is_help=True)
remote.add_typer(session_app, name="session")
err = Console(stderr=True)
out = Console()
STILL_WORKING_EVERY_S = 120


class Options:
    server: str | None = None
    as_json: bool = False
    verbose: bool = False


options = Options()


@remote.callback()
def _global(
    server: Annotated[
        str | None, typer.Option(help="Server URL (env PHOTOREEL_SERVER; default http://127.0.0.1:8000).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also show the agent's tool calls.")] = False,
) -> None:
    options.server, options.as_json, options.verbose = server, as_json, verbose


@contextmanager
def _client() -> Iterator[PhotoreelClient]:
    def notice(message: str) -> None:
        if not options.as_json:
            err.print(f"[yellow]{message}[/]", highlight=False)

    client = PhotoreelClient(options.server, notice=notice)
    try:
        yield client
    except PhotoreelError as exc:
        if options.as_json:
            out.print_json(json.dumps({"ok": False, "code": exc.code, "message": exc.message}, ensure_ascii=False))
        else:
            err.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        raise typer.Exit(2 if 400 <= exc.code < 5000 else 1) from None
    finally:
        client.close()


def _emit(data: Any, human: str | Callable[[], None]) -> None:
    if options.as_json:
        out.print_json(json.dumps(data, ensure_ascii=False, default=str))
    elif callable(human):
        human()
    else:
        out.print(human, highlight=False, soft_wrap=True)


def _bar(label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        TaskProgressColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=err,
        transient=True,
        disable=options.as_json,
    )


@remote.command()
def login() -> None:
    """Get (or reuse) a token and show its state; the token itself is never printed."""
    with _client() as client:
        creds = client.login()
        balance = client.credits()
        source = "environment" if client.fixed_token else "cache"
        _emit(
            {"server": client.server, "expires_at": creds.expires_at, "token_from": source, **balance},
            f"Logged in to {client.server} (token from {source}, valid until {creds.expires_at or 'unknown'}); "
            f"{balance['available']} credits available.",
        )


@session_app.command("new")
def session_new(language: Annotated[str, typer.Option(help="en or zh.")] = "en") -> None:
    """Start a new session (an empty timeline); later commands use it."""
    with _client() as client:
        session_id = client.new_session(language)
        _emit({"session_id": session_id}, f"New session {session_id}.")


def _upload(client: PhotoreelClient, files: list[Path]) -> list[dict[str, Any]]:
    with _bar("Uploading") as bar:
        task = bar.add_task("upload", total=None)
        results = client.upload(files, progress=lambda done, total: bar.update(task, completed=done, total=total))
    return results


def _print_uploads(results: list[dict[str, Any]]) -> None:
    for item in results:
        if item["ok"]:
            media = item["media"]
            size = f"{media['width']}x{media['height']}" if media.get("width") else f"{media.get('duration')} s"
            out.print(f"[green]✓[/] {item['name']}  {media['kind']} {media['format']} {size}", highlight=False)
        else:
            out.print(f"[red]✗[/] {item['name']}: {item['message']}", highlight=False, soft_wrap=True)


@remote.command()
def upload(
    files: Annotated[list[Path] | None, typer.Argument(help="Photos or music to upload.", show_default=False)] = None,
    url: Annotated[list[str] | None, typer.Option(help="Import from a URL instead (repeatable).")] = None,
) -> None:
    """Upload photos or music into the current session."""
    with _client() as client:
        results: list[dict[str, Any]] = []
        if files:
            missing = [f for f in files if not f.is_file()]
            if missing:
                raise BadRequest(f"{missing[0]}: no such file")
            results += _upload(client, files)
        if url:
            results += client.upload_urls(url)
        if not results:
            raise typer.BadParameter("give files to upload or --url")
        _emit(results, lambda: _print_uploads(results))
        if all(not r["ok"] for r in results):
            raise typer.Exit(2)


def _say(client: PhotoreelClient, text: str) -> dict[str, Any]:
    """Stream one instruction; returns what happened (for --json and for `make`)."""
    replies: list[str] = []
    calls: list[dict[str, Any]] = []
    last_notice = time.monotonic()
    for event in client.say(text):
        if isinstance(event, Heartbeat):
            if time.monotonic() - last_notice >= STILL_WORKING_EVERY_S and not options.as_json:
                err.print("⏳ Still working…")
                last_notice = time.monotonic()
        elif isinstance(event, ToolCall):
            calls.append({"name": event.name, "args": event.args})
            if options.verbose and not options.as_json:
                err.print(f"[dim]→ {event.name} {json.dumps(event.args, ensure_ascii=False)}[/]", highlight=False)
        elif isinstance(event, ToolResult):
            if calls and calls[-1]["name"] == event.name:
                calls[-1]["result"] = event.response
            if options.verbose and not options.as_json:
                err.print(
                    f"[dim]← {event.name} {json.dumps(event.response, ensure_ascii=False)[:200]}[/]", highlight=False
                )
        elif isinstance(event, Reply):
            replies.append(for_terminal(event.text))
            if not options.as_json:
                out.print(replies[-1], highlight=False, soft_wrap=True)
        elif isinstance(event, ErrorEvent):
            from photoreel.client.errors import error_for

            raise error_for(event.code, event.message, 200)
    return {"reply": "\n".join(replies), "calls": calls}


@remote.command()
def say(text: Annotated[str, typer.Argument(help="What you want, in plain English or Chinese.")]) -> None:
    """Tell the agent what to change; its reply streams back."""
    with _client() as client:
        result = _say(client, text)
        if options.as_json:
            _emit(result, "")


@remote.command()
def status() -> None:
    """The current session's timeline, one line per track."""
    with _client() as client:
        state = client.state()
        _emit(
            {
                "session_id": state.session_id,
                "summary": state.summary,
                "media": state.video_infos,
                "exports": state.generated_media,
            },
            f"Session {state.session_id}\n{state.summary}",
        )


@remote.command()
def credits() -> None:
    """Your credit balance."""
    with _client() as client:
        balance = client.credits()
        _emit(balance, f"{balance['available']} available, {balance['frozen']} frozen, {balance['total']} in total.")


def _wait_and_download(client: PhotoreelClient, job: dict[str, Any], output: Path | None) -> dict[str, Any]:
    with Progress(
        TextColumn("Rendering"), BarColumn(), TaskProgressColumn(), console=err, transient=True, disable=options.as_json
    ) as bar:
        task = bar.add_task("render", total=100)
        job = client.wait(job["id"], progress=lambda j: bar.update(task, completed=j.get("progress", 0)))
    if output is not None:
        with _bar("Downloading") as bar:
            task = bar.add_task("download", total=job["output"].get("size"))
            client.download(
                job["output"]["url"], output, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
        job = {**job, "file": str(output)}
    return job


@remote.command()
def export(
    format: Annotated[str | None, output_option("format")] = None,
    aspect: Annotated[str | None, output_option("aspect")] = None,
    resolution: Annotated[int | None, output_option("resolution")] = None,
    wait: Annotated[bool, typer.Option(help="Wait for the render to finish.")] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Download the result here (implies --wait).")
    ] = None,
) -> None:
    """Render the current session to a video."""
    with _client() as client:
        job = client.export(format=format, aspect=aspect, resolution=resolution)
        if wait or output is not None:
            job = _wait_and_download(client, job, output)
        where = (
            f" -> {job['file']}"
            if job.get("file")
            else (f"\n{client.server}{job['output']['url']}" if job.get("output") else "")
        )
        _emit(job, f"Export {job['id']}: {job['status']}{where}")


DEFAULT_INSTRUCTION = "turn my photos into a slideshow"


def trailing_instruction(photos: list[Path], instruction: str) -> tuple[list[Path], str]:
    """A last argument that is not a file and has a space in it is what the person wants, said in words."""
    if len(photos) > 1 and not photos[-1].exists() and " " in str(photos[-1]):
        if instruction != DEFAULT_INSTRUCTION:
            raise BadRequest(f'"{photos[-1]}" is not a file, and --say already gives the instruction')
        return photos[:-1], str(photos[-1])
    return photos, instruction


@remote.command()
def make(
    photos: Annotated[list[Path], typer.Argument(help="Photos to turn into a video.", show_default=False)],
    instruction: Annotated[str, typer.Option("--say", "-s", help="What you want, in words.")] = DEFAULT_INSTRUCTION,
    music: Annotated[Path | None, typer.Option(help="An audio file to use as background music.")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to save the video.")] = Path("out.mp4"),
    format: Annotated[str | None, output_option("format")] = None,
) -> None:
    """The whole flow on a server: new session, upload, instruct, export, wait, download. The instruction may
    come last instead of --say: `photoreel remote make photos/*.jpg "make it vertical with music" -o out.mp4`."""
    photos, instruction = trailing_instruction(photos, instruction)
    with _client() as client:
        files = [*photos, *([music] if music else [])]
        missing = [f for f in files if not f.is_file()]
        if missing:
            raise BadRequest(f"{missing[0]}: no such file (to give an instruction, put it in quotes or use --say)")
        client.new_session("zh" if any("\u4e00" <= ch <= "\u9fff" for ch in instruction) else "en")
        results = _upload(client, files)
        if not options.as_json:
            _print_uploads(results)
        if not any(r["ok"] and r["media"]["kind"] == "image" for r in results):
            raise UnsupportedMedia("none of the photos was accepted")
        said = _say(client, instruction)
        job = _wait_and_download(client, client.export(format=format), output)
        _emit(
            {"session_id": client.session_id(), "reply": said["reply"], "render": job},
            f"[green]✓[/] {output}  ({job['output']['duration']:.1f} s, {job['output']['size'] / 2**20:.1f} MB)",
        )
