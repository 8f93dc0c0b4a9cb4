"""`photoreel admin`: the operator's commands, run on a machine that reaches the service's database (the same
settings as `photoreel serve`: PHOTOREEL_DATABASE_URL, or the data folder's SQLite file)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from photoreel.errors import PhotoreelError
from photoreel.service import admin as operations
from photoreel.service.context import AppContext

admin = typer.Typer(help="Operator tools: API keys for apps, credits, usage, binding accounts.", no_args_is_help=True)
out = Console(soft_wrap=True)  # keys and ids stay whole on one line, to copy
err = Console(stderr=True, soft_wrap=True)
Result = TypeVar("Result")

DataDir = Annotated[Path | None, typer.Option(help="Data folder (env PHOTOREEL_DATA_DIR).")]


@contextmanager
def _context(data_dir: Path | None) -> Iterator[AppContext]:
    from photoreel.config import Settings
    from photoreel.service.context import open_app_context
    from photoreel.store.db import migrate

    settings = Settings(**({"data_dir": data_dir} if data_dir is not None else {}))
    migrate(settings.database)
    context = open_app_context(settings)
    try:
        yield context
    finally:
        context.close()


def _run(data_dir: Path | None, operation: Callable[[AppContext], Result]) -> Result:
    with _context(data_dir) as ctx:
        try:
            return operation(ctx)
        except PhotoreelError as exc:
            err.print(f"[red]error:[/] {exc.message}", highlight=False)
            raise typer.Exit(1) from None


@admin.command("key-create")
def key_create(
    name: Annotated[str, typer.Argument(help="The app's name, for the usage list.")],
    credits: Annotated[int, typer.Option(help="Credits its account starts with.")] = 0,
    exports_per_day: Annotated[int | None, typer.Option(help="Its own limit (default: the server's).")] = None,
    max_resolution: Annotated[int | None, typer.Option(help="Largest export short side it may ask for.")] = None,
    storage_mb: Annotated[int | None, typer.Option(help="Its own storage quota in MB.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Make an account for an app, and its first API key (shown once: only its hash is kept)."""
    limits = operations.Limits(exports_per_day, max_resolution, storage_mb)
    made = _run(data_dir, lambda ctx: operations.create_key(ctx, name, credits, limits))
    out.print(f"account {made.account_id}")
    out.print(f"key     {made.key}", highlight=False)
    out.print(f"[dim]send it as `Authorization: Bearer {made.label}…`; it is not shown again[/]", highlight=False)


@admin.command("key-add")
def key_add(account: Annotated[str, typer.Argument(help="The app's account id.")], data_dir: DataDir = None) -> None:
    """Another API key for an app (to rotate: add one, move the app to it, revoke the old one)."""
    made = _run(data_dir, lambda ctx: operations.add_key(ctx, account))
    out.print(f"key     {made.key}", highlight=False)


@admin.command("key-revoke")
def key_revoke(
    label: Annotated[str, typer.Argument(help="The key's label (its first 12 characters).")], data_dir: DataDir = None
) -> None:
    """Revoke an API key: it stops working at once; its account, sessions and credits stay."""
    account = _run(data_dir, lambda ctx: operations.revoke_key(ctx, label))
    out.print(f"revoked {label} (account {account})", highlight=False)


@admin.command()
def grant(
    account: Annotated[str, typer.Argument(help="The account id (an app's, or the id in a ?bind= link).")],
    amount: Annotated[int, typer.Argument(min=1, help="Credits to give (or, with --take, to take back).")],
    reason: Annotated[str, typer.Option(help="Why, kept in the ledger.")] = "",
    take: Annotated[bool, typer.Option("--take", help="Take the credits back instead of giving them.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Give or take back credits, recorded in the ledger with the reason."""
    balance = _run(data_dir, lambda ctx: operations.grant(ctx, account, -amount if take else amount, reason))
    out.print(f"{account}: {balance} credits available")


@admin.command()
def usage(data_dir: DataDir = None) -> None:
    """Every app account, and every anonymous one that has spent or stored something."""
    rows = _run(data_dir, operations.usage)
    # One line each, fields named: read on a terminal, and as easy to grep or awk in a pipe.
    for row in rows:
        fields = [
            row.account_id,
            row.kind + (f"->{row.bound_to}" if row.bound_to else ""),
            f"name={row.name!r}" if row.name else "",
            f"keys={','.join(row.keys)}" if row.keys else "",
            f"tokens={row.live_tokens}",
            f"credits={row.available}",
            f"spent={row.spent}",
            f"exports={row.exports_completed}/{row.exports}",
            f"stored={row.stored_bytes / 1024 / 1024:.1f}MB",
        ]
        out.print("  ".join(f for f in fields if f), highlight=False, soft_wrap=True)
    if not rows:
        out.print("no accounts with keys, spending or storage yet")


@admin.command()
def bind(
    anonymous: Annotated[str, typer.Argument(help="The anonymous account: the id after ?bind= in its link.")],
    account: Annotated[str, typer.Argument(help="The app account to join it to.")],
    data_dir: DataDir = None,
) -> None:
    """Join an anonymous account to an app's: its tokens, sessions and exports become the app's."""
    moved = _run(data_dir, lambda ctx: operations.bind(ctx, anonymous, account))
    out.print(f"bound {anonymous} to {account}; {moved} session(s) moved")
