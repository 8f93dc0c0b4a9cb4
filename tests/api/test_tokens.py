"""Anonymous tokens: a client id is a secret (random enough, stored hashed), renewing never locks the owner out,
and new accounts are limited per address while a known client renews at any time."""

from __future__ import annotations

import secrets
import uuid

from photoreel.store.models import Account, Token
from tests.api_fixtures import Api, assert_envelope


def _token(client, client_id: str, **headers: str):
    return client.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id, **headers})


def test_a_guessable_client_id_is_refused(client):
    zeros, version1 = "00000000-0000-0000-0000-000000000000", str(uuid.uuid1())
    for weak in ("client-42", "1", zeros, version1, "a" * 31, "ab" * 20):
        assert "random UUID" in assert_envelope(_token(client, weak), 400, 400)["message"]
    assert_envelope(_token(client, str(uuid.uuid4())), 200, 0)
    assert_envelope(_token(client, secrets.token_urlsafe(32)), 200, 0)  # 43 random letters and digits


def test_the_client_id_is_stored_only_as_a_hash(client):
    client_id = str(uuid.uuid4())
    assert_envelope(_token(client, client_id), 200, 0)
    with client.app.state.context.database() as db:  # type: ignore[attr-defined]
        stored = db.query(Account).one()
    assert client_id not in stored.client_id_hash and len(stored.client_id_hash) == 64


def test_renewing_gives_another_token_and_the_first_keeps_working(client, make_photo):
    client_id = str(uuid.uuid4())
    first = assert_envelope(_token(client, client_id), 200, 0)["data"]
    owner = Api(client)
    owner.token = first["token"]
    owner.new_session()
    owner.upload(make_photo())
    second = assert_envelope(_token(client, client_id), 200, 0)["data"]
    assert second["token"] != first["token"] and second["credits"] == 100, "the same account, no second grant"
    assert assert_envelope(owner.state(), 200, 0)["data"]["summary"] == "1. Video: 1 photo (0-3s)", "not locked out"
    other = Api(client)
    other.token, other.session_id = second["token"], owner.session_id
    assert assert_envelope(other.state(), 200, 0)["data"]["summary"] == "1. Video: 1 photo (0-3s)"
    with client.app.state.context.database() as db:  # type: ignore[attr-defined]
        assert db.query(Token).count() == 2


def test_new_accounts_are_limited_per_address_and_a_known_client_is_not(make_client):
    client = make_client(tokens_per_address_per_hour=3)
    known = str(uuid.uuid4())
    assert_envelope(_token(client, known), 200, 0)
    for _ in range(2):
        assert_envelope(_token(client, str(uuid.uuid4())), 200, 0)
    refused = _token(client, str(uuid.uuid4()))
    assert_envelope(refused, 429, 429)
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    for _ in range(5):
        assert_envelope(_token(client, known), 200, 0)  # how clients recover from 1001: never limited


def test_behind_a_trusted_proxy_the_limit_is_per_forwarded_address(make_client):
    client = make_client(tokens_per_address_per_hour=1, trusted_proxies=["testclient"])
    # TestClient's peer is "testclient", which is no IP address, so it can never be trusted: XFF is ignored.
    assert_envelope(_token(client, str(uuid.uuid4()), **{"X-Forwarded-For": "198.51.100.1"}), 200, 0)
    assert_envelope(_token(client, str(uuid.uuid4()), **{"X-Forwarded-For": "198.51.100.2"}), 429, 429)
