"""What every use case needs: the render work's context (settings, database, files, queue) and the
instruction interpreter."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from photoreel.agent import Interpreter, RuleBasedInterpreter
from photoreel.config import Settings
from photoreel.renders.context import WorkContext, open_context
from photoreel.renders.queue import RenderQueue


@dataclass
class AppContext(WorkContext):
    interpreter: Interpreter = field(default_factory=RuleBasedInterpreter)


def open_app_context(settings: Settings, queue: RenderQueue | None = None) -> AppContext:
    """A context for the API's use cases on the settings' database and blob store (migrated already)."""
    work = open_context(settings, queue)
    return AppContext(**{f.name: getattr(work, f.name) for f in dataclasses.fields(work)})
