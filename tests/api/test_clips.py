"""Video clips through the seed's workflow: upload, state, export; bad clips refused without losing anything."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from photoreel.media.limits import MAX_VIDEO_PIXELS
from tests.api_fixtures import Api, assert_envelope
from tests.clips import write_clip
from tests.helpers import audio_samples, close_to, facts, frame_at, mean_colour, rms

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 30), (30, 30, 220)


def test_a_photo_and_a_clip_make_one_video_with_the_clips_sound(api: Api, make_photo, make_clip, tmp_path):
    api.new_session()
    clip = make_clip("city.mp4", colours=[GREEN, BLUE, GREEN, BLUE], tone_hz=660)
    files = assert_envelope(api.upload(make_photo(colour=RED), clip), 200, 0)["data"]["files"]
    assert [f["ok"] for f in files] == [True, True]
    media = files[1]["media"]
    assert media["kind"] == "video" and media["duration"] == 4.0
    assert (media["fps"], media["rotation"], media["hdr"], media["codec"], media["has_audio"]) == (
        30.0,
        0,
        None,
        "h264",
        True,
    )
    state = assert_envelope(api.state(), 200, 0)["data"]
    assert state["summary"] == "1. Video: 1 photo + 1 clip (0-7s)"
    segment = state["state"]["draft"]["t"][0]["sg"][1]
    assert segment["m"]["kind"] == "clip" and segment["d"] == 4000 and segment["m"]["in"] == 0
    infos = state["state"]["video_infos"]
    assert infos[1]["thumbnail"], "clips have a poster thumbnail"
    poster = api.client.get(infos[1]["thumbnail"])
    assert poster.status_code == 200 and poster.headers["content-type"] == "image/jpeg"

    assert_envelope(api.export("render_clip", resolution=360), 200, 0)
    done = api.poll("render_clip", timeout=120)
    assert done["status"] == "completed", done
    video = tmp_path / "out.mp4"
    video.write_bytes(api.client.get(done["output"]["url"]).content)
    f = facts(video)
    assert (f.width, f.height, f.frames, f.audio_codec) == (640, 360, 210, "aac")
    assert close_to(mean_colour(frame_at(video, 1.0)), RED, 20)
    assert close_to(mean_colour(frame_at(video, 3.5)), GREEN, 20)
    assert close_to(mean_colour(frame_at(video, 4.5)), BLUE, 20)
    samples, rate = audio_samples(video)
    assert rms(samples[:, : int(2.5 * rate)]) < 0.01 and rms(samples[:, int(4 * rate) : int(6 * rate)]) > 0.1


def test_a_clip_longer_than_the_setting_is_placed_trimmed_and_the_reply_says_so(make_client, make_clip):
    api = Api(make_client(max_clip_s=2.0)).login()
    api.new_session()
    files = assert_envelope(api.upload(make_clip(colours=[RED] * 3, tone_hz=None)), 200, 0)["data"]["files"]
    assert "first 2 s" in files[0]["note"]
    assert assert_envelope(api.state(), 200, 0)["data"]["summary"] == "1. Video: 1 clip (0-2s)"


def test_a_portrait_phone_clip_is_listed_as_shown(api: Api, make_clip):
    api.new_session()
    clip = make_clip(size=(180, 320), colours=[RED], bottom=BLUE, display_rotation=-90, tone_hz=None)
    media = assert_envelope(api.upload(clip), 200, 0)["data"]["files"][0]["media"]
    assert (media["width"], media["height"], media["orientation"], media["rotation"]) == (180, 320, "portrait", 90)


def _corrupt(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 4000] = bytes(4000)
    path.write_bytes(bytes(data[: len(data) * 2 // 3]))
    return path


def test_bad_clips_get_clear_errors_and_nothing_already_stored_is_lost(api: Api, make_photo, make_clip, tmp_path):
    api.new_session()
    assert_envelope(api.upload(make_photo(colour=RED), make_clip(colours=[GREEN, BLUE], tone_hz=None)), 200, 0)
    before = assert_envelope(api.state(), 200, 0)["data"]

    truncated = make_clip("cut.mp4", colours=[GREEN] * 6, tone_hz=None)
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    audio_only = tmp_path / "voice.mp4"
    with av.open(str(audio_only), "w") as container:
        stream = container.add_stream("aac", rate=48_000)
        stream.layout = "stereo"
        for pos in range(0, 48_000, 1024):
            chunk = np.full((2, 1024), 0.1, np.float32)
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = 48_000, pos
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    empty = tmp_path / "nothing.mp4"
    empty.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
    garbage = tmp_path / "noise.mov"
    garbage.write_bytes(b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + bytes(range(256)) * 40)
    files = assert_envelope(api.upload(truncated, audio_only, empty, garbage), 200, 0)["data"]["files"]
    assert [f["ok"] for f in files] == [False, True, False, False]
    assert files[0]["code"] == 4001 and "truncated" in files[0]["message"]
    assert files[1]["media"]["kind"] == "audio", "a video file with no picture is audio, kept as possible music"
    assert files[2]["code"] == 4001 and files[3]["code"] == 4001
    after = assert_envelope(api.state(), 200, 0)["data"]
    assert after["summary"] == before["summary"] == "1. Video: 1 photo + 1 clip (0-5s)"
    assert after["state"]["draft"]["t"][0] == before["state"]["draft"]["t"][0]


def test_a_clip_over_the_pixel_cap_is_refused_from_its_header(make_client, tmp_path):
    # Writing an 8K+ clip would take long here; the cap is set just under this clip's frame instead.
    api = Api(make_client(max_video_pixels=320 * 180 - 1)).login()
    api.new_session()
    body = assert_envelope(api.upload(write_clip(tmp_path / "big.mp4", [RED], tone_hz=None)), 413, 4002)
    assert "320x180" in body["data"]["files"][0]["message"]
    assert MAX_VIDEO_PIXELS >= 7680 * 4320, "8K phone video passes the default cap"


def say_sse(api: Api, text: str) -> str:
    """One instruction through /run_sse; the turn's reply text."""
    import json

    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": api.session_id,
        "new_message": {"role": "user", "parts": [{"text": text}]},
    }
    headers = {**api.auth, "Accept": "text/event-stream"}
    with api.client.stream("POST", "/run_sse", json=body, headers=headers) as r:
        assert r.status_code == 200
        raw = "".join(r.iter_text())
    events = [json.loads(line[6:]) for line in raw.splitlines() if line.startswith("data: ")]
    assert events[-1]["turnComplete"] is True
    return events[-1]["content"]["parts"][0]["text"]


