"""tokens in their own table (renewing no longer locks out a client's other tokens); client ids kept hashed, as
the secrets they are; the address (hashed) an account was created from, for the issuance limit

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 15:00:00
"""

import hashlib
import re

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _hash_client_id(client_id: str) -> str:
    """As service/accounts.py hashes an id it is sent (a UUID lower-cased), frozen here as of this revision."""
    client_id = client_id.strip()
    if _UUID.fullmatch(client_id):
        client_id = client_id.lower()
    return hashlib.sha256(b"client-id:" + client_id.encode()).hexdigest()


def upgrade() -> None:
    op.create_table(
        "tokens",
        sa.Column("hash", sa.String(length=64), primary_key=True),
        sa.Column("account_id", sa.String(length=32), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_tokens_account_id", "tokens", ["account_id"])
    connection = op.get_bind()
    op.execute(
        "INSERT INTO tokens (hash, account_id, expires_at, created_at) "
        "SELECT token_hash, id, expires_at, created_at FROM accounts"
    )
    rows = list(connection.execute(sa.text("SELECT id, client_id FROM accounts")))
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_accounts_token_hash")
        batch_op.drop_column("token_hash")
        batch_op.drop_index("ix_accounts_client_id")
        batch_op.alter_column("client_id", new_column_name="client_id_hash", type_=sa.String(length=64))
        batch_op.add_column(sa.Column("created_from", sa.String(length=64), nullable=True))
    for r in rows:
        connection.execute(
            sa.text("UPDATE accounts SET client_id_hash = :h WHERE id = :id"),
            {"h": _hash_client_id(r.client_id), "id": r.id},
        )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index("ix_accounts_client_id_hash", ["client_id_hash"], unique=True)
        batch_op.create_index("ix_accounts_created_from", ["created_from", "created_at"])


def downgrade() -> None:
    # Client ids cannot be un-hashed: a downgrade keeps the hashes in the old column, so clients start afresh.
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_accounts_created_from")
        batch_op.drop_index("ix_accounts_client_id_hash")
        batch_op.drop_column("created_from")
        batch_op.alter_column("client_id_hash", new_column_name="client_id", type_=sa.String(length=200))
        batch_op.add_column(sa.Column("token_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index("ix_accounts_client_id", ["client_id"], unique=True)
    op.execute(
        "UPDATE accounts SET token_hash = (SELECT hash FROM tokens WHERE tokens.account_id = accounts.id "
        "ORDER BY expires_at DESC LIMIT 1)"
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index("ix_accounts_token_hash", ["token_hash"], unique=True)
    op.drop_index("ix_tokens_account_id", table_name="tokens")
    op.drop_table("tokens")
