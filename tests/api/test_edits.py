"""Edits by hand (the page's controls): the same edits as words, the same undo history, no credit charged."""

from __future__ import annotations

from photoreel.timeline.effects import FITS, TRANSITIONS
from tests.api_fixtures import Api, assert_envelope

COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220)]


def _draft(api: Api) -> dict:
    return assert_envelope(api.state(), 200, 0)["data"]["state"]["draft"]


def _balance(api: Api) -> int:
    r = api.client.get("/api/credits/balance/simple", headers=api.auth)
    return int(r.json()["data"]["available"])


def _started(client, make_photo) -> Api:
    api = Api.started(client)
    assert_envelope(api.upload(*[make_photo(colour=c) for c in COLOURS]), 200, 0)
    return api


def test_a_control_and_a_typed_instruction_give_the_same_draft(client, make_photo):
    by_words, by_hand = _started(client, make_photo), _started(client, make_photo)
    by_words.say("each photo 4 seconds, move photo 1 to the end, add the title 'Summer' at the top")
    revision = assert_envelope(by_hand.state(), 200, 0)["data"]["revision"]
    # The ops are the ones the agent's functionCall events name, with the same arguments.
    edited = by_hand.edit(
        ("SetPhotoDuration", {"duration_ms": 4000}),
        ("MoveSegment", {"source": 0, "target": 2}),
        ("AddText", {"text": "Summer", "position": "top"}),
        revision=revision,
    )
    body = assert_envelope(edited, 200, 0)["data"]
    assert body["changed"] and body["revision"] == revision + 1 and body["undo_steps"] == 1

    def shape(api: Api) -> list:
        infos = assert_envelope(api.state(), 200, 0)["data"]["state"]["video_infos"]
        uploaded = {m["id"]: n for n, m in enumerate(infos)}  # the n-th upload of each session
        draft = _draft(api)
        run = [(uploaded[s["src"]], s["d"]) for s in draft["t"][0]["sg"]]
        texts = [(s["m"]["text"], s["m"]["position"]) for t in draft["t"] if t["tt"] == 7 for s in t["sg"]]
        return [run, texts, draft["d"]]

    assert shape(by_hand) == shape(by_words)
    assert shape(by_hand)[1] == [("Summer", "top")]


def test_hand_edits_are_free_and_instructions_cost_a_credit(client, make_photo):
    api = _started(client, make_photo)
    before = _balance(api)
    assert_envelope(api.edit(("SetTransition", {"name": "slideleft", "duration_ms": 400})), 200, 0)
    assert_envelope(api.edit(("RemoveSegment", {"index": 2})), 200, 0)
    assert _balance(api) == before
    api.say("make it square")
    assert _balance(api) == before - 1


def test_undo_and_redo_step_through_words_and_hand_edits_alike(client, make_photo):
    api = _started(client, make_photo)
    api.say("each photo 2 seconds")
    assert_envelope(api.edit(("RemoveSegment", {"index": 0})), 200, 0)
    assert _draft(api)["d"] == 4000

    undone = assert_envelope(api.history("undo"), 200, 0)["data"]
    assert undone["changed"] and undone["draft"]["d"] == 6000 and undone["redo_steps"] == 1
    assert assert_envelope(api.history("undo"), 200, 0)["data"]["draft"]["d"] == 9000  # the typed edit, too
    nothing = assert_envelope(api.history("undo"), 200, 0)["data"]
    assert not nothing["changed"] and nothing["undo_steps"] == 0
    assert assert_envelope(api.history("redo"), 200, 0)["data"]["draft"]["d"] == 6000
    api.say("redo")  # words step through the same history
    assert _draft(api)["d"] == 4000
    state = assert_envelope(api.state(), 200, 0)["data"]
    assert (state["undo_steps"], state["redo_steps"]) == (2, 0)


def test_an_edit_on_a_stale_revision_is_refused_and_changes_nothing(client, make_photo):
    api = _started(client, make_photo)
    seen = assert_envelope(api.state(), 200, 0)["data"]["revision"]
    api.say("remove photo 1")  # another tab, meanwhile
    after = _draft(api)
    refused = assert_envelope(api.edit(("RemoveSegment", {"index": 0}), revision=seen), 409, 409)
    assert "reload" in refused["message"]
    assert _draft(api) == after
    assert_envelope(api.history("undo", revision=seen), 409, 409)


