"""the chunk cache: chunks named by their scene's identity, and the table that keeps them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cached_chunks",
        sa.Column("identity", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("frames", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("identity"),
    )
    with op.batch_alter_table("cached_chunks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cached_chunks_last_used_at"), ["last_used_at"], unique=False)
    with op.batch_alter_table("render_chunks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("identity", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_render_chunks_identity"), ["identity"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("render_chunks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_render_chunks_identity"))
        batch_op.drop_column("identity")
    with op.batch_alter_table("cached_chunks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cached_chunks_last_used_at"))
    op.drop_table("cached_chunks")
