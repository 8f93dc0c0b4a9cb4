"""One account cannot fill the render queue: exports in flight are capped per account, one export's work is
budgeted, and an export can be cancelled (its work stops, its slot frees)."""

from __future__ import annotations

import time

from tests.api_fixtures import Api, assert_envelope


def _project(api: Api, make_photo, photos: int) -> None:
    api.new_session()
    shots = [make_photo(size=(640, 480), colour=(20 * i % 255, 120, 200 - 9 * i)) for i in range(photos)]
    assert_envelope(api.upload(*shots), 200, 0)


def test_exports_in_flight_are_capped_and_cancelling_one_frees_its_slot(make_client, make_photo) -> None:
    api = Api(make_client(exports_in_flight=1)).login()
    _project(api, make_photo, photos=20)  # 60 s of video: long enough to be cancelled mid-render
    assert_envelope(api.export("r_long", resolution=720), 200, 0)
    refused = assert_envelope(api.export("r_next", resolution=360), 402, 402)
    assert "1 of your exports are still rendering" in refused["message"]

    deadline = time.monotonic() + 60
    while api.status("r_long")["progress"] < 3:  # rendering for real
        assert time.monotonic() < deadline, "the render never got going"
        time.sleep(0.1)
    cancelled = assert_envelope(api.client.delete("/api/render/proxy/lambda/r_long", headers=api.auth), 200, 0)
    assert cancelled["data"]["status"] == "failed" and cancelled["data"]["error"] == "the export was cancelled"

    stopped_at = api.status("r_long")["progress"]
    time.sleep(3)
    assert api.status("r_long")["progress"] == stopped_at, "the worker stopped"
    assert api.status("r_long")["output"] is None

    assert_envelope(api.export("r_next", resolution=360), 200, 0)  # the slot is free
    assert api.wait_completed("r_next", timeout=180)["output"]["url"]
    again = assert_envelope(api.client.delete("/api/render/proxy/lambda/r_next", headers=api.auth), 200, 0)
    assert again["data"]["status"] == "completed", "cancelling a finished export changes nothing"


def test_one_exports_work_is_budgeted(make_client, make_photo) -> None:
    api = Api(make_client(export_budget_megapixel_frames=100)).login()
    _project(api, make_photo, photos=1)  # 3 s: 186 megapixel-frames at 1080p30, 21 at 360p30
    refused = assert_envelope(api.export("r_big"), 402, 402)
    assert "at 1920x1080 and 30 fps it may last at most 1.6 s" in refused["message"]
    assert_envelope(api.export("r_small", resolution=360), 200, 0)


def test_cancelling_someone_elses_export_looks_like_a_missing_one(client, make_photo) -> None:
    owner, stranger = Api(client).login(), Api(client).login()
    _project(owner, make_photo, photos=1)
    assert_envelope(owner.export("r_mine", resolution=360), 200, 0)
    assert_envelope(client.delete("/api/render/proxy/lambda/r_mine", headers=stranger.auth), 404, 1002)


def test_another_accounts_export_waits_for_at_most_the_render_already_running(make_client, make_photo) -> None:
    client = make_client(exports_in_flight=3, render_workers=1)
    busy, other = Api(client).login(), Api(client).login()
    _project(busy, make_photo, photos=2)
    _project(other, make_photo, photos=2)
    for k in range(3):
        assert_envelope(busy.export(f"r_busy_{k}", resolution=360), 200, 0)
    assert_envelope(other.export("r_other", resolution=360), 200, 0)
    for api, render in [(busy, "r_busy_0"), (busy, "r_busy_1"), (busy, "r_busy_2"), (other, "r_other")]:
        api.wait_completed(render, timeout=180)
    with client.app.state.context.database() as db:  # type: ignore[attr-defined]
        from photoreel.store.models import RenderJob

        order = [job.client_ref for job in db.query(RenderJob).order_by(RenderJob.started_at)]
    assert order.index("r_other") <= 1, order
