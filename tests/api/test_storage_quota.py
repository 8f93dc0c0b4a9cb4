"""A storage quota per account: an upload that would go over it is refused (402, with what is used), an export is
refused once the account is over it, and deleting a session frees its room (but not while it renders)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from sqlalchemy import select

from photoreel.store.models import RenderJob, VideoSession
from tests.api_fixtures import Api, assert_envelope


def _big_photo(path: Path, seed: int) -> Path:
    """About 0.6 MB of JPEG: noise does not compress."""
    pixels = np.random.default_rng(seed).integers(0, 255, (700, 900, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path, quality=92)
    return path


def test_uploads_stop_at_the_quota_and_deleting_a_session_makes_room(make_client, tmp_path):
    client = make_client(storage_quota_mb=1)
    api = Api.started(client)
    first, second = _big_photo(tmp_path / "a.jpg", 1), _big_photo(tmp_path / "b.jpg", 2)
    assert 0.4e6 < first.stat().st_size < 0.9e6
    assert assert_envelope(api.upload(first), 200, 0)["data"]["files"][0]["ok"]
    refused = assert_envelope(api.upload(second), 402, 402)["data"]["files"][
        0
    ]  # the only file: its code is the reply's
    assert not refused["ok"] and refused["code"] == 402
    assert "storage is full" in refused["message"] and "of 1.0 MB used" in refused["message"]
    data_dir = client.app.state.context.settings.data_dir
    assert len(list((data_dir / "media").rglob("med_*"))) == 1, "the refused file is not kept"
    assert not list((data_dir / "tmp").rglob("med_*"))

    # Another session of the same account counts against the same quota.
    older = api.session_id
    api.new_session()
    assert not assert_envelope(api.upload(second), 402, 402)["data"]["files"][0]["ok"]

    deleted = client.delete(f"/api/state/nemo_agent/me/{older}", headers=api.auth)
    assert assert_envelope(deleted, 200, 0)["data"]["files_removed"] >= 1
    assert_envelope(api.state(older), 404, 1002)
    assert not list((data_dir / "media").rglob("med_*")), "its files are gone"
    assert assert_envelope(api.upload(second), 200, 0)["data"]["files"][0]["ok"], "room again"


def test_an_account_over_its_quota_cannot_export_and_a_rendering_session_is_not_deleted(make_client, tmp_path):
    client = make_client()
    ctx = client.app.state.context
    api = Api.started(client)
    assert_envelope(api.upload(_big_photo(tmp_path / "a.jpg", 3)), 200, 0)
    ctx.settings.storage_quota_mb = 0.25  # lowered by the operator: this account is over it now
    r = api.export("render_over", resolution=360)
    assert "storage is full" in assert_envelope(r, 402, 402)["message"]

    ctx.settings.storage_quota_mb = 2048
    with ctx.database.begin() as db:  # an export a worker is on (written here, so no worker finishes it meanwhile)
        account_id = db.scalar(select(VideoSession.account_id).where(VideoSession.id == api.session_id))
        db.add(
            RenderJob(
                id="job_busy",
                client_ref="render_busy",
                account_id=account_id,
                session_id=api.session_id,
                status="rendering",
                draft={},
                format="mp4",
            )
        )
    busy = client.delete(f"/api/state/nemo_agent/me/{api.session_id}", headers=api.auth)
    assert "still rendering" in assert_envelope(busy, 409, 409)["message"]
    assert_envelope(api.state(), 200, 0)

    stranger = Api.started(client)
    theirs = client.delete(f"/api/state/nemo_agent/me/{api.session_id}", headers=stranger.auth)
    assert_envelope(theirs, 404, 1002)
