"""A render over its memory cap (RLIMIT_AS on its child process) fails saying so, and nothing else is harmed:
the server answers and the session keeps its uploads."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests.api_fixtures import Api, assert_envelope

CAP_MB = 700  # the render child's start-up fits; a 1080p render of 12-megapixel photos does not


@pytest.fixture
def big_photos(tmp_path):
    paths = []
    for i in range(3):
        path = tmp_path / f"big{i}.jpg"
        pixels = (np.random.default_rng(i).random((3000, 4000, 3)) * 255).astype(np.uint8)
        Image.fromarray(pixels).save(path, quality=90)
        paths.append(path)
    return paths


def test_a_render_over_its_memory_cap_fails_saying_so(make_client, big_photos) -> None:
    api = Api(make_client(render_memory_mb=CAP_MB)).login()
    api.new_session()
    assert_envelope(api.upload(*big_photos), 200, 0)
    assert_envelope(api.export("r_capped"), 200, 0)
    failed = api.poll("r_capped", timeout=120)
    assert failed["status"] == "failed", failed
    assert f"needed more than its {CAP_MB} MB memory limit" in failed["error"], failed["error"]
    assert api.client.get("/healthz").status_code == 200
    assert len(assert_envelope(api.state(), 200, 0)["data"]["state"]["video_infos"]) == 3, "nothing stored was lost"
