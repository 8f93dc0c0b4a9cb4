"""Hostile and broken input through the API: each gets its code and a readable message, the server stays up,
and nothing already stored is lost."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from photoreel.service.make import MakeOptions, make_video
from tests.api_fixtures import Api, assert_envelope
from tests.conftest import write_mp3, write_wav
from tests.reliability import hostile


def _upload_bytes(api: Api, name: str, data: bytes, content_type: str = "application/octet-stream"):
    files = [("files", (name, data, content_type))]
    return api.client.post(f"/api/upload-video/nemo_agent/me/{api.session_id}", files=files, headers=api.auth)


@pytest.fixture
def project(api: Api, make_photo) -> Api:
    """A session that already holds one good photo, which every refusal must leave alone."""
    api.new_session()
    assert_envelope(api.upload(make_photo(colour=(10, 200, 10))), 200, 0)
    return api


def _still_intact(api: Api) -> None:
    state = assert_envelope(api.state(), 200, 0)["data"]
    assert state["summary"].startswith("1. Video: 1 photo"), state["summary"]
    assert [m["kind"] for m in state["state"]["video_infos"]] == ["image"]


@pytest.mark.parametrize(
    ("name", "maker"),
    [
        ("bomb.png", hostile.png_bomb),
        ("bomb.jpg", hostile.jpeg_bomb),
        ("bomb.webp", hostile.webp_bomb),
        ("bomb.heic", hostile.heic_bomb),
    ],
)
def test_pixel_bombs_are_refused_from_their_header(project: Api, name, maker):
    body = assert_envelope(_upload_bytes(project, name, maker()), 413, 4002)
    message = body["data"]["files"][0]["message"]
    assert message.startswith(f"{name}: ") and "megapixels" in message
    _still_intact(project)


def test_the_pixel_limit_is_a_setting_and_a_photo_at_it_passes(make_client, make_photo):
    api = Api(make_client(max_image_pixels=640 * 480)).login()
    api.new_session()
    at_limit = make_photo(size=(640, 480))
    over = make_photo(size=(642, 480))
    body = assert_envelope(api.upload(at_limit, over), 200, 0)
    assert [f["ok"] for f in body["data"]["files"]] == [True, False]
    assert body["data"]["files"][1]["code"] == 4002


@pytest.mark.parametrize(
    ("name", "maker"),
    [
        ("star.fits", hostile.fits_file),
        ("layers.psd", hostile.psd_file),
        ("logo.svg", hostile.svg_file),
        ("scan.tiff", hostile.tiff_file),
        ("doc.pdf", hostile.pdf_file),
    ],
)
def test_formats_outside_the_allow_list_are_refused(project: Api, name, maker):
    body = assert_envelope(_upload_bytes(project, name, maker()), 415, 4001)
    assert "not a file type we accept" in body["data"]["files"][0]["message"]
    _still_intact(project)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "image/jpeg"),
        (b"alert(document.cookie);//" + b" " * 100, "image/jpeg"),
        (hostile.zip_file(), "image/jpeg"),
    ],
)
def test_lies_about_type_are_judged_by_content(project: Api, data, content_type):
    assert_envelope(_upload_bytes(project, "holiday.jpg", data, content_type), 415, 4001)
    _still_intact(project)


def test_a_png_named_mp3_is_a_photo(project: Api):
    body = assert_envelope(_upload_bytes(project, "song.mp3", hostile.png_photo(), "audio/mpeg"), 200, 0)
    assert body["data"]["files"][0]["media"]["kind"] == "image"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\windows\\win.ini",
        "a.jpg.php",
        "<img src=x onerror=alert(1)>.png",
        "x" * 5000 + ".png",
        "夏天的回忆 🎉 مرحبا.png",
        "/abs/path.png",
    ],
)
def test_file_names_are_display_metadata_only(project: Api, name):
    body = assert_envelope(_upload_bytes(project, name, hostile.png_photo()), 200, 0)
    shown = body["data"]["files"][0]["name"]
    assert "/" not in shown and "\\" not in shown and len(shown) <= 255
    data_dir: Path = project.client.app.state.context.settings.data_dir
    stored = [p.name for p in (data_dir / "media" / project.session_id).iterdir()]
    assert len(stored) == 2 and all(re.fullmatch(r"med_[0-9a-f]{32}\.(png|jpeg)", s) for s in stored), stored
    assert not (data_dir.parent / "etc").exists() and not (data_dir / "etc").exists()


def test_a_nul_byte_in_a_file_name_is_dropped(project: Api):
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="evil\x00.php.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + hostile.png_photo()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    r = project.client.post(
        f"/api/upload-video/nemo_agent/me/{project.session_id}",
        content=body,
        headers={**project.auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    files = assert_envelope(r, 200, 0)["data"]["files"]
    assert "\x00" not in files[0]["name"]


def test_corrupt_and_truncated_media_are_4001(project: Api, make_photo, tmp_path):
    jpeg = make_photo(size=(640, 480))
    png = make_photo(size=(640, 480), fmt="PNG")
    heic = make_photo(size=(640, 480), fmt="HEIF")
    mp3 = write_mp3(tmp_path / "song.mp3", 3.0)
    wav = write_wav(tmp_path / "song.wav", 1.0)
    mp4 = make_video([make_photo()], tmp_path / "clip.mp4", MakeOptions(size=(320, 180), per_photo_s=4.0))[0].path
    cases = {
        "noise.jpg": hostile.random_bytes(),
        "cut.jpg": hostile.truncated(jpeg),
        "cut.png": hostile.truncated(png),
        "cut.heic": hostile.truncated(heic),
        "cut.mp3": hostile.truncated(mp3, 0.02),
        "cut.wav": wav.read_bytes()[:40],
        "cut.mp4": hostile.truncated(mp4, 0.4),
        "empty.jpg": b"",
    }
    for name, data in cases.items():
        r = _upload_bytes(project, name, data)
        assert r.status_code in (415, 400), (name, r.text)
        assert r.json()["code"] in (4001, 400), (name, r.text)
    _still_intact(project)


def test_instruction_text_of_any_shape_gets_a_reply_or_a_clear_refusal(project: Api):
    def run(text: str):
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": project.session_id,
            "new_message": {"role": "user", "parts": [{"text": text}]},
        }
        return project.client.post("/run", json=body, headers=project.auth)

    huge = run("make it 9:16 " * 80_000)  # about 1 MB
    assert_envelope(huge, 400, 400)
    assert "too long" in huge.json()["message"]
    for text in (
        "\x00\x01\x1b[31m make it square \x7f",
        "\u202eexport\u202c",
        "🎉🎉 add the title '🎉 Summer 🌊' 🎉",
        "اجعلها مربعة",
    ):
        r = run(text)
        assert r.status_code == 200, (text, r.text)
        events = r.json()
        assert events and all(isinstance(e, dict) for e in events)
    assert_envelope(project.state(), 200, 0)


def test_responses_never_show_server_paths(project: Api, make_photo, tmp_path):
    data_dir = str(project.client.app.state.context.settings.data_dir.resolve())
    texts = [
        _upload_bytes(project, "noise.jpg", hostile.random_bytes()).text,
        project.state().text,
        project.client.get(f"/api/state/nemo_agent/me/sess_{uuid.uuid4().hex}", headers=project.auth).text,
        project.client.get("/api/render/proxy/lambda/nope", headers=project.auth).text,
    ]
    for text in texts:
        assert data_dir not in text and "/tmp/" not in text, text
