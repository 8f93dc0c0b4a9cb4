"""What every use case needs: the render work's context (settings, database, files, queue) and the
instruction interpreter."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Protocol

from photoreel.agent import Interpreter, RuleBasedInterpreter
from photoreel.config import Settings
from photoreel.render.still import StillMemo
from photoreel.renders.context import WorkContext, open_context
from photoreel.renders.queue import RenderQueue
from photoreel.service.proxies import Proxies


class Paths(Protocol):
    """Where things are on the API, for replies that tell the person where to go next (built by api/urls.py
    from the routes; the service never writes a path itself)."""

    def upload(self, session_id: str) -> str: ...

    def render_status(self, render_id: str) -> str: ...

    def frame(self, session_id: str) -> str: ...


class NoPaths:
    """For contexts without an HTTP API (the janitor command): replies name no paths."""

    def upload(self, session_id: str) -> str:
        return "the upload endpoint"

    def render_status(self, render_id: str) -> str:
        return "the render's status"

    def frame(self, session_id: str) -> str:
        return ""


@dataclass
class AppContext(WorkContext):
    interpreter: Interpreter = field(default_factory=RuleBasedInterpreter)
    paths: Paths = field(default_factory=NoPaths)
    stills: StillMemo = field(default_factory=StillMemo)  # what frame previews prepared, for the next ones
    proxies: Proxies = field(default_factory=Proxies)  # clips' scrubbing copies, made in the background

    def close(self) -> None:
        self.proxies.close()
        super().close()


def open_app_context(settings: Settings, queue: RenderQueue | None = None) -> AppContext:
    """A context for the API's use cases on the settings' database and blob store (migrated already)."""
    work = open_context(settings, queue)
    return AppContext(**{f.name: getattr(work, f.name) for f in dataclasses.fields(work)})