def test_bad_edits_are_clear_400s_and_all_or_nothing(client, make_photo):
    api = _started(client, make_photo)
    before = _draft(api)
    cases = [
        ([("Explode", {})], "no edit called 'Explode'"),
        ([("SetPhotoDuration", {"duration_ms": "long"})], "duration_ms"),
        ([("SetFit", {"fit": "cover", "colour": "red"})], "has no 'colour'"),
        ([("SetFit", {"fit": "stretch"})], "fit 'stretch' is not one of"),
        ([("UpdateText", {"index": 0, "font": "/etc/passwd"})], "font cannot be set"),
        ([("SetOutput", {"aspect": "7:3"})], "7:3"),
        ([("SetPhotoDuration", {"duration_ms": 5000}), ("RemoveSegment", {"index": 9})], "there is no photo 10"),
    ]
    for ops, expected in cases:
        body = assert_envelope(api.edit(*ops), 400, 400)
        assert expected in body["message"], (ops, body["message"])
    assert _draft(api) == before, "a refused request leaves the timeline as it was"
    r = api.client.post(f"/api/edits/nemo_agent/me/{api.session_id}", json={"ops": []}, headers=api.auth)
    assert_envelope(r, 400, 400)


def test_another_tokens_session_cannot_be_edited(client, make_photo):
    owner, stranger = _started(client, make_photo), Api.started(client)
    stranger.session_id = owner.session_id
    assert_envelope(stranger.edit(("RemoveSegment", {"index": 0})), 404, 1002)
    assert_envelope(stranger.history("undo"), 404, 1002)
    assert len(_draft(owner)["t"][0]["sg"]) == 3


def test_after_a_hand_edit_of_a_photo_it_is_what_it_means(client, make_photo):
    api = _started(client, make_photo)
    assert_envelope(api.edit(("SetPhotoDuration", {"duration_ms": 4000, "index": 1})), 200, 0)
    api.say("make it longer")
    durations = [s["d"] for s in _draft(api)["t"][0]["sg"]]
    assert durations[0] == durations[2] == 3000 and durations[1] > 4000


def test_the_choices_are_the_timelines_own(client):
    r = client.get("/api/edits/choices")
    body = assert_envelope(r, 200, 0)["data"]
    assert body["fits"] == list(FITS) and body["transitions"] == list(TRANSITIONS)
    aspect = next(o for o in body["output"] if o["name"] == "aspect")
    assert "9:16" in aspect["values"] and aspect["label_zh"] == "画面比例"
    assert "SetPhotoDuration" in body["edits"] and "AddMedia" not in body["edits"]


def test_undo_after_an_upload_takes_back_the_edit_not_the_upload(client, make_photo):
    api = _started(client, make_photo)
    assert_envelope(api.edit(("SetPhotoDuration", {"duration_ms": 2000})), 200, 0)
    assert_envelope(api.upload(make_photo(colour=(200, 200, 40))), 200, 0)  # a fourth photo, at the end
    draft = assert_envelope(api.history("undo"), 200, 0)["data"]["draft"]
    assert [s["d"] for s in draft["t"][0]["sg"]] == [3000, 3000, 3000, 3000], "the upload stays on the video"
    draft = assert_envelope(api.history("redo"), 200, 0)["data"]["draft"]
    assert [s["d"] for s in draft["t"][0]["sg"]] == [2000, 2000, 2000, 3000]


def test_a_hand_edit_of_one_photo_makes_it_what_it_means_whatever_the_edit(client, make_photo):
    api = _started(client, make_photo)
    assert_envelope(api.edit(("SetFit", {"fit": "cover", "index": 2})), 200, 0)
    api.say("make it a bit longer")
    assert [s["d"] for s in _draft(api)["t"][0]["sg"]][:2] == [3000, 3000]
    assert _draft(api)["t"][0]["sg"][2]["d"] > 3000


def test_requests_that_would_cost_a_lot_are_refused_early(client, make_photo):
    api = _started(client, make_photo)
    media_id = _draft(api)["t"][0]["sg"][0]["src"]
    many = api.edit(("AddPhotos", {"media_ids": [media_id] * 600, "duration_ms": 1000}))
    assert "at most" in assert_envelope(many, 400, 400)["message"]
    url = f"/api/edits/nemo_agent/me/{api.session_id}"
    body = {"ops": [{"op": "SetFit", "args": {"fit": "cover"}}] * 51}
    assert_envelope(api.client.post(url, json=body, headers=api.auth), 400, 400)
    assert len(_draft(api)["t"][0]["sg"]) == 3