def _video_track(api: Api) -> list[dict]:
    return assert_envelope(api.state(), 200, 0)["data"]["state"]["draft"]["t"][0]["sg"]


def _clip_project(api: Api, make_photo, make_clip, clips: int = 1) -> None:
    api.new_session()
    uploads = [make_photo(colour=RED), make_photo(colour=GREEN)]
    uploads += [make_clip(f"beach{i}.mp4", colours=[BLUE] * 10, tone_hz=440) for i in range(clips)]
    assert_envelope(api.upload(*uploads), 200, 0)


def test_clip_instructions_through_run_sse_change_the_draft(api: Api, make_photo, make_clip):
    _clip_project(api, make_photo, make_clip)
    say_sse(api, "only use the clip from 0:04 to 0:09")
    clip = _video_track(api)[2]
    assert (clip["m"]["in"], clip["d"]) == (4000, 5000)
    say_sse(api, "视频静音")
    assert _video_track(api)[2]["m"]["volume"] == 0.0
    say_sse(api, "unmute the clip")
    assert _video_track(api)[2]["m"]["volume"] == 1.0
    say_sse(api, "把视频放到最前面")
    track = _video_track(api)
    assert [sg["m"]["kind"] for sg in track] == ["clip", "photo", "photo"]
    say_sse(api, "只要视频的前3秒")
    assert (_video_track(api)[0]["m"]["in"], _video_track(api)[0]["d"]) == (0, 3000)
    reply = say_sse(api, "remove the video")
    assert [sg["m"]["kind"] for sg in _video_track(api)] == ["photo", "photo"]
    assert "clip" in reply.lower()


