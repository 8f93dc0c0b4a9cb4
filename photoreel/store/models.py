"""The tables. Timestamps are naive UTC everywhere (SQLite keeps no time zone)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}  # noqa: RUF012 - SQLAlchemy reads it off the class


class Account(Base):
    """An anonymous client's account: its credit balance, its tokens (`tokens`), and the hash of the client id
    that proves it is the same client asking again (the id itself is a secret and is never stored)."""

    __tablename__ = "accounts"
    __table_args__ = (Index("ix_accounts_created_from", "created_from", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    client_id_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_from: Mapped[str | None] = mapped_column(String(64))  # the hashed address, for the issuance limit
    expires_at: Mapped[datetime]  # when its newest token expires; retention counts from here
    # Kept equal to the ledger's sums; changed only by conditional UPDATEs so concurrent spends stay >= 0.
    available: Mapped[int] = mapped_column(Integer, default=0)
    frozen: Mapped[int] = mapped_column(Integer, default=0)
    skill_source: Mapped[str | None] = mapped_column(String(200))
    skill_version: Mapped[str | None] = mapped_column(String(100))
    skill_platform: Mapped[str | None] = mapped_column(String(100))
    # `anonymous` (a client's, with free credits) or `app` (an operator's API key holder; service/admin.py).
    kind: Mapped[str] = mapped_column(String(16), default="anonymous")
    name: Mapped[str | None] = mapped_column(String(200))
    # An anonymous account joined to an app's (`photoreel admin bind`): renewing its client id gives that one's tokens.
    bound_to: Mapped[str | None] = mapped_column(String(32))
    # An app's own limits; None keeps the server's settings.
    exports_per_day: Mapped[int | None] = mapped_column(Integer)
    max_export_resolution: Mapped[int | None] = mapped_column(Integer)
    storage_quota_mb: Mapped[int | None] = mapped_column(Integer)


class Token(Base):
    """A bearer token, stored hashed. An account may hold several live ones (one per device or renewal)."""

    __tablename__ = "tokens"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16), default="session")  # `session` (anonymous) or `key` (an app's)
    label: Mapped[str | None] = mapped_column(String(16), unique=True)  # a key's first characters, to name it by
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LedgerEntry(Base):
    """One change to a balance. `available` and `frozen` are the deltas it applied."""

    __tablename__ = "ledger"
    # A reference happens once per account: a retried charge cannot charge twice, a hold settles once.
    __table_args__ = (UniqueConstraint("account_id", "ref", name="uq_ledger_account_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # grant | charge | hold | release | capture
    available: Mapped[int] = mapped_column(Integer)
    frozen: Mapped[int] = mapped_column(Integer, default=0)
    ref: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VideoSession(Base):
    """A session in the seed's words (its `task_id` is the same thing): one timeline being edited, with its
    uploads and renders. Named so, not `Session`, to stay apart from the database session (`db`)."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    task_name: Mapped[str] = mapped_column(String(200), default="project")
    language: Mapped[str] = mapped_column(String(16), default="en")
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # Drafts before (undo) and after (redo) each instruction turn, newest last.
    undo_stack: Mapped[list[Any]] = mapped_column(JSON, default=list)
    redo_stack: Mapped[list[Any]] = mapped_column(JSON, default=list)
    memory: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the agent's (agent/memory.py)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class MediaItem(Base):
    """An accepted upload. `stored_name` is generated; `name` is the client's, kept for display only."""

    __tablename__ = "media"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    stored_name: Mapped[str] = mapped_column(String(200))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    taken_at: Mapped[str | None] = mapped_column(String(40))
    has_audio: Mapped[bool] = mapped_column(default=False)
    # What was learnt of the file at upload beyond the columns above, e.g. a clip's fps, rotation, hdr, codec.
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RenderJob(Base):
    """One export. The jobs table is the source of truth for the render queue."""

    __tablename__ = "renders"
    __table_args__ = (
        UniqueConstraint("account_id", "client_ref", name="uq_renders_account_client_ref"),
        Index("ix_renders_status", "status"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_ref: Mapped[str] = mapped_column(String(200))  # the client's idempotency id ("render_...")
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # a renders.states.JobStatus
    progress: Mapped[int] = mapped_column(Integer, default=0)
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    format: Mapped[str] = mapped_column(String(8))
    output_name: Mapped[str | None] = mapped_column(String(200))
    output_size: Mapped[int | None] = mapped_column(BigInteger)
    output_duration_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # How it renders (a renders.states.Phase): whole in one task, or chunks then their join; None while queued.
    phase: Mapped[str | None] = mapped_column(String(16))
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200))  # who rendered it whole, or who joined its chunks
    # Where to POST its status when it finishes (service/webhooks.py), and whether also when it starts.
    callback_url: Mapped[str | None] = mapped_column(Text)
    callback_stages: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class RenderChunk(Base):
    """A frame range of a long render, rendered by any worker and joined with its neighbours."""

    __tablename__ = "render_chunks"
    __table_args__ = (
        UniqueConstraint("job_id", "index", name="uq_render_chunks_job_index"),
        Index("ix_render_chunks_status", "status"),
    )

    id: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<job id>.<index>"
    job_id: Mapped[str] = mapped_column(ForeignKey("renders.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    first_frame: Mapped[int] = mapped_column(Integer)
    frame_count: Mapped[int] = mapped_column(Integer)
    # Its scene's identity (render/scene.py): the cached chunk it is, or will be once rendered. None for chunks
    # planned before the cache existed, which live under their job.
    identity: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))  # a renders.states.ChunkStatus
    frames_done: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def frames(self) -> range:
        return range(self.first_frame, self.first_frame + self.frame_count)


class WebhookDelivery(Base):
    """One event of an export for its callback URL, and every attempt to deliver it (the outbox)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("job_id", "event", name="uq_webhook_deliveries_job_event"),
        Index("ix_webhook_deliveries_due", "delivered_at", "gave_up_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("renders.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(32))  # render.completed | render.failed | render.rendering
    url: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    attempt_log: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # {at, status, error} each
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    gave_up_at: Mapped[datetime | None]


class CachedChunk(Base):
    """A rendered chunk kept in the blob store under its scene's identity, for any export that shows the same
    pictures. Kept here, not only as a file, so eviction can go by last use and size in a bucket as on disk."""

    __tablename__ = "cached_chunks"

    identity: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    frames: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
