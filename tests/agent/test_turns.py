"""Instruction turns through the real app: events, credits, undo/redo, export, errors."""

from __future__ import annotations

import time

import numpy as np
import pytest

from photoreel.agent import Plan, View
from tests.api_fixtures import Api, assert_envelope
from tests.helpers import audio_samples, close_to, facts, frame_at, mean_colour, rms


def reply(events: list[dict]) -> str:
    last = events[-1]
    assert last["turnComplete"] is True
    return last["content"]["parts"][0]["text"]


def calls(events: list[dict]) -> list[str]:
    return [
        p["functionCall"]["name"] for e in events for p in e.get("content", {}).get("parts", []) if "functionCall" in p
    ]


def draft(api: Api) -> dict:
    return assert_envelope(api.state(), 200, 0)["data"]["state"]["draft"]


def balance(api: Api) -> int:
    return api.client.get("/api/credits/balance/simple", headers=api.auth).json()["data"]["available"]


@pytest.fixture
def project(api: Api, make_photo) -> Api:
    api.new_session()
    api.upload(*[make_photo(colour=c) for c in ((200, 40, 40), (40, 200, 40), (40, 40, 200))])
    return api


def test_a_changing_turn_streams_calls_results_and_a_reply_and_costs_one_credit(project: Api):
    events = project.say("9:16, 2 seconds each")
    assert calls(events) == ["SetOutput", "SetPhotoDuration"]
    results = [p["functionResponse"] for e in events for p in e["content"]["parts"] if "functionResponse" in p]
    assert [r["response"]["ok"] for r in results] == [True, True]
    assert all(e["author"] == "nemo_agent" and e["invocationId"] == events[0]["invocationId"] for e in events)
    text = reply(events)
    assert "9:16" in text and "2 s" in text and "Video: 3 photos (0-6s)" in text
    d = draft(project)
    assert d["m"]["output"]["aspect"] == "9:16" and d["d"] == 6000
    assert balance(project) == 99


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("show the timeline", "Video: 3 photos"),
        ("credits", "100 available"),
        ("余额", "可用 100"),
        ("状态", "时间线"),
        ("make it look better", "Try:"),
        ("让它更好看", "例如"),
        ("remove the music", "no music"),
    ],
)
def test_turns_that_change_nothing_are_free(project: Api, text, expect):
    before = draft(project)
    assert expect in reply(project.say(text))
    assert draft(project) == before
    assert balance(project) == 100


def test_undo_and_redo_restore_the_exact_draft(project: Api):
    d0 = draft(project)
    project.say("crossfade 1 second")
    d1 = draft(project)
    project.say("square")
    d2 = draft(project)
    assert d0 != d1 != d2
    project.say("undo")
    assert draft(project) == d1
    project.say("撤销")
    assert draft(project) == d0
    assert "nothing to undo" in reply(project.say("undo"))
    project.say("redo")
    assert draft(project) == d1
    project.say("redo")
    assert draft(project) == d2
    project.say("undo")
    project.say("no transitions")
    assert "nothing to redo" in reply(project.say("redo")), "a new edit clears the redo history"
    assert balance(project) == 97, "undo and redo are free"


def test_undo_keeps_photos_uploaded_since(project: Api, make_photo):
    project.say("square")
    project.upload(make_photo())
    project.say("undo")
    state = assert_envelope(project.state(), 200, 0)["data"]
    assert len(state["state"]["draft"]["m"]["media"]) == 4


def test_out_of_credits_is_an_error_event_and_changes_nothing(make_client, make_photo):
    api = Api(make_client(free_credits=1)).login()
    api.new_session()
    api.upload(make_photo())
    api.say("square")
    before = draft(api)
    events = api.say("9:16")
    assert len(events) == 1 and events[0]["errorCode"] == "2001" and "get more" in events[0]["errorMessage"]
    assert draft(api) == before
    assert "available" in reply(api.say("credits")), "non-changing turns still work at zero credits"


