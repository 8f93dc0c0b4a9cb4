"""Each error code, produced by the situation that should produce it, in the envelope with its HTTP status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from photoreel.errors import OutOfCredits
from photoreel.service import credits
from photoreel.store.models import Account, Token, utcnow
from tests.api_fixtures import Api, assert_envelope


def test_anonymous_token_needs_a_client_id(client):
    body = assert_envelope(client.post("/api/auth/anonymous-token"), 400, 400)
    assert "X-Client-Id" in body["message"]


def test_new_token_has_100_credits(api: Api):
    data = assert_envelope(api.client.get("/api/credits/balance/simple", headers=api.auth), 200, 0)["data"]
    assert data == {"available": 100, "frozen": 0, "total": 100}


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nope", "Basic abc"])
def test_missing_or_unknown_token_is_1001(client, header):
    headers = {"Authorization": header} if header else {}
    assert_envelope(client.get("/api/credits/balance/simple", headers=headers), 401, 1001)


def test_expired_token_is_1001(api: Api):
    ctx = api.client.app.state.context
    with ctx.database.begin() as db:
        db.execute(update(Token).values(expires_at=utcnow() - timedelta(seconds=1)))
    body = assert_envelope(api.client.get("/api/credits/balance/simple", headers=api.auth), 401, 1001)
    assert "expired" in body["message"]


def test_another_tokens_session_looks_missing(client, make_photo):
    owner, stranger = Api(client).login(), Api(client).login()
    session_id = owner.new_session()
    assert_envelope(owner.upload(make_photo()), 200, 0)
    missing = assert_envelope(stranger.state("sess_00000000000000000000000000000000"), 404, 1002)
    theirs = assert_envelope(stranger.state(session_id), 404, 1002)
    assert missing["message"] == theirs["message"], "never reveal that it exists"
    assert_envelope(stranger.upload(make_photo(), session_id=session_id), 404, 1002)
    stranger.session_id = session_id
    assert_envelope(stranger.export("render_x"), 404, 1002)


def test_unknown_render_is_1002(api: Api):
    assert_envelope(api.client.get("/api/render/proxy/lambda/render_nope", headers=api.auth), 404, 1002)


def test_unsupported_file_is_4001(api: Api, tmp_path):
    api.new_session()
    page = tmp_path / "photo.jpg"
    page.write_text("<html>hello</html>")
    body = assert_envelope(api.upload(page), 415, 4001)
    assert body["data"]["files"][0]["name"] == "photo.jpg"


def test_too_large_file_is_4002_and_nothing_is_kept(make_client, make_photo):
    api = Api(make_client(max_upload_bytes=50_000)).login()
    api.new_session()
    big = make_photo(size=(2000, 2000))
    big.write_bytes(big.read_bytes() + b"\0" * 60_000)
    assert_envelope(api.upload(big), 413, 4002)
    tmp = api.client.app.state.context.blobs.root / "tmp"
    assert list(tmp.iterdir()) == []
    assert assert_envelope(api.state(), 200, 0)["data"]["summary"] == "1. Video: no photos yet"


def test_bad_body_is_400(api: Api):
    api.new_session()
    r = api.client.post("/api/render/proxy/lambda", json={"id": "render_1"}, headers=api.auth)
    assert "sessionId" in assert_envelope(r, 400, 400)["message"]
    r = api.client.post(f"/api/upload-video/nemo_agent/me/{api.session_id}", json={"urls": "nope"}, headers=api.auth)
    assert_envelope(r, 400, 400)


def test_export_of_an_empty_session_is_refused(api: Api):
    api.new_session()
    body = assert_envelope(api.export("render_empty"), 400, 400)
    assert "no photos" in body["message"]


def test_plan_limits_are_402(make_client, make_photo):
    api = Api(make_client(exports_per_day=1, max_export_resolution=720)).login()
    api.new_session()
    api.upload(make_photo())
    body = assert_envelope(api.export("render_big", resolution=1080), 402, 402)
    assert "720p" in body["message"]
    assert_envelope(api.export("render_one", resolution=360), 200, 0)
    assert_envelope(api.export("render_one", resolution=360), 200, 0), "a repeat of the same id is not a new export"
    assert "a day" in assert_envelope(api.export("render_two", resolution=360), 402, 402)["message"]


def test_rate_limit_is_429_with_retry_after(make_client):
    api = Api(make_client(rate_limit_per_minute=5)).login()
    statuses = [api.client.get("/api/credits/balance/simple", headers=api.auth).status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    r = api.client.get("/api/credits/balance/simple", headers=api.auth)
    assert_envelope(r, 429, 429)
    assert 1 <= int(r.headers["retry-after"]) <= 60


def test_out_of_credits_is_2001_with_a_way_to_get_more(api: Api):
    ctx = api.client.app.state.context
    with ctx.database.begin() as db:
        account = db.query(Account).one()
        credits.charge(db, ctx.settings, account, 100, "spend-all")
    with ctx.database.begin() as db, pytest.raises(OutOfCredits) as caught:
        credits.charge(db, ctx.settings, account, 1, "one-more")
    assert caught.value.code == 2001 and caught.value.http_status == 402
    assert ctx.settings.topup_url in caught.value.message and f"bind={account.id}" in caught.value.message


def test_downloads_need_the_owner_or_a_valid_signature(client, make_photo):
    owner, stranger = Api(client).login(), Api(client).login()
    owner.new_session()
    owner.upload(make_photo())
    assert_envelope(owner.export("render_s", resolution=360), 200, 0)
    url = owner.poll("render_s")["output"]["url"]
    path = url.split("?")[0]
    assert client.get(path, headers=owner.auth).status_code == 200
    assert_envelope(client.get(path, headers=stranger.auth), 404, 1002)
    assert_envelope(client.get(path), 404, 1002)
    assert_envelope(client.get(url.replace("sig=", "sig=0")), 404, 1002)
    expired = url.split("expires=")[0] + "expires=1&" + url.split("&", 1)[1]
    assert_envelope(client.get(expired), 404, 1002)
