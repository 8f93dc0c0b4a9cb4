"""app accounts and API keys: account kind, name, own limits and binding; token kind and label

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="anonymous"))
        batch_op.add_column(sa.Column("name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("bound_to", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("exports_per_day", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("max_export_resolution", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("storage_quota_mb", sa.Integer(), nullable=True))
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="session"))
        batch_op.add_column(sa.Column("label", sa.String(length=16), nullable=True))
        batch_op.create_unique_constraint("uq_tokens_label", ["label"])


def downgrade() -> None:
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.drop_constraint("uq_tokens_label", type_="unique")
        batch_op.drop_column("label")
        batch_op.drop_column("kind")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        for column in ("storage_quota_mb", "max_export_resolution", "exports_per_day", "bound_to", "name", "kind"):
            batch_op.drop_column(column)