def test_export_from_chat_starts_a_render(project: Api):
    events = project.say("16:9 720p and export")
    assert calls(events) == ["SetOutput", "export"]
    response = [
        p["functionResponse"]["response"] for e in events for p in e["content"]["parts"] if "functionResponse" in p
    ][-1]
    assert response["ok"] and response["id"].startswith("render_")
    done = project.poll(response["id"])
    assert done["status"] == "completed"


def test_run_sse_streams_events_with_heartbeats(make_client, make_photo):
    api = Api(make_client(sse_heartbeat_s=0.05)).login()
    api.new_session()
    api.upload(make_photo())
    ctx = api.client.app.state.context
    real = ctx.interpreter

    class Slow:
        def interpret(self, message: str, view: View) -> Plan:
            time.sleep(0.3)
            return real.interpret(message, view)

    ctx.interpreter = Slow()
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": api.session_id,
        "new_message": {"role": "user", "parts": [{"text": "square"}]},
    }
    headers = {**api.auth, "Accept": "text/event-stream"}
    with api.client.stream("POST", "/run_sse", json=body, headers=headers) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        raw = "".join(r.iter_text())
    assert raw.count(": heartbeat") >= 2
    data = [line[6:] for line in raw.splitlines() if line.startswith("data: ")]
    assert len(data) == 3 and '"turnComplete": true' in data[-1]


def test_run_sse_errors_before_streaming(api: Api, client):
    stranger = Api(client).login()
    api.new_session()
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": api.session_id,
        "new_message": {"role": "user", "parts": [{"text": "square"}]},
    }
    assert_envelope(client.post("/run_sse", json=body, headers=stranger.auth), 404, 1002)
    assert_envelope(client.post("/run_sse", json=body), 401, 1001)
    body["new_message"]["parts"][0]["text"] = "x" * 100_000
    assert "too long" in assert_envelope(client.post("/run_sse", json=body, headers=api.auth), 400, 400)["message"]
    body["new_message"]["parts"] = []
    assert_envelope(client.post("/run_sse", json=body, headers=api.auth), 400, 400)


def test_end_to_end_words_to_video(api: Api, make_photo, tone, tmp_path):
    api.new_session()
    colours = [(220, 40, 40), (40, 40, 220), (40, 200, 40)]
    api.upload(*[make_photo(size=(480, 640), colour=c) for c in colours], tone(seconds=3.0, amplitude=0.5))
    text = reply(api.say("9:16, 2 seconds per photo, crossfade, add the title 'Trip' for 3 seconds, music at 30%"))
    assert "Could not" not in text, text
    api.say("cover")  # full-frame colours make the checks below exact
    r = api.client.post(
        "/api/render/proxy/lambda",
        json={"id": "render_e2e", "sessionId": api.session_id, "output": {"resolution": 480}},
        headers=api.auth,
    )
    assert_envelope(r, 200, 0)
    done = api.poll("render_e2e")
    video = tmp_path / "e2e.mp4"
    video.write_bytes(api.client.get(done["output"]["url"]).content)
    f = facts(video)
    assert (f.width, f.height) == (480, 854) and abs(f.duration_s - 6.0) < 0.04
    assert close_to(mean_colour(frame_at(video, 0.2), (0, 0.6, 1, 1)), colours[0], 20)
    assert close_to(mean_colour(frame_at(video, 3.0)), colours[1], 20)
    mid = mean_colour(frame_at(video, 2.0), (0, 0.6, 1, 1))
    assert close_to(mid, tuple((a + b) / 2 for a, b in zip(colours[0], colours[1], strict=True)), 25), "crossfade"
    with_title = frame_at(video, 1.5).astype(int)
    after_title = frame_at(video, 3.5).astype(int)
    assert (with_title.sum(axis=2) > 600).sum() > 100, "the title shows in the first 3 seconds"
    assert (after_title.sum(axis=2) > 600).sum() == 0, "and is gone after"
    samples, rate = audio_samples(video)
    level = rms(samples[:, int(0.5 * rate) : int(4.0 * rate)])
    assert abs(level - 0.3 * 0.5 / np.sqrt(2)) / (0.3 * 0.5 / np.sqrt(2)) < 0.1
