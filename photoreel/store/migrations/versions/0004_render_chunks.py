"""render chunks

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:53:54.428570
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "render_chunks",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("job_id", sa.String(length=64), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("first_frame", sa.Integer(), nullable=False),
        sa.Column("frame_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("frames_done", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], ["renders.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "index", name="uq_render_chunks_job_index"),
    )
    with op.batch_alter_table("render_chunks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_render_chunks_job_id"), ["job_id"], unique=False)
        batch_op.create_index("ix_render_chunks_status", ["status"], unique=False)

    with op.batch_alter_table("renders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phase", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("chunk_count", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("worker", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("renders", schema=None) as batch_op:
        batch_op.drop_column("worker")
        batch_op.drop_column("chunk_count")
        batch_op.drop_column("phase")

    with op.batch_alter_table("render_chunks", schema=None) as batch_op:
        batch_op.drop_index("ix_render_chunks_status")
        batch_op.drop_index(batch_op.f("ix_render_chunks_job_id"))

    op.drop_table("render_chunks")
