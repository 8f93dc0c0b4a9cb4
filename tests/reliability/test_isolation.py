"""No one in where they don't belong: no token is 1001, someone else's things look exactly like missing ones,
and signed links open only the file they were made for, only until they expire."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from tests.api_fixtures import Api, assert_envelope

MISSING_SESSION = "sess_00000000000000000000000000000000"


def _run_body(session_id: str) -> dict:
    message = {"role": "user", "parts": [{"text": "make it square"}]}
    return {"app_name": "nemo_agent", "user_id": "me", "session_id": session_id, "new_message": message}


def test_every_endpoint_that_needs_a_token_says_1001_without_one(client):
    calls = [
        ("post", "/api/tasks/me/with-session/nemo_agent", {"json": {}}),
        ("post", f"/api/upload-video/nemo_agent/me/{MISSING_SESSION}", {"json": {"urls": ["https://x.test/a.jpg"]}}),
        ("get", f"/api/state/nemo_agent/me/{MISSING_SESSION}", {}),
        ("post", "/api/render/proxy/lambda", {"json": {"id": "render_x", "sessionId": MISSING_SESSION}}),
        ("get", "/api/render/proxy/lambda/render_x", {}),
        ("post", "/run", {"json": _run_body(MISSING_SESSION)}),
        ("post", "/run_sse", {"json": _run_body(MISSING_SESSION)}),
        ("get", "/api/credits/balance/simple", {}),
    ]
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        for method, path, kwargs in calls:
            response = getattr(client, method)(path, headers=headers, **kwargs)
            assert_envelope(response, 401, 1001)


def test_someone_elses_things_are_indistinguishable_from_missing_ones(client, make_photo):
    owner, stranger = Api(client).login(), Api(client).login()
    session_id = owner.new_session()
    upload = assert_envelope(owner.upload(make_photo()), 200, 0)
    media_id = upload["data"]["files"][0]["media"]["id"]
    assert_envelope(owner.export("render_mine", resolution=360), 200, 0)
    done = owner.poll("render_mine")
    stranger.new_session()

    def twice(call) -> None:
        """The stranger's view of the owner's thing equals their view of a thing that does not exist."""
        theirs, missing = call(session_id, "render_mine"), call(MISSING_SESSION, "render_nothing")
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
        assert theirs.json()["code"] == 1002

    auth = stranger.auth
    twice(lambda s, _: client.get(f"/api/state/nemo_agent/me/{s}", headers=auth))
    twice(
        lambda s, _: client.post(f"/api/upload-video/nemo_agent/me/{s}", json={"urls": ["https://a.b/c"]}, headers=auth)
    )
    twice(lambda s, _: client.post("/run", json=_run_body(s), headers=auth))
    twice(lambda _, r: client.get(f"/api/render/proxy/lambda/{r}", headers=auth))
    twice(lambda s, r: client.post("/api/render/proxy/lambda", json={"id": r, "sessionId": s}, headers=auth))
    job_path = urlsplit(done["output"]["url"]).path
    twice(
        lambda _, r: client.get(job_path if r == "render_mine" else "/api/renders/job_nothing/download", headers=auth)
    )

    # The stranger using the owner's render id gets their own (new) namespace, never the owner's job.
    mine = client.get("/api/render/proxy/lambda/render_mine", headers=owner.auth).json()["data"]
    assert mine["status"] == "completed"
    assert owner.state().json()["data"]["state"]["video_infos"][0]["id"] == media_id


def test_signed_links_cannot_be_reused_for_another_file_or_after_expiry(client, make_photo):
    owner = Api(client).login()
    owner.new_session()
    assert_envelope(owner.upload(make_photo(colour=(200, 10, 10)), make_photo(colour=(10, 10, 200))), 200, 0)
    assert_envelope(owner.export("render_a", resolution=360), 200, 0)
    assert_envelope(owner.export("render_b", resolution=360, fps=24), 200, 0)
    a, b = owner.poll("render_a")["output"]["url"], owner.poll("render_b")["output"]["url"]
    assert client.get(a).status_code == 200 and client.get(b).status_code == 200

    a_query, b_path = urlsplit(a).query, urlsplit(b).path
    assert_envelope(client.get(f"{b_path}?{a_query}"), 404, 1002)  # a's signature on b's path
    params = parse_qs(a_query)
    later = int(params["expires"][0]) + 3600
    assert_envelope(client.get(f"{urlsplit(a).path}?expires={later}&sig={params['sig'][0]}"), 404, 1002)

    thumbs = [m["thumbnail"] for m in owner.state().json()["data"]["state"]["video_infos"]]
    assert all(client.get(t).status_code == 200 for t in thumbs)
    first_path, second_query = urlsplit(thumbs[0]).path, urlsplit(thumbs[1]).query
    assert client.get(f"{first_path}?{second_query}").status_code == 404
    assert client.get(first_path).status_code == 404


def test_a_render_id_made_of_header_syntax_cannot_reach_the_headers(client, make_photo):
    from photoreel.store.models import RenderJob

    owner = Api(client).login()
    owner.new_session()
    assert_envelope(owner.upload(make_photo()), 200, 0)
    render_id = 'render_"\r\nSet-Cookie: pwned=1; x="'
    assert_envelope(owner.export(render_id, resolution=360), 200, 0)
    with client.app.state.context.database() as db:
        job_id = db.query(RenderJob).one().id
    for _ in range(600):
        download = client.get(f"/api/renders/{job_id}/download", headers=owner.auth)
        if download.status_code == 200:
            break
        time.sleep(0.1)
    assert download.status_code == 200
    assert "set-cookie" not in download.headers
    disposition = download.headers["content-disposition"]
    assert disposition == 'attachment; filename="photoreel-render__Set-Cookie_pwned_1_x_.mp4"', disposition
