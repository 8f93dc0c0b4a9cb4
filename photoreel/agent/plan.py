"""What the agent decides for one message: edits to apply and commands to run, in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from photoreel.agent.memory import Memory
from photoreel.timeline import Timeline
from photoreel.timeline.ops import EditOp

if TYPE_CHECKING:  # the catalogue is handed in by the service; the agent never reads files
    from photoreel.media.library import LibraryTrack

COMMANDS = ("undo", "redo", "show", "export", "credits", "upload", "help", "nothing")
# Answers that change nothing and ask or tell the person something instead (see replies.question):
# "which-clip" (they said "the video" and there are several; `options` lists them), "no-clip" (no such clip;
# `options` lists the clips there are, empty when there are none), "left-out" (photos taken off the timeline by a
# pick: `options` holds (photo number, why) — "blurry", "dup:N", "rank:N"; empty when none could go), "recipe"
# (what a whole-video recipe chose: (count, "left"), (0|1, "dated"), (0, "mood:M"), (bpm, "track:NAME")).
# "absent" (the clause lowers, removes, shortens or resizes something the video does not have: `options` holds
# (0, what) — "music", "clip", "text", "title", "caption", "photo"), "which-photo" (a description fits several
# photos: (photo number, name) of each), "no-photo" (it fits none: ((0, the words),)), "already" (a bound the video
# already keeps: (length ms, "max"|"min")).
# "photo-is" (the answer to a question about the photos, "which one has the most people?": (number, name) of
# each photo that fits).
# "which-text" (a text named that could be several: (index, text) of each). "not-offered" (an output value we do
# not make: ((0, option name), (0, the value asked for))).
QUESTIONS = (
    "which-clip",
    "no-clip",
    "left-out",
    "recipe",
    "absent",
    "which-photo",
    "no-photo",
    "already",
    "which-text",
    "which-sound",
    "not-offered",
    "photo-is",
)


@dataclass(frozen=True)
class Edit:
    op: EditOp


@dataclass(frozen=True)
class Command:
    name: str  # one of COMMANDS or QUESTIONS (or "need-music")
    options: tuple[tuple[int, str], ...] = ()  # for questions: (run position, file name) of each clip to offer


Step = Edit | Command


@dataclass(frozen=True)
class View:
    """What the agent may look at: the timeline (with every uploaded media), the session's language, the
    built-in music library, and a seed (the session's id) that keeps the agent's choices the same per session."""

    timeline: Timeline
    language: str = "en"
    library: tuple[LibraryTrack, ...] = ()
    seed: str = ""
    memory: Memory = field(default_factory=Memory)
    previous: Timeline | None = None  # the timeline before the last edit (the newest undo step), if any


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    language: str = "en"
    memory: Memory = field(default_factory=Memory)  # what to remember for the next turn
    suggestions: list[str] = field(default_factory=list)  # for what was not understood: the closest things it can do
    withheld: list[Step] = field(default_factory=list)  # understood edits held back: the rest was not understood
