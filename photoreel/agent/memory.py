"""What the agent remembers of a conversation between turns, so "it", "that", "actually make it 5" and "the same
for the caption" resolve: the last clause it understood (with photo references already turned into numbers) and
the last thing that clause was about. Kept per session beside the timeline; small, and plain JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

SUBJECTS = ("", "photo", "clip", "title", "caption", "text", "music", "video")


@dataclass(frozen=True)
class Memory:
    last_clause: str = ""  # the last understood clause, as the rules read it ("move photo 3 to the end")
    subject: str = ""  # one of SUBJECTS: what that clause was about
    subject_index: int | None = None  # photo or clip number (1-based), or text index (0-based), when it named one
    reference: str = ""  # the words in last_clause that named the photo or clip ("photo 3"), for "the same for …"
    # The last photo an edit was on, even when the edit was about something else ("a caption on the dinner
    # photo, then make that photo 5 seconds"): 0-based run position.
    photo_index: int | None = None
    quotes: tuple[str, ...] = ()  # the quoted words last_clause's placeholders (§0§ …) stand for
    # The photos the latest edits were about, most recent first (media ids, so a move does not lose them), for
    # "swap those two"; and how many of them the last edit was about ("make that one 5 s" after a swap: which?).
    recent: tuple[str, ...] = ()
    last_many: int = 0

    def __post_init__(self) -> None:
        # lists when read back from JSON
        object.__setattr__(self, "quotes", tuple(self.quotes))
        object.__setattr__(self, "recent", tuple(self.recent))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Memory:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
