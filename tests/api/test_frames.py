"""Frame previews by the state's signed link: the composed frame at a time, in the output's shape, current."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from tests.api_fixtures import Api, assert_envelope
from tests.helpers import close_to, mean_colour


def _brightest(frame: np.ndarray, band: tuple[float, float, float, float]) -> float:
    """The 99th percentile of brightness in a band (fractions x0, y0, x1, y1): white letters stand out."""
    h, w = frame.shape[:2]
    x0, y0, x1, y1 = band
    return float(np.percentile(frame[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)].mean(axis=2), 99))


RED, GREEN = (220, 30, 30), (30, 200, 30)


def _picture(api: Api, url: str, **query: object) -> np.ndarray:
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    r = api.client.get(url + extra)  # no token: the link is the permission, as for an <img>
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg", r.text
    return np.asarray(Image.open(io.BytesIO(r.content)).convert("RGB"))


def test_the_frame_at_a_time_follows_every_edit(client, make_photo):
    api = Api.started(client)
    assert_envelope(api.upload(make_photo(colour=RED), make_photo(colour=GREEN)), 200, 0)
    state = assert_envelope(api.state(), 200, 0)["data"]
    url = state["frame_url"]
    first = _picture(api, url, t=1000)
    assert first.shape == (360, 640, 3) and close_to(mean_colour(first), RED, tolerance=14)
    assert close_to(mean_colour(_picture(api, url, t=4500)), GREEN, tolerance=14)
    assert _picture(api, url, t=0, size=180).shape == (180, 320, 3)

    assert_envelope(api.edit(("SetOutput", {"aspect": "9:16"}), ("MoveSegment", {"source": 1, "target": 0})), 200, 0)
    after = _picture(api, url, t=1000)  # the same link shows the timeline as it is now
    assert after.shape == (640, 360, 3) and close_to(mean_colour(after), GREEN, tolerance=14)


def test_moving_the_title_moves_it_in_the_frame(client, make_photo):
    api = Api.started(client)
    assert_envelope(api.upload(make_photo(colour=(40, 40, 40))), 200, 0)
    api.say("add the title 'HELLO' at the top")
    url = assert_envelope(api.state(), 200, 0)["data"]["frame_url"]
    top_band, bottom_band = (0.1, 0.0, 0.9, 0.3), (0.1, 0.7, 0.9, 1.0)
    at_top = _picture(api, url, t=1500)
    assert _brightest(at_top, top_band) > _brightest(at_top, bottom_band) + 100
    assert_envelope(api.edit(("UpdateText", {"index": 0, "position": "bottom"})), 200, 0)
    moved = _picture(api, url, t=1500)
    assert _brightest(moved, bottom_band) > _brightest(moved, top_band) + 100


def test_a_current_revision_may_be_cached_and_an_old_one_not(client, make_photo):
    api = Api.started(client)
    assert_envelope(api.upload(make_photo()), 200, 0)
    state = assert_envelope(api.state(), 200, 0)["data"]
    current = api.client.get(f"{state['frame_url']}&t=0&rev={state['revision']}")
    assert current.headers["cache-control"].startswith("private, max-age=")
    stale = api.client.get(f"{state['frame_url']}&t=0&rev={state['revision'] - 1}")
    assert stale.headers["cache-control"] == "no-store"


def test_bad_links_and_impossible_frames_are_clear_errors(client, make_photo):
    api = Api.started(client)
    empty = assert_envelope(api.state(), 200, 0)["data"]["frame_url"]
    assert "no photos" in assert_envelope(api.client.get(empty + "&t=0"), 400, 400)["message"]
    assert_envelope(api.upload(make_photo()), 200, 0)
    assert "pixels on its short side" in assert_envelope(api.client.get(empty + "&size=1000"), 400, 400)["message"]
    assert_envelope(api.client.get(empty + "&t=-5"), 400, 400)
    forged = empty.replace("sig=", "sig=0")
    assert_envelope(api.client.get(forged + "&t=0"), 404, 1002)
    other = Api.started(client)
    theirs = assert_envelope(other.state(), 200, 0)["data"]["frame_url"]
    assert_envelope(api.client.get(theirs.replace(other.session_id, api.session_id)), 404, 1002)


def test_showing_the_timeline_gives_its_frame_link(client, make_photo):
    api = Api.started(client)
    assert_envelope(api.upload(make_photo(colour=RED)), 200, 0)
    events = api.say("preview in timeline")
    shown = [
        p["functionResponse"]["response"]
        for e in events
        for p in (e.get("content") or {}).get("parts", [])
        if "functionResponse" in p
    ]
    assert shown and "frameUrl" in shown[0]
    assert close_to(mean_colour(_picture(api, shown[0]["frameUrl"], t=500)), RED, tolerance=14)


def test_a_clip_is_previewed_from_its_scrubbing_copy_once_it_is_made(client, make_clip):
    api = Api.started(client)
    assert_envelope(api.upload(make_clip(colours=[RED, GREEN], gop=60)), 200, 0)
    url = assert_envelope(api.state(), 200, 0)["data"]["frame_url"]
    assert close_to(mean_colour(_picture(api, url, t=500)), RED, tolerance=16)  # from the clip; the copy starts
    ctx = client.app.state.context
    ctx.proxies.wait()
    (item,) = ctx.proxies.made()  # made once, kept beside the upload
    key = f"media/{api.session_id}/proxy-{item}.mp4"
    assert ctx.blobs.exists(key)
    assert close_to(mean_colour(_picture(api, url, t=1500)), GREEN, tolerance=16)  # from the copy
    r = api.client.delete(f"/api/state/nemo_agent/me/{api.session_id}", headers=api.auth)
    assert_envelope(r, 200, 0)
    assert not ctx.blobs.exists(key), "the copy goes with its session"


def test_a_link_with_odd_characters_is_a_404_not_a_500(client, make_photo):
    api = Api.started(client)
    assert_envelope(api.upload(make_photo()), 200, 0)
    r = api.client.get(f"/api/frames/{api.session_id}?expires=9999999999&sig=%C3%A9&t=0")
    assert_envelope(r, 404, 1002)


def test_a_frame_fetches_only_the_media_on_screen(client, make_photo, monkeypatch):
    """With media in S3 each file resolved is a download: a frame of the first photo fetches that one."""
    from photoreel.service import frames
    from photoreel.store import blobs

    api = Api.started(client)
    colours = [RED, GREEN, (30, 30, 200), (200, 200, 30)]
    body = assert_envelope(api.upload(*(make_photo(colour=c) for c in colours)), 200, 0)
    ids = [f["media"]["id"] for f in body["data"]["files"]]
    url = assert_envelope(api.state(), 200, 0)["data"]["frame_url"]
    fetched: list[str] = []
    real = blobs.media_file

    def counting(store, item):  # the same call, counted
        fetched.append(item.id)
        return real(store, item)

    monkeypatch.setattr(frames.blobs, "media_file", counting)
    assert close_to(mean_colour(_picture(api, url, t=1000)), RED, tolerance=14)
    assert fetched == [ids[0]]
    fetched.clear()
    _picture(api, url, t=3000)  # the fade from the first photo to the second: both on screen
    assert sorted(fetched) == sorted(ids[:2])