def test_the_video_with_two_clips_is_asked_about_not_guessed(api: Api, make_photo, make_clip):
    _clip_project(api, make_photo, make_clip, clips=2)
    before = _video_track(api)
    reply = say_sse(api, "mute the video")
    assert "beach0.mp4" in reply and "beach1.mp4" in reply
    assert _video_track(api) == before, "nothing changed while the question is open"
    say_sse(api, "mute the second clip")
    assert [sg["m"].get("volume") for sg in _video_track(api)] == [None, None, 1.0, 0.0]


def test_clip_words_without_a_clip_change_nothing_and_say_so(api: Api, make_photo):
    api.new_session()
    assert_envelope(api.upload(make_photo()), 200, 0)
    before = _video_track(api)
    assert "no video clip" in say_sse(api, "mute the video").lower()
    assert _video_track(api) == before


def test_a_total_length_that_must_trim_a_clip_says_so(api: Api, make_photo, make_clip):
    _clip_project(api, make_photo, make_clip)  # 2 photos of 3 s + a 10 s clip
    reply = say_sse(api, "make it 8 seconds")
    durations = [sg["d"] for sg in _video_track(api)]
    assert durations == [1000, 1000, 6000] and sum(durations) == 8000
    assert "Clip 3 trimmed to 6 s (was 10 s)" in reply
    reply = say_sse(api, "make it 20 seconds")
    assert [sg["d"] for sg in _video_track(api)] == [7000, 7000, 6000], "photos stretch first; the trim stays"


def test_a_chunked_export_through_the_local_pool_splits_inside_the_clip(make_client, make_photo, make_clip, tmp_path):
    from photoreel.store.models import RenderChunk

    api = Api(make_client(chunk_s=2.0, render_workers=2)).login()
    api.new_session()
    clip = make_clip(colours=[GREEN, BLUE, GREEN, BLUE], tone_hz=660, gop=15)
    assert_envelope(api.upload(make_photo(colour=RED), clip), 200, 0)  # 3 s photo + 4 s clip
    assert_envelope(api.export("render_chunks", resolution=360), 200, 0)
    done = api.poll("render_chunks", timeout=120)
    assert done["status"] == "completed", done
    with api.client.app.state.context.database() as db:
        starts = [c.first_frame for c in db.query(RenderChunk).order_by(RenderChunk.index)]
    assert any(90 < s < 210 for s in starts), f"a seam falls inside the clip ({starts})"
    video = tmp_path / "chunked.mp4"
    video.write_bytes(api.client.get(done["output"]["url"]).content)
    assert facts(video).frames == 210
    for t, colour in [(3.5, GREEN), (4.5, BLUE), (5.5, GREEN), (6.5, BLUE)]:
        assert close_to(mean_colour(frame_at(video, t)), colour, 20), f"{t} s"
    samples, rate = audio_samples(video)
    assert rms(samples[:, int(4 * rate) : int(6 * rate)]) > 0.1


def test_a_clip_too_short_to_place_is_refused_alone_and_the_other_files_go_on(api: Api, make_photo, make_clip):
    api.new_session()
    blip = make_clip("blip.mp4", colours=[RED], seconds_each=0.1, tone_hz=None)  # 3 frames
    files = assert_envelope(api.upload(make_photo(), blip, make_photo()), 200, 0)["data"]["files"]
    assert [f["ok"] for f in files] == [True, False, True]
    assert files[1]["code"] == 4001 and "cannot be placed" in files[1]["message"]
    assert assert_envelope(api.state(), 200, 0)["data"]["summary"] == "1. Video: 2 photos (0-6s)"
