"""The states of a render job and of its chunks, and the moves allowed between them, in one place.

A job is `queued`, then `rendering`, then `completed` or `failed`. While rendering it has a phase: `whole` (one
task renders it) or `chunks` then `joining` (render/chunks.py); no phase while queued. A chunk of a long job is
`queued`, `rendering`, then `done`. Every guarded UPDATE in `transitions.py` that changes a status or a phase
takes the states it may move from out of these tables (or has them checked against them), so an illegal move
cannot be written by accident; `tests/renders/test_states.py` checks the tables and the UPDATEs on a database.
(Updates that only record progress keep to rows that are rendering.)
"""

from __future__ import annotations

from enum import StrEnum


class JobStatus(StrEnum):
    QUEUED = "queued"
    RENDERING = "rendering"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.COMPLETED, JobStatus.FAILED)


class Phase(StrEnum):
    """How a rendering job is rendered. `None` (no phase) means not planned yet."""

    WHOLE = "whole"
    CHUNKS = "chunks"
    JOINING = "joining"


class ChunkStatus(StrEnum):
    QUEUED = "queued"
    RENDERING = "rendering"
    DONE = "done"


class WorkKind(StrEnum):
    """The pieces of work a queue carries: a job to start, one chunk, or the join of a job's chunks."""

    JOB = "job"
    CHUNK = "chunk"
    JOIN = "join"


# Each allowed move and why it happens. A move from a state to itself is a takeover: a redelivered task
# taking work back from a worker that died.
JOB_MOVES: dict[tuple[JobStatus, JobStatus], str] = {
    (JobStatus.QUEUED, JobStatus.RENDERING): "a worker claims it",
    (JobStatus.RENDERING, JobStatus.RENDERING): "a redelivered task takes it back",
    (JobStatus.RENDERING, JobStatus.QUEUED): "its worker died, or the server restarted; it waits again",
    (JobStatus.RENDERING, JobStatus.COMPLETED): "its output is stored",
    (JobStatus.QUEUED, JobStatus.FAILED): "it was stopped before it started",
    (JobStatus.RENDERING, JobStatus.FAILED): "the render failed, timed out or crashed too often",
}

PHASE_MOVES: dict[tuple[Phase | None, Phase | None], str] = {
    (None, Phase.WHOLE): "short enough to render in one task",
    (Phase.WHOLE, Phase.WHOLE): "a redelivered task renders it again",
    (None, Phase.CHUNKS): "split into chunks: for the chunk cache, and for several workers",
    (Phase.CHUNKS, Phase.JOINING): "its last chunk is done; one worker joins them",
    (Phase.JOINING, Phase.CHUNKS): "the joiner died; the join may be claimed again",
    (Phase.WHOLE, None): "its worker died; it will be planned again",
    (None, None): "its worker died before planning it",
}

CHUNK_MOVES: dict[tuple[ChunkStatus, ChunkStatus], str] = {
    (ChunkStatus.QUEUED, ChunkStatus.RENDERING): "a worker claims it",
    (ChunkStatus.RENDERING, ChunkStatus.RENDERING): "a redelivered task takes it back",
    (ChunkStatus.RENDERING, ChunkStatus.QUEUED): "its worker died; it waits again",
    (ChunkStatus.QUEUED, ChunkStatus.DONE): "a worker thought dead finished it after it was queued again",
    (ChunkStatus.RENDERING, ChunkStatus.DONE): "its file is stored",
}


def job_sources(target: JobStatus, takeover: bool = True) -> tuple[JobStatus, ...]:
    """The states a job may move to `target` from; without `takeover`, not from `target` itself."""
    return tuple(a for a, b in JOB_MOVES if b == target and (takeover or a != target))


def phase_sources(target: Phase | None, takeover: bool = True) -> tuple[Phase | None, ...]:
    return tuple(a for a, b in PHASE_MOVES if b == target and (takeover or a != target))


def checked_phase_sources(sources: tuple[Phase | None, ...], target: Phase | None) -> tuple[Phase | None, ...]:
    """`sources` back, once each move from them to `target` is checked to be in the table: for the UPDATEs that
    take only some of the allowed moves to `target`. Raises ValueError (when the UPDATE is built) otherwise."""
    illegal = [a for a in sources if (a, target) not in PHASE_MOVES]
    if illegal:
        raise ValueError(f"no phase move from {illegal} to {target}")
    return sources


def chunk_sources(target: ChunkStatus, takeover: bool = True) -> tuple[ChunkStatus, ...]:
    return tuple(a for a, b in CHUNK_MOVES if b == target and (takeover or a != target))
