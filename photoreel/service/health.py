"""Is the service able to work: its database answers."""

from __future__ import annotations

from sqlalchemy import text

from photoreel.service.context import AppContext


def check(ctx: AppContext) -> None:
    with ctx.read() as db:
        db.execute(text("SELECT 1"))
