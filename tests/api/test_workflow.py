"""The seed's whole workflow against the real app: token, session, upload, state, export, poll, download."""

from __future__ import annotations

import av

from tests.api_fixtures import Api, assert_envelope
from tests.helpers import close_to, frame_at, mean_colour

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40)


def test_token_session_upload_state_export_download(api: Api, make_photo, tmp_path):
    api.new_session()
    photos = [
        make_photo(size=(640, 480), colour=RED, fmt="JPEG"),
        make_photo(size=(640, 480), colour=GREEN, fmt="PNG"),
        make_photo(size=(640, 480), colour=BLUE, fmt="WEBP"),
        make_photo(size=(640, 480), colour=YELLOW, fmt="HEIF"),
        make_photo(size=(400, 300), exif_orientation=6, top=(255, 0, 0), bottom=(0, 0, 255)),
    ]
    body = assert_envelope(api.upload(*photos), 200, 0)
    files = body["data"]["files"]
    assert [f["ok"] for f in files] == [True] * 5
    assert [f["media"]["format"] for f in files] == ["jpeg", "png", "webp", "heic", "jpeg"]
    assert files[4]["media"]["orientation"] == "portrait" and files[4]["media"]["width"] == 300

    state = assert_envelope(api.state(), 200, 0)["data"]
    assert state["summary"] == "1. Video: 5 photos (0-15s)"
    draft = state["state"]["draft"]
    assert draft["d"] == 15_000 and draft["t"][0]["tt"] == 0 and len(draft["t"][0]["sg"]) == 5
    assert len(state["state"]["video_infos"]) == 5
    assert state["state"]["generated_media"] == []

    job = assert_envelope(api.export("render_abc", resolution=360, motion=None), 200, 0)["data"]
    assert job["id"] == "render_abc" and job["status"] in ("queued", "rendering", "completed")
    again = assert_envelope(api.export("render_abc", resolution=360), 200, 0)["data"]
    assert again["createdAt"] == job["createdAt"], "posting the same id twice starts one render"

    done = api.poll("render_abc")
    assert done["status"] == "completed" and done["progress"] == 100
    output = done["output"]
    assert output["duration"] == 15.0 and output["contentType"] == "video/mp4"
    generated = assert_envelope(api.state(), 200, 0)["data"]["state"]["generated_media"]
    assert [g["id"] for g in generated] == ["render_abc"]

    # A plain client with only the signed link: no token, and a Range request as a player seeks.
    part = api.client.get(output["url"], headers={"Range": "bytes=0-99"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 0-99/{output['size']}"
    assert len(part.content) == 100
    full = api.client.get(output["url"])
    assert full.status_code == 200 and full.headers["content-type"] == "video/mp4"
    assert int(full.headers["content-length"]) == output["size"]
    assert "attachment" in full.headers["content-disposition"]
    video = tmp_path / "downloaded.mp4"
    video.write_bytes(full.content)
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 640, 360)
        assert stream.codec_context.pix_fmt == "yuv420p"
    for k, colour in enumerate((RED, GREEN, BLUE, YELLOW)):
        assert close_to(mean_colour(frame_at(video, 3 * k + 1.5)), colour, 20), f"slide {k + 1}"


def test_upload_reports_each_file_and_keeps_the_good_ones(api: Api, make_photo, tmp_path):
    api.new_session()
    bad = tmp_path / "evil.jpg"
    bad.write_text("<script>alert(1)</script>")
    body = assert_envelope(api.upload(make_photo(), bad, make_photo()), 200, 0)
    assert [f["ok"] for f in body["data"]["files"]] == [True, False, True]
    assert body["data"]["files"][1]["code"] == 4001
    assert assert_envelope(api.state(), 200, 0)["data"]["summary"] == "1. Video: 2 photos (0-6s)"


def test_music_upload_is_recorded_but_not_a_slide(api: Api, make_photo, tone):
    api.new_session()
    body = assert_envelope(api.upload(make_photo(), tone(1.0)), 200, 0)
    assert [f["media"]["kind"] for f in body["data"]["files"]] == ["image", "audio"]
    state = assert_envelope(api.state(), 200, 0)["data"]
    assert state["summary"] == "1. Video: 1 photo (0-3s)"
    assert abs(state["state"]["video_infos"][1]["duration"] - 1.0) < 0.05


def test_health_and_docs(client):
    assert assert_envelope(client.get("/healthz"), 200, 0)["data"]["status"] == "ok"
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/auth/anonymous-token",
        "/api/tasks/me/with-session/{app_name}",
        "/api/upload-video/{app_name}/me/{session_id}",
        "/api/credits/balance/simple",
        "/api/state/{app_name}/me/{session_id}",
        "/api/render/proxy/lambda",
        "/api/render/proxy/lambda/{render_id}",
    ):
        assert path in paths


def test_attribution_headers_are_recorded_not_required(api: Api):
    from photoreel.store.models import Account

    headers = {**api.auth, "X-Skill-Version": "1.0.0", "X-Skill-Platform": "clawhub"}
    assert_envelope(api.client.get("/api/credits/balance/simple", headers=headers), 200, 0)
    bare = {"Authorization": api.auth["Authorization"]}
    assert_envelope(api.client.get("/api/credits/balance/simple", headers=bare), 200, 0)
    with api.client.app.state.context.database() as db:
        account = db.query(Account).one()
    assert (account.skill_source, account.skill_version, account.skill_platform) == (
        "image-to-video-download",
        "1.0.0",
        "clawhub",
    )
