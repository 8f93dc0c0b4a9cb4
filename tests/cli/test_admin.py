"""`photoreel admin` against a running service's database: API keys with their own credits and limits, grants
with a reason, usage, revocation, and binding an anonymous account to an app's."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from typer.testing import CliRunner

from photoreel.cli.main import app
from photoreel.service.accounts import hash_token
from photoreel.store.models import LedgerEntry, Token
from tests.api_fixtures import Api, assert_envelope

runner = CliRunner()


def _admin(client, *args: str):
    data = client.app.state.context.settings.data_dir
    return runner.invoke(app, ["admin", *args, "--data-dir", str(data)])


def _balance(api: Api) -> int:
    r = api.client.get("/api/credits/balance/simple", headers=api.auth)
    return assert_envelope(r, 200, 0)["data"]["available"]


def _created(client, *args: str) -> tuple[str, str]:
    made = _admin(client, "key-create", *args)
    assert made.exit_code == 0, made.output
    key = re.search(r"key\s+(prk_\S+)", made.output).group(1)
    account = re.search(r"account\s+([0-9a-f]{32})", made.output).group(1)
    return key, account


def test_an_app_key_has_its_own_credits_and_limits_and_stops_when_revoked(make_client, make_photo):
    client = make_client()
    key, account = _created(client, "Acme", "--credits", "500", "--max-resolution", "720")
    api = Api(client)
    api.token = key
    api.new_session()
    assert _balance(api) == 500
    assert_envelope(api.upload(make_photo()), 200, 0)
    assert "above 720p" in assert_envelope(api.export("r_big", resolution=1080), 402, 402)["message"]
    assert_envelope(api.export("r_ok", resolution=720), 200, 0)
    with client.app.state.context.database() as db:
        stored = db.scalar(select(Token).where(Token.account_id == account))
        assert stored.hash == hash_token(key) and stored.label == key[:12], "kept hashed, named by its label"

    granted = _admin(client, "grant", account, "50", "--reason", "launch promo")
    assert granted.exit_code == 0 and "550 credits available" in granted.output
    with client.app.state.context.database() as db:
        refs = list(db.scalars(select(LedgerEntry.ref).where(LedgerEntry.account_id == account)))
    assert any("launch promo" in ref for ref in refs), "the reason is in the ledger"
    assert _balance(api) == 550
    too_much = _admin(client, "grant", account, "1000", "--take", "--reason", "mistake")
    assert too_much.exit_code == 1 and "only 550" in too_much.output
    taken = _admin(client, "grant", account, "50", "--take", "--reason", "mistake")
    assert taken.exit_code == 0 and "500 credits available" in taken.output
    assert _admin(client, "grant", account, "5").exit_code == 1, "a grant needs a reason"

    assert _balance(api) == 500
    usage = _admin(client, "usage")
    assert usage.exit_code == 0 and "Acme" in usage.output and key[:12] in usage.output

    revoked = _admin(client, "key-revoke", key[:12])
    assert revoked.exit_code == 0, revoked.output
    assert_envelope(client.get("/api/credits/balance/simple", headers=api.auth), 401, 1001)
    assert _admin(client, "key-revoke", key[:12]).exit_code == 1, "an unknown key is an error, not a traceback"


def test_binding_an_anonymous_account_moves_its_work_to_the_app(make_client, make_photo):
    client = make_client()
    client_id = str(uuid.uuid4())
    token = client.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id}).json()["data"]["token"]
    anonymous = Api(client)
    anonymous.token = token
    anonymous.new_session()
    assert_envelope(anonymous.upload(make_photo()), 200, 0)
    with client.app.state.context.database() as db:
        anonymous_id = db.scalar(select(Token.account_id).where(Token.hash == hash_token(token)))
    key, account = _created(client, "Acme", "--credits", "1000")

    bound = _admin(client, "bind", anonymous_id, account)
    assert bound.exit_code == 0 and "1 session(s) moved" in bound.output, bound.output
    assert _balance(anonymous) == 1000, "the anonymous token now spends the app's credits"
    app_api = Api(client)
    app_api.token, app_api.session_id = key, anonymous.session_id
    assert_envelope(app_api.state(), 200, 0)  # its session is the app's now

    renewed = client.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id}).json()["data"]["token"]
    again = Api(client)
    again.token = renewed
    assert _balance(again) == 1000, "renewing with its client id gives the app account's tokens"
    assert _admin(client, "bind", anonymous_id, account).exit_code == 1, "bound once"
    assert _admin(client, "bind", "0" * 32, account).exit_code == 1
