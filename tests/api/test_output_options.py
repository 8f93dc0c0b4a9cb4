"""Output options over HTTP: checked once by the request model, numbers sent as strings taken as numbers (as
plain int fields took them), a value we do not make refused with the ones we do."""

from __future__ import annotations

from tests.api_fixtures import Api, assert_envelope


def test_export_options_at_the_top_or_in_output_numbers_as_strings(api: Api, make_photo) -> None:
    api.new_session()
    assert_envelope(api.upload(make_photo()), 200, 0)
    body = {"id": "r1", "sessionId": api.session_id, "fps": "25", "output": {"resolution": "360", "format": "webm"}}
    job = assert_envelope(api.client.post("/api/render/proxy/lambda", json=body, headers=api.auth), 200, 0)["data"]
    assert job["format"] == "webm"
    done = api.wait_completed("r1", timeout=120)
    assert done["output"]["contentType"] == "video/webm"


def test_an_option_we_do_not_make_is_a_400_naming_what_we_do(api: Api, make_photo) -> None:
    api.new_session()
    assert_envelope(api.upload(make_photo()), 200, 0)
    refused = assert_envelope(api.export("r2", aspect="2:1"), 400, 400)
    assert "aspect ratio '2:1' is not one of 16:9, 9:16, 1:1, 4:5, 4:3, 3:4" in refused["message"]
    assert_envelope(api.export("r3", fps=29), 400, 400)
