"""`photoreel make` as a person types it."""

from typer.testing import CliRunner

from photoreel.cli.main import app
from tests.helpers import facts

runner = CliRunner()
SMALL = ["--size", "320x180", "--per-photo", "1", "--motion", "none"]


def test_make_writes_a_video_and_a_summary(make_photo, tmp_path):
    folder = tmp_path / "trip"
    folder.mkdir()
    for i in range(3):
        make_photo(name=f"trip/IMG_{i}.jpg")
    out = tmp_path / "trip.mp4"
    result = runner.invoke(app, ["make", str(folder), "-o", str(out), "--title", "Lisbon", *SMALL])
    assert result.exit_code == 0, result.output
    assert "Video: 3 photos (0-3s)" in result.output
    assert 'Title: "Lisbon"' in result.output
    assert facts(out).frames == 90


def test_bad_file_stops_with_one_line_naming_it(make_photo, tmp_path):
    bad = tmp_path / "notes.jpg"
    bad.write_text("<html>not a photo</html>")
    out = tmp_path / "x.mp4"
    result = runner.invoke(app, ["make", str(make_photo()), str(bad), "-o", str(out), *SMALL])
    assert result.exit_code == 2
    assert "notes.jpg" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_skip_bad_warns_and_goes_on(make_photo, tmp_path):
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0garbage")
    out = tmp_path / "x.mp4"
    result = runner.invoke(app, ["make", str(make_photo()), str(bad), "-o", str(out), "--skip-bad", *SMALL])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "broken.jpg" in result.output
    assert facts(out).frames == 30


def test_unknown_choices_are_explained(make_photo, tmp_path):
    result = runner.invoke(app, ["make", str(make_photo()), "--transition", "spin"])
    assert result.exit_code == 2
    assert "fade" in result.output


