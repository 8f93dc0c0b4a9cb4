"""Watching an export while it renders: the status links a preview of its leading finished chunks, each served
as a fragmented MP4 that a Media Source plays at its start time, showing exactly the final video's frames."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import av
import numpy as np
from sqlalchemy import select, update

from photoreel.store.models import RenderChunk, RenderJob
from tests.api_fixtures import Api, assert_envelope
from tests.helpers import all_frames

COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40), (200, 40, 200), (40, 200, 200)]


def _exported(make_client, make_photo, tmp_path: Path, **settings) -> tuple[Api, dict, Path]:
    api = Api(make_client(chunk_s=2.0, **settings)).login()
    api.new_session()
    assert_envelope(api.upload(*(make_photo(colour=c) for c in COLOURS)), 200, 0)  # 18 s
    assert_envelope(api.export("render_watch", resolution=360), 200, 0)
    done = api.wait_completed("render_watch", timeout=120)
    return api, done, api.download(done, tmp_path / "final.mp4")


def _preview(api: Api, url: str) -> dict:
    r = api.client.get(url, headers=api.auth)
    return assert_envelope(r, 200, 0)["data"]


def _decoded(content: bytes) -> list[np.ndarray]:
    with av.open(io.BytesIO(content)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def test_the_preview_plays_the_final_videos_frames_chunk_by_chunk(make_client, make_photo, tmp_path):
    api, done, final = _exported(make_client, make_photo, tmp_path)
    assert done["previewUrl"], "a chunked export says where to watch it"
    preview = _preview(api, done["previewUrl"])
    assert preview["complete"] and preview["status"] == "completed"
    assert re.fullmatch(r'video/mp4; codecs="avc1\.[0-9A-F]{6}"', preview["mime"])
    segments = preview["segments"]
    assert len(segments) >= 4 and segments[0]["start"] == 0
    for a, b in itertools.pairwise(segments):
        assert abs(a["start"] + a["duration"] - b["start"]) < 1e-9, "segments follow each other with no gap"
    assert abs(sum(s["duration"] for s in segments) - preview["duration"]) < 1e-9
    assert abs(preview["duration"] - 18.0) < 0.05

    whole = all_frames(final)
    for segment in segments:
        r = api.client.get(segment["url"])  # a signed link: no token, as a <video>'s fetches go
        assert r.status_code == 200 and r.headers["content-type"] == "video/mp4"
        assert b"moof" in r.content[:4096] or b"moof" in r.content, "fragmented, as Media Source takes it"
        frames = _decoded(r.content)
        first = round(segment["start"] * 30)
        assert len(frames) == round(segment["duration"] * 30)
        for n, frame in enumerate(frames):
            assert np.array_equal(frame, whole[first + n]), f"segment at {segment['start']} s, frame {n}"
    data_dir = api.client.app.state.context.settings.data_dir
    assert not list((data_dir / "tmp").rglob("*.mp4")), "each segment's work file is gone once sent"


def test_only_the_leading_finished_chunks_are_offered(make_client, make_photo, tmp_path):
    api, _done, _ = _exported(make_client, make_photo, tmp_path)
    ctx = api.client.app.state.context
    with ctx.database.begin() as db:
        job = db.scalar(select(RenderJob).where(RenderJob.client_ref == "render_watch"))
        db.execute(update(RenderJob).where(RenderJob.id == job.id).values(status="rendering", phase="chunks"))
        db.execute(
            update(RenderChunk).where(RenderChunk.job_id == job.id, RenderChunk.index == 2).values(status="queued")
        )
    status = api.status("render_watch")
    assert status["previewUrl"] and status["output"] is None
    preview = _preview(api, status["previewUrl"])
    assert [s["start"] for s in preview["segments"]] == [s["start"] for s in preview["segments"][:2]]
    assert len(preview["segments"]) == 2 and not preview["complete"], "chunk 3 is not done: nothing after it yet"
    later = preview["segments"][1]["url"].replace("/preview/1?", "/preview/2?")
    assert api.client.get(later).status_code == 404, "a link for chunk 3 (its signature is for chunk 2's) fails"


def test_a_preview_is_private_and_its_links_are_signed(make_client, make_photo, tmp_path):
    api, done, _ = _exported(make_client, make_photo, tmp_path)
    stranger = Api(api.client).login()
    assert_envelope(stranger.client.get(done["previewUrl"], headers=stranger.auth), 404, 1002)
    url = _preview(api, done["previewUrl"])["segments"][0]["url"]
    assert api.client.get(re.sub(r"sig=[^&]+", "sig=forged", url)).status_code == 404
    assert api.client.get(url.split("?")[0]).status_code == 404, "no link, no segment"


def test_an_export_in_one_piece_has_no_preview(make_client, make_photo, tmp_path):
    api = Api(make_client(chunk_s=2.0)).login()
    api.new_session()
    assert_envelope(api.upload(make_photo(), make_photo()), 200, 0)
    assert_envelope(api.export("render_gif", format="gif", resolution=360), 200, 0)
    done = api.wait_completed("render_gif", timeout=120)
    assert done["previewUrl"] is None
    r = api.client.get("/api/render/proxy/lambda/render_gif/preview", headers=api.auth)
    assert "renders as one piece" in assert_envelope(r, 404, 1002)["message"]


def test_a_finished_exports_preview_without_its_chunks_says_so(make_client, make_photo, tmp_path):
    api, done, _ = _exported(make_client, make_photo, tmp_path, chunk_cache_mb=0)  # chunks deleted once joined
    r = api.client.get(done["previewUrl"], headers=api.auth)
    assert "download it" in assert_envelope(r, 404, 1002)["message"]
