"""Files chosen together keep the order they were chosen in, whatever order their uploads finish in."""

from __future__ import annotations

from tests.api_fixtures import Api, assert_envelope


def _upload(api: Api, path, **query) -> dict:
    files = [("files", (path.name, path.read_bytes(), "application/octet-stream"))]
    url = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    return api.client.post(url, params=query, files=files, headers=api.auth)


def _run(api: Api) -> list[str]:
    state = assert_envelope(api.state(), 200, 0)["data"]
    names = {m["id"]: m["name"] for m in state["state"]["video_infos"]}
    return [names[s["src"]] for s in state["state"]["draft"]["t"][0]["sg"]]


def test_six_files_chosen_together_stay_in_that_order_when_they_arrive_out_of_order(client, make_photo):
    api = Api.started(client)
    chosen = [make_photo(name=f"{n}.jpg") for n in ("one", "two", "three", "four", "five", "six")]
    for seq in (0, 4, 2, 3, 5, 1):  # the order three parallel uploads happened to finish in
        assert_envelope(_upload(api, chosen[seq], batch="pick-1", seq=seq), 200, 0)
    assert _run(api) == ["one.jpg", "two.jpg", "three.jpg", "four.jpg", "five.jpg", "six.jpg"]

    # A later choice goes after them, in its own order; a file sent on its own goes to the end.
    later = [make_photo(name="seven.jpg"), make_photo(name="eight.jpg")]
    assert_envelope(_upload(api, later[1], batch="pick-2", seq=1), 200, 0)
    assert_envelope(_upload(api, make_photo(name="alone.jpg")), 200, 0)
    assert_envelope(_upload(api, later[0], batch="pick-2", seq=0), 200, 0)
    assert _run(api)[6:] == ["seven.jpg", "eight.jpg", "alone.jpg"]


def test_several_files_in_one_request_count_from_its_seq(client, make_photo):
    api = Api.started(client)
    a, b, c = (make_photo(name=f"{n}.jpg") for n in "abc")
    url = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    files = [("files", (p.name, p.read_bytes(), "image/jpeg")) for p in (b, c)]
    assert_envelope(api.client.post(url, params={"batch": "x", "seq": 1}, files=files, headers=api.auth), 200, 0)
    assert_envelope(_upload(api, a, batch="x", seq=0), 200, 0)
    assert _run(api) == ["a.jpg", "b.jpg", "c.jpg"]


def test_a_bad_batch_is_a_clear_400_and_stores_nothing(client, make_photo):
    api = Api.started(client)
    for query in ({"batch": "../etc", "seq": 0}, {"batch": "ok"}, {"batch": "ok", "seq": -1}):
        body = assert_envelope(_upload(api, make_photo(), **query), 400, 400)
        assert "batch" in body["message"]
    assert assert_envelope(api.state(), 200, 0)["data"]["state"]["video_infos"] == []
