"""Media, thumbnails, chunks and renders in an S3-compatible bucket (moto's emulator on loopback)."""

from __future__ import annotations

from pathlib import Path

import boto3

from tests.api_fixtures import Api, assert_envelope
from tests.helpers import facts

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 30), (30, 30, 220)


def _bucket_keys(settings: dict[str, str]) -> list[str]:
    client = boto3.client(
        "s3",
        endpoint_url=settings["s3_endpoint_url"],
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    listing = client.list_objects_v2(Bucket=settings["s3_bucket"])
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_the_whole_workflow_keeps_its_files_in_the_bucket(make_client, s3_server, make_photo, tone, tmp_path: Path):
    client = make_client(**s3_server, chunk_s=2.0, render_workers=2)
    api = Api(client).login()
    api.new_session()
    upload = assert_envelope(api.upload(*(make_photo(colour=c) for c in (RED, GREEN, BLUE)), tone(10.0)), 200, 0)
    assert all(f["ok"] for f in upload["data"]["files"])
    message = {"role": "user", "parts": [{"text": "add background music"}]}
    body = {"app_name": "nemo_agent", "user_id": "me", "session_id": api.session_id, "new_message": message}
    assert client.post("/run", json=body, headers=api.auth).status_code == 200
    state = assert_envelope(api.state(), 200, 0)["data"]["state"]
    thumb = client.get(state["video_infos"][0]["thumbnail"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"

    assert_envelope(api.export("render_s3", resolution=360), 200, 0)
    done = api.poll("render_s3", timeout=120)
    assert done["status"] == "completed", done
    whole = client.get(done["output"]["url"])
    assert whole.status_code == 200 and len(whole.content) == done["output"]["size"]
    video = tmp_path / "s3.mp4"
    video.write_bytes(whole.content)
    f = facts(video)
    assert (f.width, f.height, f.frames, f.audio_codec) == (640, 360, 270, "aac")

    part = client.get(done["output"]["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
    tail = client.get(done["output"]["url"], headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == whole.content[-10:]
    beyond = client.get(done["output"]["url"], headers={"Range": f"bytes={len(whole.content)}-"})
    assert beyond.status_code == 416

    from photoreel.store.models import RenderJob

    with client.app.state.context.database() as db:
        job = db.query(RenderJob).one()
        assert job.chunk_count >= 3, "9 s at chunk_s=2 renders as several chunks"
    keys = _bucket_keys(s3_server)
    assert sum(k.startswith(f"media/{api.session_id}/") for k in keys) == 4
    assert sum(k.startswith("thumbs/") for k in keys) == 1
    assert len([k for k in keys if k.startswith("renders/")]) == 1
    cached = [k for k in keys if k.startswith("chunks/cache/")]
    assert len(cached) == job.chunk_count, "the chunks are kept in the bucket's cache for the next export"
    assert sorted(k for k in keys if k.endswith(".mp4")) == sorted(
        [*cached, *(k for k in keys if k.startswith("renders/"))]
    )
    data_dir = client.app.state.context.settings.data_dir
    assert not (data_dir / "media").exists() and not (data_dir / "renders").exists(), "nothing kept outside the bucket"


def test_presigned_downloads_redirect_to_the_bucket(make_client, s3_server, make_photo):
    client = make_client(**s3_server, s3_presign_downloads=True)
    api = Api(client).login()
    api.new_session()
    assert_envelope(api.upload(make_photo(colour=GREEN)), 200, 0)
    assert_envelope(api.export("render_presigned", resolution=360), 200, 0)
    done = api.poll("render_presigned", timeout=60)
    redirect = client.get(done["output"]["url"], follow_redirects=False)
    assert redirect.status_code == 307
    location = redirect.headers["location"]
    assert location.startswith(s3_server["s3_endpoint_url"]) and "Signature" in location
    import httpx

    fetched = httpx.get(location)
    assert fetched.status_code == 200 and len(fetched.content) == done["output"]["size"]
    assert fetched.headers["content-type"] == "video/mp4"
