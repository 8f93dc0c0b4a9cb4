"""The render job's state machine: the tables say what we mean, and the guarded UPDATEs obey them on a real
(migrated SQLite) database, so an illegal move is refused whoever asks for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from photoreel.renders import transitions
from photoreel.renders.states import (
    CHUNK_MOVES,
    JOB_MOVES,
    PHASE_MOVES,
    ChunkStatus,
    JobStatus,
    Phase,
    WorkKind,
    checked_phase_sources,
    job_sources,
)
from photoreel.store.db import make_engine, migrate, session_factory
from photoreel.store.models import Account, RenderJob, VideoSession, utcnow


def test_finished_jobs_never_move_again() -> None:
    for status in (JobStatus.COMPLETED, JobStatus.FAILED):
        assert status.finished
        assert not [move for move in JOB_MOVES if move[0] == status]
    assert not [move for move in CHUNK_MOVES if move[0] == ChunkStatus.DONE]


def test_every_state_is_reachable_from_the_start() -> None:
    def reachable(moves: dict, start: object) -> set:
        seen, frontier = {start}, [start]
        while frontier:
            here = frontier.pop()
            for a, b in moves:
                if a == here and b not in seen:
                    seen.add(b)
                    frontier.append(b)
        return seen

    assert reachable(JOB_MOVES, JobStatus.QUEUED) == set(JobStatus)
    assert reachable(CHUNK_MOVES, ChunkStatus.QUEUED) == set(ChunkStatus)
    assert reachable(PHASE_MOVES, None) == {None, *Phase}


def test_a_move_outside_the_table_is_refused_when_the_update_is_built() -> None:
    assert checked_phase_sources((None,), Phase.CHUNKS) == (None,)
    with pytest.raises(ValueError, match="no phase move"):
        checked_phase_sources((Phase.WHOLE,), Phase.JOINING)
    assert job_sources(JobStatus.RENDERING, takeover=False) == (JobStatus.QUEUED,)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    migrate(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    with factory.begin() as db:
        db.add(Account(id="a", client_id_hash="c", expires_at=utcnow(), available=0, frozen=0))
        db.add(VideoSession(id="s", task_id="t", account_id="a", draft={}))
    yield factory
    engine.dispose()


def _job(database: sessionmaker[Session], job_id: str = "job") -> str:
    with database.begin() as db:
        db.add(
            RenderJob(
                id=job_id,
                client_ref=f"ref-{job_id}",
                account_id="a",
                session_id="s",
                status=JobStatus.QUEUED,
                draft={},
                format="mp4",
            )
        )
    return job_id


def _status(database: sessionmaker[Session], job_id: str) -> tuple[str, str | None]:
    with database() as db:
        job = db.get(RenderJob, job_id)
        assert job is not None
        return job.status, job.phase


def test_a_whole_render_goes_queued_rendering_completed_and_stays_there(database: sessionmaker[Session]) -> None:
    job = _job(database)
    with database.begin() as db:
        assert not transitions.complete(db, job, "x.mp4", 1, 1000)  # queued -> completed is not a move
        assert transitions.claim(db, job, rerun=False)
        assert not transitions.claim(db, job, rerun=False)  # a second worker does not get it
        assert transitions.render_whole(db, job, "w1")
        assert not transitions.plan_chunks(db, job, [range(0, 10), range(10, 20)])  # already whole: no plan
        assert transitions.complete(db, job, "x.mp4", 1, 1000)
    assert _status(database, job) == (JobStatus.COMPLETED, Phase.WHOLE)
    with database.begin() as db:
        transitions.fail(db, job, "too late")  # completed never moves again
        assert not transitions.claim(db, job, rerun=True)
    assert _status(database, job) == (JobStatus.COMPLETED, Phase.WHOLE)


def test_chunks_are_planned_once_joined_by_one_worker_and_a_dead_joiner_reopens_the_join(
    database: sessionmaker[Session],
) -> None:
    job = _job(database)
    with database.begin() as db:
        assert transitions.claim(db, job, rerun=False)
        pending = transitions.plan_chunks(db, job, [range(0, 10), range(10, 20)])
        assert pending == [f"{job}.0", f"{job}.1"]
        assert transitions.plan_chunks(db, job, [range(0, 5)]) == pending  # planned once
        assert not transitions.claim_join(db, job, "w")  # chunks are not done
        for chunk_id in pending:
            assert transitions.claim_chunk(db, chunk_id, "w", rerun=False) is not None
            assert transitions.claim_chunk(db, chunk_id, "other", rerun=False) is None
            assert transitions.finish_chunk(db, chunk_id)
            assert not transitions.finish_chunk(db, chunk_id)  # done is final
        assert transitions.joinable_jobs(db) == [job]
        assert transitions.claim_join(db, job, "w")
        assert not transitions.claim_join(db, job, "w2")  # exactly one joiner
        assert transitions.retry(db, WorkKind.JOIN, job, max_attempts=3)
        assert _status_in(db, job) == (JobStatus.RENDERING, Phase.CHUNKS)
        assert transitions.claim_join(db, job, "w2")


def _status_in(db: Session, job_id: str) -> tuple[str, str | None]:
    job = db.get(RenderJob, job_id)
    assert job is not None
    db.refresh(job)
    return job.status, job.phase


def test_a_restart_requeues_whole_renders_and_chunks_but_not_finished_jobs(database: sessionmaker[Session]) -> None:
    whole, chunked, failed = _job(database, "whole"), _job(database, "chunked"), _job(database, "failed")
    with database.begin() as db:
        for job in (whole, chunked, failed):
            transitions.claim(db, job, rerun=False)
        transitions.render_whole(db, whole, "w")
        (first,) = transitions.plan_chunks(db, chunked, [range(0, 10)])
        transitions.claim_chunk(db, first, "w", rerun=False)
        transitions.fail(db, failed, "broken")
        assert transitions.claim_chunk(db, first, "w", rerun=True) is not None  # a takeover
        assert transitions.requeue_interrupted(db) == 1
    assert _status(database, whole) == (JobStatus.QUEUED, None)
    assert _status(database, chunked) == (JobStatus.RENDERING, Phase.CHUNKS)
    assert _status(database, failed) == (JobStatus.FAILED, None)
    with database() as db:
        assert transitions.next_queued_chunk(db) == first
        assert transitions.next_queued_job(db) == whole
        assert [c.status for c in transitions.chunks_of(db, chunked)] == [ChunkStatus.QUEUED]


def test_work_that_died_too_often_is_not_queued_again(database: sessionmaker[Session]) -> None:
    job = _job(database)
    with database.begin() as db:
        assert transitions.claim(db, job, rerun=False)
        assert transitions.retry(db, WorkKind.JOB, job, max_attempts=2)  # died once: again
    with database.begin() as db:  # died twice: no more
        assert transitions.claim(db, job, rerun=False)
        assert not transitions.retry(db, WorkKind.JOB, job, max_attempts=2)
        assert transitions.job_of(db, WorkKind.JOB, job) == job
