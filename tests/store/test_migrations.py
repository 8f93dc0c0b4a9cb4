"""Migrations that move data, on SQLite and PostgreSQL: a database from before them comes through intact."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from photoreel.store.db import MIGRATIONS, make_engine, migrate, session_factory
from photoreel.store.models import Account, Token


def _alembic(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def test_0007_keeps_every_token_working_and_stores_client_ids_hashed(database_url: str) -> None:
    command.downgrade(_alembic(database_url), "0006")
    client_id = str(uuid.uuid4()).upper()  # as some clients send it
    token_hash = hashlib.sha256(b"prt_old-token").hexdigest()
    now = datetime(2026, 12, 1, 12, 0, 0)
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO accounts (id, token_hash, client_id, created_at, expires_at, available, frozen) "
                "VALUES ('acc1', :t, :c, :now, :later, 7, 0)"
            ),
            {"t": token_hash, "c": client_id, "now": now, "later": now + timedelta(days=7)},
        )
    engine.dispose()
    migrate(database_url)
    engine = make_engine(database_url)
    with session_factory(engine)() as db:
        account = db.get(Account, "acc1")
        token = db.get(Token, token_hash)
        assert account is not None and account.available == 7
        assert account.client_id_hash == hashlib.sha256(b"client-id:" + client_id.lower().encode()).hexdigest()
        assert token is not None and token.account_id == "acc1" and token.expires_at == now + timedelta(days=7)
    engine.dispose()
