"""Long exports render as chunks in the embedded pool too, so the chunked path is exercised everywhere."""

from __future__ import annotations

from photoreel.store.models import RenderChunk, RenderJob
from tests.api_fixtures import Api, assert_envelope
from tests.helpers import close_to, facts, frame_at, mean_colour

COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40)]


def test_a_long_export_renders_in_chunks_in_the_local_pool(make_client, make_photo, tmp_path):
    client = make_client(chunk_s=2.5, render_workers=2)
    api = Api(client).login()
    api.new_session()
    assert_envelope(api.upload(*(make_photo(colour=c) for c in COLOURS)), 200, 0)  # 4 photos x 3 s
    assert_envelope(api.export("render_chunked", resolution=360), 200, 0)

    seen: list[int] = []
    done = None
    import time

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        data = api.client.get("/api/render/proxy/lambda/render_chunked", headers=api.auth).json()["data"]
        seen.append(data["progress"])
        if data["status"] in ("completed", "failed"):
            done = data
            break
        time.sleep(0.05)
    assert done is not None and done["status"] == "completed", (done or {}).get("error")
    assert seen == sorted(seen), "progress (the sum of the chunks') never goes backwards"

    with client.app.state.context.database() as db:
        job = db.query(RenderJob).one()
        chunks = db.query(RenderChunk).filter_by(job_id=job.id).order_by(RenderChunk.index).all()
    assert job.chunk_count == len(chunks) >= 4, "12 s in chunks of about 2.5 s"
    assert all(c.status == "done" and c.frames_done == c.frame_count for c in chunks)
    assert sum(c.frame_count for c in chunks) == 360

    video = tmp_path / "chunked.mp4"
    video.write_bytes(api.client.get(done["output"]["url"]).content)
    f = facts(video)
    assert (f.width, f.height, f.frames, f.codec, f.pix_fmt) == (640, 360, 360, "h264", "yuv420p")
    for k, colour in enumerate(COLOURS):
        assert close_to(mean_colour(frame_at(video, 3 * k + 1.5)), colour, 20), f"slide {k + 1}"
