"""No free edits and no unbounded drafts: a turn pays whenever it leaves a draft the session has not had before,
however it got there; undo and redo alone stay free; titles, photos and the draft's size have caps with a clear
400, and the undo history is bounded in bytes."""

from __future__ import annotations

import json

from photoreel.store.models import VideoSession
from tests.api_fixtures import Api, assert_envelope


def _balance(api: Api) -> int:
    return assert_envelope(api.client.get("/api/credits/balance/simple", headers=api.auth), 200, 0)["data"]["available"]


def _texts(api: Api) -> list[str]:
    draft = assert_envelope(api.state(), 200, 0)["data"]["state"]["draft"]
    return [sg["m"]["text"] for track in draft["t"] if track["tt"] == 7 for sg in track["sg"]]  # TrackType.TEXT


def test_an_edit_undone_and_redone_in_one_message_is_paid_for(api: Api, make_photo) -> None:
    api.new_session()
    api.upload(make_photo())
    api.say("add the title 'Free lunch', undo, redo")
    assert _texts(api) == ["Free lunch"] and _balance(api) == 99
    api.say("undo")
    api.say("redo")
    assert _texts(api) == ["Free lunch"] and _balance(api) == 99, "undo and redo alone return to a paid-for draft"
    api.say("square")
    assert _balance(api) == 98, "a new draft is paid for"


def test_titles_have_a_cap_and_the_message_says_it(make_client, make_photo) -> None:
    api = Api(make_client(max_texts=3)).login()
    api.new_session()
    api.upload(make_photo())
    events = api.say("add the title 'a', add the title 'b', add the title 'c', add the title 'd', add the title 'e'")
    reply = events[-1]["content"]["parts"][0]["text"]
    assert "at most 3 titles and captions" in reply
    assert len(_texts(api)) == 3 and _balance(api) == 99, "one credit for what was kept"


def test_photos_have_a_cap_per_session(make_client, make_photo) -> None:
    api = Api(make_client(max_segments=2)).login()
    api.new_session()
    files = assert_envelope(api.upload(make_photo(), make_photo(), make_photo()), 200, 0)["data"]["files"]
    assert [f["ok"] for f in files] == [True, True, False]
    assert files[2]["code"] == 400 and "at most 2 photos and clips" in files[2]["message"]
    assert len(assert_envelope(api.state(), 200, 0)["data"]["state"]["video_infos"]) == 2, "the refused one is not kept"


def test_the_undo_history_is_bounded_in_bytes(make_client, make_photo) -> None:
    api = Api(make_client(max_history_bytes=4096)).login()
    api.new_session()
    api.upload(make_photo())
    for k in range(12):
        api.say(f"add the title '{'x' * 150}{k}'")
    with api.client.app.state.context.database() as db:  # type: ignore[attr-defined]
        session = db.get(VideoSession, api.session_id)
        assert session is not None
        sizes = [len(json.dumps(d).encode()) for d in session.undo_stack]
    assert 0 < len(sizes) < 12, "the oldest steps went"
    assert sum(sizes) <= 4096 or len(sizes) == 1, ("over the cap, only the newest step stays", sizes)
    assert "undone" in api.say("undo")[-1]["content"]["parts"][0]["text"].lower()
