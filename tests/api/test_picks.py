"""Picking the best shots through /run_sse: near-duplicates collapse to the sharpest, blurry photos go, "the best
N" keeps N; the reply says which and why; photos leave the timeline only, and undo brings them back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from tests.api.test_clips import say_sse
from tests.api_fixtures import Api, assert_envelope


def _texture(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (12, 16, 3), dtype=np.uint8)
    base = np.asarray(Image.fromarray(small).resize((640, 480), Image.Resampling.BICUBIC), dtype=np.float32)
    detail = rng.normal(0, 25, (480, 640, 1)).astype(np.float32)
    return Image.fromarray(np.clip(base + detail, 0, 255).astype(np.uint8))


def _shots(folder: Path) -> list[Path]:
    """1 and 2: one moment twice (2 a touch softer); 3: out of focus; 4 and 5: other scenes, sharp."""
    paths = []
    for name, image in [
        ("IMG_1.jpg", _texture(1)),
        ("IMG_2.jpg", _texture(1).filter(ImageFilter.GaussianBlur(1.2))),
        ("IMG_3.jpg", _texture(3).filter(ImageFilter.GaussianBlur(8))),
        ("IMG_4.jpg", _texture(4)),
        ("IMG_5.jpg", _texture(5)),
    ]:
        image.save(folder / name, quality=92)
        paths.append(folder / name)
    return paths


def _names(api: Api) -> list[str]:
    state = assert_envelope(api.state(), 200, 0)["data"]["state"]
    names = {m["id"]: m["name"] for m in state["video_infos"]}
    return [names[sg["src"]] for sg in state["draft"]["t"][0]["sg"]]


def test_duplicates_then_blurry_then_the_best_and_undo(api: Api, tmp_path):
    api.new_session()
    files = assert_envelope(api.upload(*_shots(tmp_path)), 200, 0)["data"]["files"]
    assert all(f["ok"] for f in files)
    reply = say_sse(api, "remove duplicates")
    assert _names(api) == ["IMG_1.jpg", "IMG_3.jpg", "IMG_4.jpg", "IMG_5.jpg"]
    assert "photo 2 (a near-duplicate of photo 1)" in reply
    reply = say_sse(api, "去掉模糊的照片")
    assert _names(api) == ["IMG_1.jpg", "IMG_4.jpg", "IMG_5.jpg"]
    assert "第 2 张（模糊）" in reply
    say_sse(api, "undo")
    assert _names(api) == ["IMG_1.jpg", "IMG_3.jpg", "IMG_4.jpg", "IMG_5.jpg"], "undo brings them back"
    reply = say_sse(api, "keep only the best 2")
    assert len(_names(api)) == 2 and "IMG_3.jpg" not in _names(api)
    assert "not among the best 2" in reply
    assert len(assert_envelope(api.state(), 200, 0)["data"]["state"]["video_infos"]) == 5, "nothing left the session"


def test_nothing_to_drop_changes_nothing_and_says_so(api: Api, tmp_path):
    api.new_session()
    assert_envelope(api.upload(*_shots(tmp_path)[3:]), 200, 0)
    before = _names(api)
    assert "nothing was changed" in say_sse(api, "drop the blurry ones").lower()
    assert _names(api) == before


def test_one_plain_request_makes_the_whole_video_and_says_what_it_chose(api: Api, tmp_path):
    api.new_session()
    assert_envelope(api.upload(*_shots(tmp_path)), 200, 0)
    reply = say_sse(api, "turn these into something nice called 'Lisbon'")
    state = assert_envelope(api.state(), 200, 0)["data"]
    assert _names(api) == ["IMG_1.jpg", "IMG_4.jpg", "IMG_5.jpg"], "the duplicate and the blurry shot left out"
    assert "BGM: happy_" in state["summary"] and 'Title: "Lisbon"' in state["summary"]
    media = state["state"]["draft"]["m"]["media"]
    song = next(m for m in media if m["id"].startswith("library:"))
    t = 0
    for sg in state["state"]["draft"]["t"][0]["sg"]:
        t += sg["d"]
        beats = (t - song["first_beat_ms"]) * song["bpm"] / 60_000
        assert abs(beats - round(beats)) * 60_000 / song["bpm"] <= 1, "cut on the beat"
    assert "Here is what I chose: left out 2 blurry or duplicate photos" in reply and "bpm" in reply
    say_sse(api, "undo")
    assert len(_names(api)) == 5 and "BGM" not in assert_envelope(api.state(), 200, 0)["data"]["summary"]

    api.new_session()
    assert_envelope(api.upload(*_shots(tmp_path)[3:]), 200, 0)
    reply = say_sse(api, "用这些照片做个视频吧")
    assert "我是这样做的" in reply and "保留了全部照片" in reply


def test_a_highlight_of_a_length_keeps_the_best_shots_that_fill_it(api: Api, tmp_path):
    api.new_session()
    assert_envelope(api.upload(*_shots(tmp_path)), 200, 0)  # five photos of 3 s
    reply = say_sse(api, "make a 6 second highlight")
    state = assert_envelope(api.state(), 200, 0)["data"]
    assert len(_names(api)) == 2 and "IMG_3.jpg" not in _names(api) and "IMG_2.jpg" not in _names(api)
    assert state["state"]["draft"]["d"] == 6000
    assert "Left out" in reply


def test_looks_and_face_focus_through_run_sse(api: Api, tmp_path):
    api.new_session()
    assert_envelope(api.upload(*_shots(tmp_path)[3:]), 200, 0)
    say_sse(api, "黑白")
    assert assert_envelope(api.state(), 200, 0)["data"]["state"]["draft"]["m"]["look"] == "bw"
    say_sse(api, "make the second photo warmer")
    segments = assert_envelope(api.state(), 200, 0)["data"]["state"]["draft"]["t"][0]["sg"]
    assert [sg["m"].get("look") for sg in segments] == [None, "warm"]
    say_sse(api, "no motion")
    say_sse(api, "focus on the faces")
    segments = assert_envelope(api.state(), 200, 0)["data"]["state"]["draft"]["t"][0]["sg"]
    assert {sg["m"]["motion"] for sg in segments} == {"zoom-in"}