def test_missing_file_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["make", str(tmp_path / "nope.jpg"), "-o", str(tmp_path / "x.mp4")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_pixel_bomb_exits_with_4002_reason_and_no_output(tmp_path):
    from tests.media.test_inspect import png_claiming

    out = tmp_path / "x.mp4"
    result = runner.invoke(app, ["make", str(png_claiming(tmp_path / "bomb.png", 30_000, 30_000)), "-o", str(out)])
    assert result.exit_code == 2
    assert "bomb.png" in result.output and "megapixels" in result.output
    assert not out.exists()


def test_order_by_date_and_music(make_photo, tone, tmp_path):
    late = make_photo(colour=(200, 40, 40), taken_at="2024:08:02 09:00:00")
    early = make_photo(colour=(40, 40, 200), taken_at="2024:08:01 09:00:00")
    out = tmp_path / "d.mp4"
    args = ["make", str(late), str(early), "-o", str(out), "--order", "date", "--music", str(tone(1.0))]
    result = runner.invoke(app, [*args, "--volume", "50", *SMALL, "--fit", "cover"])
    assert result.exit_code == 0, result.output
    assert "BGM: tone-1.0.wav (0-2s, 50%)" in result.output
    from tests.helpers import close_to, frame_at, mean_colour

    assert close_to(mean_colour(frame_at(out, 0.5)), (40, 40, 200), 16), "the earlier photo comes first"


def test_format_follows_the_output_extension(make_photo, tmp_path):
    out = tmp_path / "clip.webm"
    result = runner.invoke(app, ["make", str(make_photo()), "-o", str(out), *SMALL])
    assert result.exit_code == 0, result.output
    assert facts(out).codec == "vp9"


def test_make_mixes_photos_and_clips_from_a_folder_with_clip_max(make_photo, make_clip, tone, tmp_path):
    from tests.helpers import audio_samples, close_to, frame_at, mean_colour

    folder = tmp_path / "day"
    folder.mkdir()
    make_photo(name="day/IMG_1.jpg", colour=(220, 30, 30))
    make_clip("day/VID_2.mp4", colours=[(30, 30, 220)] * 4, tone_hz=660)
    out = tmp_path / "day.mp4"
    args = ["make", str(folder), "-o", str(out), "--clip-max", "2", "--music", str(tone(10.0)), "--no-duck", *SMALL]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Video: 1 photo + 1 clip (0-3s)" in result.output
    assert facts(out).frames == 90 and facts(out).audio_codec == "aac"
    assert close_to(mean_colour(frame_at(out, 0.3)), (220, 30, 30), 20)
    assert close_to(mean_colour(frame_at(out, 2.5)), (30, 30, 220), 20)
    samples, rate = audio_samples(out)
    assert samples.shape[1] >= int(2.9 * rate)


def test_make_says_audio_is_music_not_a_slide(make_photo, tone, tmp_path):
    out = tmp_path / "x.mp4"
    result = runner.invoke(app, ["make", str(make_photo()), str(tone(1.0)), "-o", str(out), *SMALL])
    assert result.exit_code == 2 and "--music" in result.output and not out.exists()


def test_music_by_mood_from_the_library(make_photo, tmp_path):
    from tests.helpers import audio_samples, rms

    out = tmp_path / "happy.mp4"
    photos = [str(make_photo()), str(make_photo())]
    result = runner.invoke(app, ["make", *photos, "-o", str(out), "--music", "happy", "--volume", "50", *SMALL])
    assert result.exit_code == 0, result.output
    assert "BGM: happy_" in result.output and "50%" in result.output
    samples, rate = audio_samples(out)
    assert rms(samples[:, :rate]) > 0.01
    bad = runner.invoke(app, ["make", *photos, "-o", str(tmp_path / "x.mp4"), "--music", "polka", *SMALL])
    assert bad.exit_code == 2 and "happy, calm, energetic" in bad.output


def test_make_cuts_on_the_beat_of_a_library_track_with_a_look(make_photo, tmp_path):
    out = tmp_path / "beat.mp4"
    photos = [str(make_photo(colour=(128, 128, 128))) for _ in range(3)]
    result = runner.invoke(app, ["make", *photos, "-o", str(out), "--beat", "--look", "bw", *SMALL])
    assert result.exit_code == 0, result.output
    assert "BGM: happy_" in result.output
    assert facts(out).audio_codec == "aac"


def test_make_again_after_a_change_renders_only_what_changed(make_photo, tmp_path):
    import os

    photos = [str(make_photo(colour=(30 * i, 120, 220 - 25 * i))) for i in range(8)]  # 16 s
    out = tmp_path / "trip.mp4"
    args = ["make", *photos, "-o", str(out), "--size", "320x180", "--per-photo", "2"]
    cache = tmp_path / "cache" / "photoreel" / "chunks"
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}

    first = runner.invoke(app, [*args, "--title", "Lisbon"], env=env)
    assert first.exit_code == 0, first.output
    kept = {p.name: p.stat().st_mtime_ns for p in cache.rglob("*.mp4")}
    assert len(kept) >= 3, "the chunks are kept in the user's cache folder"
    before = facts(out)

    again = runner.invoke(app, [*args, "--title", "Porto"], env=env)
    assert again.exit_code == 0, again.output
    now = {p.name for p in cache.rglob("*.mp4")}
    new = now - set(kept)
    assert 1 <= len(new) <= 3, f"only the chunks under the title are rendered again ({len(new)} of {len(now)})"
    after = facts(out)
    assert (after.frames, after.width, after.height) == (before.frames, 320, 180)

    for path in cache.rglob("*.mp4"):
        os.utime(path, (1, 1))
    untouched = runner.invoke(app, [*args, "--title", "Faro", "--no-cache"], env=env)
    assert untouched.exit_code == 0, untouched.output
    assert {p.name for p in cache.rglob("*.mp4")} == now, "--no-cache neither reads nor writes the cache"
    assert all(p.stat().st_mtime == 1 for p in cache.rglob("*.mp4"))
