"""Command-line options for the output, made from their one declaration (timeline/output.py): the help lists the
allowed values, and a value is checked once, as the command line is read."""

from __future__ import annotations

from typing import Any

import typer

from photoreel.errors import OutputSpecError
from photoreel.timeline.output import OPTIONS


def output_option(name: str, extra_help: str = "") -> Any:
    option = OPTIONS[name]
    choices = ", ".join(map(str, option.values))

    def check(value: object) -> object:
        if value is None:
            return None
        try:
            return option.check(value)
        except OutputSpecError as exc:
            raise typer.BadParameter(exc.message) from None

    return typer.Option(f"--{name}", help=f"{option.help} One of: {choices}.{extra_help}", callback=check)
