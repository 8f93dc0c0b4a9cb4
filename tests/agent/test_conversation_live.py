"""Talking to a live app the way people do (issue 20), through /run_sse: relative edits, photos named by what
they look like, corrections and "that", and the harmful-guess rule — each checked on the draft before and after,
with the conversation's memory kept by the service between requests."""

from __future__ import annotations

import pytest

from photoreel.timeline import PhotoSegment, Timeline, from_draft
from tests.api.test_clips import say_sse
from tests.api_fixtures import Api, assert_envelope

# name, size, colour, capture time: a blue landscape, a green portrait taken first, a dark one, a yellow square.
PHOTOS = (
    ("IMG_2041.jpg", (480, 320), (40, 70, 210), "2024:07:03 10:00:00"),
    ("forest.jpg", (320, 480), (40, 170, 60), "2024:07:01 08:00:00"),
    ("night.jpg", (320, 480), (22, 20, 30), "2024:07:04 21:00:00"),
    ("lemon.jpg", (400, 400), (235, 215, 40), "2024:07:05 12:00:00"),
)


def timeline(api: Api) -> Timeline:
    return from_draft(assert_envelope(api.state(), 200, 0)["data"]["state"]["draft"])


def photo_lengths(api: Api) -> list[int]:
    return [s.duration_ms for s in timeline(api).segments if isinstance(s, PhotoSegment)]


@pytest.fixture
def talk(api: Api, make_photo, tone) -> tuple[Api, dict[str, str]]:
    """Four photos (3 s each, 12 s in all) and a song uploaded but not on the video; name -> media id."""
    api.new_session()
    paths = [make_photo(name=n, size=s, colour=c, taken_at=t) for n, s, c, t in PHOTOS]
    body = assert_envelope(api.upload(*paths, tone(4.0)), 200, 0)
    ids = {f["name"]: f["media"]["id"] for f in body["data"]["files"]}
    return api, ids


def test_relative_lengths_step_from_what_is_there_and_say_what_it_was(talk):
    api, _ = talk
    assert photo_lengths(api) == [3000] * 4
    reply = say_sse(api, "each photo a bit longer")
    assert all(3500 <= ms <= 4300 for ms in photo_lengths(api)) and "(was 3 s)" in reply
    before = timeline(api).duration_ms
    say_sse(api, "视频再短一点")
    assert 0.6 * before <= timeline(api).duration_ms <= 0.85 * before
    say_sse(api, "each photo 2 seconds")
    say_sse(api, "quicker cuts")
    assert all(1000 <= ms < 2000 for ms in photo_lengths(api))
    say_sse(api, "each photo 2 seconds")
    say_sse(api, "twice as long")
    assert timeline(api).duration_ms == 16_000
    say_sse(api, "第三张多停两秒")
    assert photo_lengths(api)[2] == 6000


def test_bounds_change_the_video_only_when_it_breaks_them(talk):
    api, _ = talk
    reply = say_sse(api, "keep it under 30 seconds")
    assert timeline(api).duration_ms == 12_000 and "already" in reply
    say_sse(api, "no longer than 10 s")
    assert timeline(api).duration_ms == 10_000
    say_sse(api, "make it around 20 seconds")
    assert timeline(api).duration_ms == 20_000


def test_music_and_text_step_too(talk):
    api, _ = talk
    say_sse(api, "add my song at 60%")
    say_sse(api, "a bit quieter")
    assert 0.38 <= timeline(api).music[0].volume <= 0.5
    say_sse(api, "the music is too loud")
    assert timeline(api).music[0].volume < 0.38
    say_sse(api, "add a title that says Welcome Home")
    assert [t.text for t in timeline(api).texts] == ["Welcome Home"], "the words are kept as typed, unquoted"
    reply = say_sse(api, "字再大点")
    assert 0.09 <= timeline(api).texts[0].size <= 0.12 and "0.08" in reply


@pytest.mark.parametrize(
    ("said", "gone"),
    [
        ("remove the greenish one", "forest.jpg"),
        ("delete the dark photo", "night.jpg"),
        ("take out the landscape one", "IMG_2041.jpg"),
        ("remove the one I took first", "forest.jpg"),
        ("delete IMG_2041", "IMG_2041.jpg"),
        ("删掉黄色那张", "lemon.jpg"),
        ("把倒数第二张删掉", "night.jpg"),
        ("remove the square picture", "lemon.jpg"),
    ],
)
def test_photos_are_named_by_what_they_look_like(talk, said, gone):
    api, ids = talk
    say_sse(api, said)
    left = [s.media_id for s in timeline(api).segments]
    assert ids[gone] not in left and len(left) == 3


def test_a_description_that_fits_several_photos_asks_and_one_that_fits_none_says_so(talk):
    api, _ = talk
    before = timeline(api)
    reply = say_sse(api, "remove the portrait one")
    assert "Which one" in reply and "forest.jpg" in reply and "night.jpg" in reply
    reply = say_sse(api, "delete the purple photo")
    assert "No photo fits" in reply
    assert timeline(api) == before


def test_corrections_and_that_resolve_against_the_last_turn(talk):
    api, _ = talk
    say_sse(api, "each photo 4 seconds")
    say_sse(api, "actually make it 5")
    assert photo_lengths(api) == [5000] * 4
    say_sse(api, "make it square")
    say_sse(api, "no — 9:16 instead")
    assert timeline(api).output.aspect == "9:16"
    say_sse(api, "add a title that says Hello")
    say_sse(api, "make it bigger")
    assert timeline(api).texts[0].size > 0.08
    say_sse(api, "delete that")
    assert timeline(api).texts == ()
    say_sse(api, "make the first photo 6 seconds")
    say_sse(api, "and the same for the last one")
    assert photo_lengths(api) == [6000, 5000, 5000, 6000]
    say_sse(api, "make it black and white")
    say_sse(api, "undo that and make it 16:9")
    assert timeline(api).look in (None, "none") and timeline(api).output.aspect == "16:9"


def test_i_meant_takes_the_last_edit_back_and_an_answer_finishes_the_question(talk):
    api, ids = talk
    say_sse(api, "remove the dark photo")
    say_sse(api, "wait no, I meant the greenish one")
    left = [s.media_id for s in timeline(api).segments]
    assert ids["night.jpg"] in left and ids["forest.jpg"] not in left and len(left) == 3
    say_sse(api, "undo")
    reply = say_sse(api, "delete the portrait one")
    assert "Which one" in reply and len(timeline(api).segments) == 4
    say_sse(api, "the dark one")
    assert ids["night.jpg"] not in [s.media_id for s in timeline(api).segments]
    say_sse(api, "remove the first photo")
    say_sse(api, "do it again")
    assert len(timeline(api).segments) == 1


def test_a_correction_of_an_action_takes_it_back_and_does_it_put_right(talk):
    api, ids = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "swap photos 1 and 2")
    say_sse(api, "no, 2 and 3")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[2], order[1], order[3]]
    say_sse(api, "undo")
    say_sse(api, "把最暗的那张删了")
    assert ids["night.jpg"] not in [s.media_id for s in timeline(api).segments]
    say_sse(api, "不对不对，我是说放到最前面")
    assert timeline(api).segments[0].media_id == ids["night.jpg"] and len(timeline(api).segments) == 4
    say_sse(api, "add a title that says Hello at the top")
    say_sse(api, "i said bottom not top")
    assert [(t.text, t.position) for t in timeline(api).texts] == [("Hello", "bottom")]


def test_a_removed_photo_named_again_comes_back_where_it_was(talk):
    api, ids = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "make it square")
    say_sse(api, "remove the night photo")
    assert ids["night.jpg"] not in [s.media_id for s in timeline(api).segments]
    say_sse(api, "wait, bring the night one back")
    assert [s.media_id for s in timeline(api).segments] == order, "where it was before it was removed"
    assert timeline(api).output.aspect == "1:1", "the turn before stays"
    say_sse(api, "remove the lemon photo")
    say_sse(api, "make it 9:16")
    say_sse(api, "put the lemon photo back")
    assert sorted(s.media_id for s in timeline(api).segments) == sorted(order), "a turn later: at the end"
    assert timeline(api).output.aspect == "9:16"


def test_dont_delete_it_takes_the_removal_back_and_it_is_the_photo(talk):
    api, ids = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "delete the forest photo")
    say_sse(api, "don't delete it, move it to the end")
    assert [s.media_id for s in timeline(api).segments] == [m for m in order if m != ids["forest.jpg"]] + [
        ids["forest.jpg"]
    ]
    say_sse(api, "remove the night photo")
    before = timeline(api)
    say_sse(api, "make the night one shorter")
    assert timeline(api) == before, "a photo no longer on the video is not there to change"
    say_sse(api, "remove the lemon photo")
    say_sse(api, "actually just make it 1.5 seconds instead")
    lemon = next(s for s in timeline(api).segments if s.media_id == ids["lemon.jpg"])
    assert lemon.duration_ms == 1500 and len(timeline(api).segments) == 3


def test_undo_twice_takes_back_two_turns(talk):
    api, _ = talk
    say_sse(api, "make it black and white")
    say_sse(api, "make it square")
    say_sse(api, "撤销两步")
    assert timeline(api).look in (None, "none") and timeline(api).output.aspect == "16:9"
    say_sse(api, "redo twice")
    assert timeline(api).look == "bw" and timeline(api).output.aspect == "1:1"


def test_a_slip_in_the_words_is_put_right_in_place(talk):
    api, _ = talk
    say_sse(api, "在第一张上加个字幕“奶奶九十大寿”")
    say_sse(api, "写错了，是九十一大寿")
    assert [t.text for t in timeline(api).texts] == ["奶奶九十一大寿"]
    say_sse(api, "名字写错了，是外婆九十一大寿")
    assert [t.text for t in timeline(api).texts] == ["外婆九十一大寿"]


def test_text_without_quotes_in_several_forms(talk):
    api, _ = talk
    say_sse(api, "title: Our Summer")
    say_sse(api, "put Merry Christmas over the first photo")
    say_sse(api, "字幕：第一天")
    texts = timeline(api).texts
    assert [t.text for t in texts] == ["Our Summer", "Merry Christmas", "第一天"]
    assert texts[2].role == "caption" and texts[1].start_ms == 0 and texts[1].duration_ms == 3000
    reply = say_sse(api, "rename the title to Best Trip Ever")
    assert "Which one" in reply and timeline(api).texts == texts, "two titles: it asks which"
    say_sse(api, "change the caption to Day two")
    assert [t.text for t in timeline(api).texts] == ["Our Summer", "Merry Christmas", "Day two"]


@pytest.mark.parametrize(
    ("said", "words"),
    [
        ("turn the music down a bit", "no music"),
        ("把音乐声音调小一点", "没有背景音乐"),
        ("remove the title", "no title"),
        ("make the clip shorter", "no video clip"),
        ("make the caption bigger", "no title or caption"),
        ("fade out the music at the end", "no music"),
        ("turn the music down to 20%", "no music"),
    ],
)
def test_lowering_removing_or_shortening_what_is_not_there_changes_nothing(talk, said, words):
    api, _ = talk
    before = timeline(api)
    reply = say_sse(api, said)
    assert timeline(api) == before, "with the song uploaded but not on the video, nothing is added at 100%"
    assert words in reply


def test_a_partly_understood_message_that_would_remove_something_changes_nothing(talk):
    api, _ = talk
    before = timeline(api)
    reply = say_sse(api, "remove the second photo and frobnicate the sprockets")
    assert timeline(api) == before
    assert "frobnicate the sprockets" in reply and "nothing was changed" in reply
    reply = say_sse(api, "make it square and frobnicate the sprockets")
    assert timeline(api).output.aspect == "1:1", "a safe part on its own is applied, and the rest is named"
    assert "frobnicate" in reply


def test_not_understood_offers_the_closest_requests_in_the_persons_language(talk):
    api, _ = talk
    before = timeline(api)
    assert "Did you mean 'remove the music' or 'remove the third photo'" in say_sse(
        api, "remove the photo with the wobbly horizon"
    )
    assert "你是想说：「标题大一点」" in say_sse(api, "标题搞个炫酷的")
    assert timeline(api) == before


def test_the_second_caption_is_that_one_only(talk):
    api, _ = talk
    say_sse(api, "caption: Day one")
    say_sse(api, "caption: Day two")
    reply = say_sse(api, "delete the second caption")
    assert [t.text for t in timeline(api).texts] == ["Day one"], reply
    reply = say_sse(api, "put the second caption at the top")
    assert "no caption" in reply.lower() or "nothing was changed" in reply.lower()


def test_a_correction_names_the_photo_meant_for_a_removal_or_a_caption_said_a_turn_before(talk):
    api, ids = talk

    def on_screen() -> list[str]:
        return [s.media_id for s in timeline(api).segments]

    say_sse(api, "删掉黄色那张")
    assert ids["lemon.jpg"] not in on_screen()
    say_sse(api, "不对，我说的是绿色那张")
    assert ids["lemon.jpg"] in on_screen() and ids["forest.jpg"] not in on_screen() and len(on_screen()) == 3
    say_sse(api, "undo")
    assert len(on_screen()) == 4
    # The caption's words were said a turn before the correction; it moves, and there is still one caption.
    say_sse(api, "put the caption 'Lunch!' on the last photo")
    assert [t.start_ms for t in timeline(api).texts] == [9000]
    say_sse(api, "oops, on the second one")
    assert [(t.text, t.start_ms) for t in timeline(api).texts] == [("Lunch!", 3000)]
    say_sse(api, "在第一张上加字幕“我们俩”")
    say_sse(api, "放错了，应该是第三张")
    assert [(t.text, t.start_ms) for t in timeline(api).texts] == [("Lunch!", 3000), ("我们俩", 6000)]


def test_a_correction_of_where_something_goes_moves_it_once(talk):
    api, _ = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "put the dark photo at the end")
    say_sse(api, "no, at the start")
    assert [s.media_id for s in timeline(api).segments] == [order[2], order[0], order[1], order[3]]
    say_sse(api, "undo")
    say_sse(api, "把黄色那张放到绿色那张前面")
    say_sse(api, "不对，是后面")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[1], order[3], order[2]]
    say_sse(api, "undo")
    say_sse(api, "move the second photo to the end")
    say_sse(api, "wrong one, the third")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[1], order[3], order[2]]
    say_sse(api, "add a title 'Roadtrip' at the bottom")
    say_sse(api, "no, at the top")
    assert [(t.text, t.position) for t in timeline(api).texts] == [("Roadtrip", "top")]


def test_a_size_said_twice_in_a_message_is_one_change_and_a_little_is_a_little(talk):
    api, _ = talk
    say_sse(api, "add a title 'Our Wedding' in white")
    say_sse(api, "bigger, much bigger")
    assert 0.14 <= timeline(api).texts[0].size <= 0.18, "the last word on the size, from 0.08: not 2x on top of 1.4x"
    say_sse(api, "a little smaller than that")
    assert 0.1 <= timeline(api).texts[0].size <= 0.14
    say_sse(api, "add a caption 'Day one' on the first photo")
    say_sse(api, "make the caption yellow")
    say_sse(api, "and a little bigger so it pops")
    caption = timeline(api).texts[1]
    assert caption.color == "yellow" and 0.06 <= caption.size <= 0.07, "a little over its own 0.05"


def test_mute_with_music_and_a_clip_sounding_asks_which_and_the_answer_finishes_it(talk, make_clip):
    api, _ = talk
    assert_envelope(api.upload(make_clip("beach.mp4", colours=[(40, 120, 200)] * 2)), 200, 0)
    say_sse(api, "add my song at 60%")
    say_sse(api, "mute it")
    assert timeline(api).music[0].volume == 0.0, 'right after the song, "it" is the song'
    say_sse(api, "undo")
    say_sse(api, "each photo 2 seconds")
    before = timeline(api)
    reply = say_sse(api, "mute it")
    assert "Which one" in reply and "beach.mp4" in reply and timeline(api) == before
    say_sse(api, "the music")
    after = timeline(api)
    assert after.music[0].volume == 0.0 and after.clips[0].volume == 1.0, "muted, the song stays on the timeline"
    say_sse(api, "ok bring it back at 40%")
    assert timeline(api).music[0].volume == 0.4
    say_sse(api, "视频静音")
    say_sse(api, "音乐也是")
    assert timeline(api).music[0].volume == 0.0 and timeline(api).clips[0].volume == 0.0


def test_a_follow_up_removal_names_the_next_photo_by_what_it_looks_like(talk):
    api, ids = talk

    def on_screen() -> set[str]:
        return {s.media_id for s in timeline(api).segments}

    say_sse(api, "delete the dark photo")
    say_sse(api, "and the greenish one")
    assert on_screen() == {ids["IMG_2041.jpg"], ids["lemon.jpg"]}
    say_sse(api, "undo")
    say_sse(api, "undo")
    say_sse(api, "删掉第一张")
    say_sse(api, "再删一张，那个黄色的")
    assert on_screen() == {ids["forest.jpg"], ids["night.jpg"]}


def test_a_value_after_a_step_is_what_the_step_was_about_never_against_it(talk):
    api, _ = talk
    say_sse(api, "make each photo longer, like 4.5s")
    assert photo_lengths(api) == [4500] * 4, "each photo 4.5 s, not the whole video cut to 4.5 s"
    say_sse(api, "each photo 3 seconds")
    say_sse(api, "longer, 5 seconds")
    assert photo_lengths(api) == [5000] * 4, "longer than the 12 s video can only be each photo's 5 s"
    say_sse(api, "each photo 3 seconds")
    reply = say_sse(api, "make the video longer, like 10s")
    assert timeline(api).duration_ms > 12_000 and "10s" in reply, "the step stands; the 10 s against it is not done"


def test_photos_dragged_and_put_by_place_and_the_one_just_moved(talk):
    api, _ = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "把第三张拖到第一个")
    assert [s.media_id for s in timeline(api).segments] == [order[2], order[0], order[1], order[3]]
    say_sse(api, "刚才那张删了吧")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[1], order[3]]
    say_sse(api, "put the dark photo second")  # gone: nothing to move
    say_sse(api, "undo")
    say_sse(api, "put the yellow photo second")
    assert [s.media_id for s in timeline(api).segments][1] == order[3]


def test_those_two_are_the_photos_last_spoken_of_and_that_one_after_a_swap_is_asked(talk):
    api, ids = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "make the dark photo the first photo")
    say_sse(api, "and the yellow one last")
    say_sse(api, "actually swap those two")
    assert [s.media_id for s in timeline(api).segments] == [ids["lemon.jpg"], order[0], order[1], ids["night.jpg"]]
    before = timeline(api)
    reply = say_sse(api, "make that one 5 seconds")
    assert "Which one" in reply and timeline(api) == before
    say_sse(api, "the dark one")
    assert photo_lengths(api) == [3000, 3000, 3000, 5000]
    say_sse(api, "each photo a bit longer")
    say_sse(api, "wrong way")
    assert all(2000 <= ms < 3000 for ms in photo_lengths(api)[:3]), "taken back, then a bit shorter"


def test_one_kind_of_change_is_taken_back_and_the_rest_stays(talk):
    api, _ = talk
    say_sse(api, "make it black and white")
    say_sse(api, "add a title 'Then'")
    say_sse(api, "each photo 4 seconds")
    say_sse(api, "undo the filter only")
    after = timeline(api)
    assert after.look in (None, "none") and [t.text for t in after.texts] == ["Then"]
    assert photo_lengths(api) == [4000] * 4
    say_sse(api, "make it 60 fps")
    say_sse(api, "use zoom transitions")
    say_sse(api, "撤销帧率")
    assert timeline(api).output.fps == 30 and {s.transition.name for s in timeline(api).segments[:-1]} == {"zoom"}
    reply = say_sse(api, "undo the filter")
    assert "no filter" in reply.lower() and timeline(api).output.fps == 30


def test_the_rest_that_photo_and_english_nouns_typed_in_chinese(talk):
    api, _ = talk
    say_sse(api, "make the first two photos 2 seconds")
    say_sse(api, "same for the rest")
    assert photo_lengths(api) == [2000] * 4
    say_sse(api, "给第三张加个字幕“绝了”")
    say_sse(api, "那张照片再放长点")
    lengths = photo_lengths(api)
    assert lengths[2] > 2000 and lengths[:2] + lengths[3:] == [2000] * 3, "that photo, not every photo"
    say_sse(api, "加一个title：Family Time")
    say_sse(api, "color改成黄色")
    title = next(t for t in timeline(api).texts if t.role == "title")
    assert title.text == "Family Time" and title.color == "yellow"


def test_a_range_or_a_slot_to_fit_bounds_the_video(talk):
    api, _ = talk
    say_sse(api, "总时长控制在二十到三十秒之间")
    assert timeline(api).duration_ms == 20_000, "12 s is under the range: its nearer end"
    reply = say_sse(api, "keep it between 15 and 25 seconds")
    assert timeline(api).duration_ms == 20_000 and "already" in reply
    say_sse(api, "it's for a 10 second ad slot on a screen at the mall")
    assert timeline(api).duration_ms == 10_000
    say_sse(api, "the slot is exactly 16 seconds, so stretch it to fill it")
    assert timeline(api).duration_ms == 16_000


def test_somewhere_in_between_goes_halfway_back_and_a_slow_feeling_is_slower(talk):
    api, _ = talk
    say_sse(api, "make each photo 8 seconds")
    say_sse(api, "hmm, somewhere in between would be better")
    assert photo_lengths(api) == [5500] * 4, "halfway between the 3 s it was and the 8 s it is"
    say_sse(api, "add my song at 80%")
    say_sse(api, "music at 20%")
    say_sse(api, "取个中间吧")
    assert timeline(api).music[0].volume == 0.5
    say_sse(api, "each photo 3 seconds")
    say_sse(api, "想要那种安安静静、慢慢的感觉")
    assert all(ms > 3000 for ms in photo_lengths(api))


def test_back_to_how_it_was_after_a_complaint_and_sorting_said_with_taken(talk):
    api, ids = talk
    say_sse(api, "add my song at 80%")
    say_sse(api, "turn the music down a little")
    say_sse(api, "no, too quiet now, back to how it was")
    assert timeline(api).music[0].volume == 0.8, "the undo is the fix, not a step up and then an undo"
    say_sse(api, "put the photos in the order they were taken")
    by_date = [ids[n] for n in ("forest.jpg", "IMG_2041.jpg", "night.jpg", "lemon.jpg")]
    assert [s.media_id for s in timeline(api).segments] == by_date
    say_sse(api, "oldest at the end instead")
    assert [s.media_id for s in timeline(api).segments] == by_date[::-1]


def test_between_two_photos_and_last_for_a_length(talk, make_clip):
    api, ids = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "make the dark photo last for 4 seconds")
    assert [s.media_id for s in timeline(api).segments] == order and photo_lengths(api) == [3000, 3000, 4000, 3000]
    say_sse(api, "put the yellow photo between the blue one and the green one")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[3], order[1], order[2]]
    assert_envelope(api.upload(make_clip("beach.mp4", colours=[(40, 120, 200)] * 2)), 200, 0)
    say_sse(api, "put the beach video between the green one and the dark one")
    placed = [s.media_id for s in timeline(api).segments]
    clip = timeline(api).clips[0].media_id
    assert placed.index(clip) == placed.index(ids["forest.jpg"]) + 1 == placed.index(ids["night.jpg"]) - 1


def test_reasons_after_a_complaint_and_preferring_the_one_before(talk, make_clip):
    api, _ = talk
    say_sse(api, "add a title 'Hello'")
    say_sse(api, "my grandma can't see small text")
    assert timeline(api).texts[0].size > 0.08, "bigger for someone who cannot see it, never smaller"
    assert_envelope(api.upload(make_clip("beach.mp4", colours=[(40, 120, 200)] * 2)), 200, 0)
    say_sse(api, "add my song at 80%")
    say_sse(api, "音乐太吵了 都听不见视频里说话了")
    assert timeline(api).music[0].volume < 0.8, "why it is too loud is not a request to turn it up"
    say_sse(api, "each photo 4 seconds")
    say_sse(api, "actually make them 6")
    say_sse(api, "hmm no, the one before was better")
    assert photo_lengths(api) == [4000] * 4
    say_sse(api, "改成黑白的")
    say_sse(api, "黑白太丧了")
    assert timeline(api).look in (None, "none"), "a fault found with the look takes it off"


def test_corrections_said_loosely_never_remove_what_they_correct(talk):
    api, _ = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "add a caption saying Beach day on the first photo")
    say_sse(api, "no, put it on the second one")
    assert [(t.text, t.start_ms) for t in timeline(api).texts] == [("Beach day", 3000)], "moved, not removed"
    say_sse(api, "put the title 'Trip' at the top")
    say_sse(api, "hmm no, bottom")
    assert [t.position for t in timeline(api).texts if t.text == "Trip"] == ["bottom"]
    say_sse(api, "put the dark photo first")
    say_sse(api, "no wait, at the end actually")
    moved = [order[0], order[1], order[3], order[2]]
    assert [s.media_id for s in timeline(api).segments] == moved
    say_sse(api, "remove the 2nd photo")
    say_sse(api, "oops i meant the 3rd one")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[1], order[2]]
    say_sse(api, "哎呀删错了 恢复一下")
    assert [s.media_id for s in timeline(api).segments] == moved


def test_a_step_with_its_value_and_the_same_for_another_pair(talk, make_clip):
    api, _ = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "swap photo 1 and photo 2")
    say_sse(api, "now do the same with 3 and 4")
    assert [s.media_id for s in timeline(api).segments] == [order[1], order[0], order[3], order[2]]
    say_sse(api, "add my song at 50%")
    say_sse(api, "actually a bit higher than that")
    assert 0.58 <= timeline(api).music[0].volume <= 0.75
    assert_envelope(api.upload(make_clip("beach.mp4", colours=[(40, 120, 200)] * 4)), 200, 0)
    say_sse(api, "海边那个视频剪到3秒")
    say_sse(api, "再短点 2秒")
    assert timeline(api).clips[0].duration_ms == 2000
    say_sse(api, "make the clip 3 seconds")
    say_sse(api, "actually cut it to 1.5")
    assert timeline(api).clips[0].duration_ms == 1500


def test_one_text_named_of_two_is_asked_and_all_of_them_means_each(talk):
    api, _ = talk
    say_sse(api, "add a caption 'left' on the first photo")
    say_sse(api, "add a caption 'right' on the last photo")
    before = timeline(api)
    reply = say_sse(api, "delete the caption")
    assert timeline(api) == before and "left" in reply and "right" in reply, "one caption said, two there: asked"
    say_sse(api, "make the caption bigger")
    assert timeline(api) == before
    say_sse(api, "make all the captions yellow")
    assert [t.color for t in timeline(api).texts] == ["yellow", "yellow"]
    say_sse(api, "add a title 'Lisbon'")
    say_sse(api, "文字都改成白色")
    assert [t.color for t in timeline(api).texts] == ["white"] * 3, "文字都: the title and the captions"
    sizes = [t.size for t in timeline(api).texts]
    say_sse(api, "把它放大一点")
    assert [t.size for t in timeline(api).texts] == sizes, "it, after all three: which one is asked"


def test_texts_said_without_quotes_or_commas_and_the_other_caption(talk):
    api, _ = talk
    say_sse(api, "加个标题 生日快乐 最后一张再加个字幕 爱你的妈妈")
    texts = timeline(api).texts
    assert [(t.text, t.role) for t in texts] == [("生日快乐", "title"), ("爱你的妈妈", "caption")]
    assert texts[1].start_ms == 9000, "the caption on the last of four 3 s photos"
    say_sse(api, "add another caption Dinner time on the first photo")
    assert [t.text for t in timeline(api).texts][-1] == "Dinner time"
    say_sse(api, "move the other caption to the top")
    positions = {t.text: t.position for t in timeline(api).texts}
    assert positions == {"生日快乐": "center", "爱你的妈妈": "top", "Dinner time": "bottom"}
    say_sse(api, "加个标提 旅行 黄色 放上面")  # 标提: a pinyin slip for 标题
    assert [(t.text, t.color, t.position) for t in timeline(api).texts if t.text == "旅行"] == [
        ("旅行", "yellow", "top")
    ]


def test_two_requests_in_chinese_without_a_comma_and_a_total_after_a_removal(talk):
    api, _ = talk
    say_sse(api, "加上我的歌")
    say_sse(api, "音乐调到40% 照片都改成2秒")
    assert timeline(api).music[0].volume == 0.4 and photo_lengths(api) == [2000] * 4
    say_sse(api, "remove the green and yellow photos and then make the video 12 seconds total")
    assert photo_lengths(api) == [6000, 6000], "the removed photos stay out when the total is set"


def test_a_removal_put_right_by_its_neighbour_and_a_photo_put_back_somewhere(talk):
    api, ids = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "delete the dark photo")
    assert ids["night.jpg"] not in [s.media_id for s in timeline(api).segments]
    say_sse(api, "no not that, the one before it")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[2], order[3]], "forest out, night back"
    say_sse(api, "put it back at the start")
    assert [s.media_id for s in timeline(api).segments] == [order[1], order[0], order[2], order[3]]
    say_sse(api, "把最后一张删了")
    say_sse(api, "算了 放回来 放最前面")
    assert timeline(api).segments[0].media_id == order[3]


def test_several_photos_move_together_in_their_order(talk):
    api, _ = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "move the blue and green photos to the end")
    assert [s.media_id for s in timeline(api).segments] == [order[2], order[3], order[0], order[1]]
    say_sse(api, "把第3张和第4张放到最前面")
    assert [s.media_id for s in timeline(api).segments] == order
    say_sse(api, "make the 2nd photo 5 seconds")
    say_sse(api, "the other ones shorter then, 2 seconds each")
    assert photo_lengths(api) == [2000, 5000, 2000, 2000]


def test_a_question_about_the_photos_is_answered_and_its_answer_is_that_one(talk):
    api, ids = talk
    before = timeline(api)
    reply = say_sse(api, "which photo is the darkest?")
    assert timeline(api) == before and "photo 3 (night.jpg)" in reply, reply
    say_sse(api, "delete that one")
    assert ids["night.jpg"] not in [s.media_id for s in timeline(api).segments]
    reply = say_sse(api, "7秒的时候是哪张")  # 3 s each: 6–9 s is the third photo now, the lemon
    assert "是第 3 张（lemon.jpg）" in reply, reply
    say_sse(api, "把它改成5秒")
    assert photo_lengths(api) == [3000, 3000, 5000]


def test_all_the_effects_taken_off_and_what_stays_is_left_alone(talk):
    api, _ = talk
    say_sse(api, "转场改成向左滑动")
    say_sse(api, "再加个复古滤镜")
    say_sse(api, "滤镜不要了 转场留着")
    tl = timeline(api)
    assert (tl.look or "none") == "none" and {s.transition.name for s in tl.segments} == {"slideleft"}
    say_sse(api, "加个黑白滤镜")
    say_sse(api, "老板说太花哨了，刚加的那些效果都不要了")
    tl = timeline(api)
    assert (tl.look or "none") == "none" and {s.transition.name for s in tl.segments} == {"fade"}
    reply = say_sse(api, "get rid of all the effects")
    assert timeline(api) == tl and "no effects" in reply, reply


def test_only_the_title_kept_when_that_is_all_that_is_needed(talk):
    api, _ = talk
    say_sse(api, "add a title 'Lisbon'")
    say_sse(api, "add a caption 'Day one' on the first photo")
    say_sse(api, "add a caption 'Day two' on the second photo")
    say_sse(api, "there's too much text at the start, we only need the title")
    assert [(t.text, t.role) for t in timeline(api).texts] == [("Lisbon", "title")]
    say_sse(api, "undo")
    say_sse(api, "留个字幕就行")
    assert [t.text for t in timeline(api).texts] == ["Day one", "Day two"]


def test_likenesses_decades_ads_and_only_the_music(talk, make_clip):
    api, _ = talk
    reply = say_sse(api, "I want it to look like an old brownish photo from the 1900s")
    tl = timeline(api)
    assert tl.look == "sepia" and photo_lengths(api) == [3000] * 4, reply  # a likeness, not a photo; a decade
    say_sse(api, "a 15 second ad")
    assert timeline(api).duration_ms == 15_000
    say_sse(api, "第一张和第二张换一下")
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "三和四也这么换一下")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[1], order[3], order[2]]
    assert_envelope(api.upload(make_clip()), 200, 0)
    say_sse(api, "加上我的歌")
    say_sse(api, "the video's sound is annoying, I only want the music")
    clips = [s for s in timeline(api).segments if not isinstance(s, PhotoSegment)]
    assert clips and all(c.volume == 0 for c in clips) and timeline(api).music


def test_that_photo_with_nothing_before_it_is_asked_and_two_descriptions_of_one_photo(talk):
    api, ids = talk
    before = timeline(api)
    say_sse(api, "把那张改成5秒")
    assert timeline(api) == before, "nothing said before: which photo is asked"
    say_sse(api, "第二张")
    assert photo_lengths(api) == [3000, 5000, 3000, 3000]
    say_sse(api, "7月4号晚上拍的那张挪到开头")  # the date and the time of day both say the night photo
    assert timeline(api).segments[0].media_id == ids["night.jpg"]


def test_a_photo_named_by_where_it_was_a_turn_ago(talk):
    api, ids = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "move lemon.jpg to the start")
    say_sse(api, "now the one that was first before that, put it last")
    assert [s.media_id for s in timeline(api).segments] == [order[3], order[1], order[2], order[0]]
    say_sse(api, "把第二张挪到最后")  # the forest
    say_sse(api, "原来在它后面那张放到最前面")  # the night photo was right behind it
    assert timeline(api).segments[0].media_id == ids["night.jpg"]


def test_no_then_my_song_puts_the_song_on_rather_than_taking_music_off(talk):
    api, ids = talk
    say_sse(api, "add calm music")
    assert timeline(api).music and timeline(api).music[0].media_id not in ids.values()
    say_sse(api, "no, the other one, the one I uploaded")
    song = ids["tone-4.0.wav"]
    assert [m.media_id for m in timeline(api).music] == [song]
    say_sse(api, "add calm music")
    say_sse(api, "no, my song")
    assert [m.media_id for m in timeline(api).music] == [song], "'no, my song' is not 'no song'"


def test_a_text_in_the_way_moves_and_one_that_shouts_gets_smaller(talk):
    api, _ = talk
    say_sse(api, "add a caption 'Day one' on the first photo")
    say_sse(api, "the caption is covering my sister's face")
    assert [t.position for t in timeline(api).texts] == ["top"]
    say_sse(api, "字幕又挡住脸了")
    assert [t.position for t in timeline(api).texts] == ["bottom"]
    say_sse(api, "add a title 'LISBON'")
    size = timeline(api).texts[-1].size
    say_sse(api, "the title is literally shouting at me")
    assert timeline(api).texts[-1].size < size


def test_the_same_length_for_another_photo_after_a_move(talk):
    api, ids = talk
    say_sse(api, "make the dark photo 6 seconds")
    say_sse(api, "put it last")
    say_sse(api, "and the same length for the green one")
    tl = timeline(api)
    assert tl.segments[-1].media_id == ids["night.jpg"], "the move is not said again"
    lengths = {s.media_id: s.duration_ms for s in tl.segments}
    assert lengths[ids["night.jpg"]] == lengths[ids["forest.jpg"]] == 6000


def test_an_effect_switched_off_by_name_or_as_it_right_after(talk):
    api, _ = talk
    say_sse(api, "add ken burns")
    assert {s.motion for s in timeline(api).segments} == {"zoom-in"}
    say_sse(api, "actually remove it")
    tl = timeline(api)
    assert {s.motion for s in tl.segments} == {"none"} and len(tl.segments) == 4, "the effect, not a photo"
    say_sse(api, "加个黑白滤镜")
    say_sse(api, "那个滤镜有点丧，关掉吧")
    assert (timeline(api).look or "none") == "none"
    say_sse(api, "关掉转场")
    assert {s.transition.name for s in timeline(api).segments} == {"none"}, "off is a hard cut, not a fade"
    before = timeline(api)
    reply = say_sse(api, "turn off the filter")
    assert timeline(api) == before and "no filter" in reply


def test_a_photo_put_at_the_start_with_fang_and_a_place(talk):
    api, ids = talk
    say_sse(api, "把黄色那张放开头")
    assert timeline(api).segments[0].media_id == ids["lemon.jpg"]
    say_sse(api, "绿色那张应该放开头")
    assert timeline(api).segments[0].media_id == ids["forest.jpg"]


def test_a_photo_named_by_its_shape_weekday_or_part_of_day_is_a_photo_not_the_video(talk):
    api, ids = talk
    say_sse(api, "delete the landscape")
    tl = timeline(api)
    assert tl.output.aspect == "16:9" and ids["IMG_2041.jpg"] not in [s.media_id for s in tl.segments]
    say_sse(api, "undo")
    before = timeline(api)
    say_sse(api, "把竖的删了")  # two portrait photos: which one?
    assert timeline(api) == before, "neither deleted nor the video made vertical"
    say_sse(api, "the friday pic can go")  # 2024-07-05 was a Friday: the lemon
    assert ids["lemon.jpg"] not in [s.media_id for s in timeline(api).segments]
    say_sse(api, "undo")
    say_sse(api, "the one from the morning, put it last")  # 08:00 forest, 10:00 blue: two fit, asked
    assert timeline(api).segments == before.segments
    say_sse(api, "周四晚上拍的那张删了")
    assert ids["night.jpg"] not in [s.media_id for s in timeline(api).segments]


def test_the_photo_after_a_removed_one_is_counted_as_the_photos_are_now(talk):
    api, _ = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "delete the second photo")
    say_sse(api, "and the one that came after it")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[3]]
    say_sse(api, "undo")
    say_sse(api, "undo")
    say_sse(api, "delete the second photo")
    say_sse(api, "no not that, the one after it")
    assert [s.media_id for s in timeline(api).segments] == [order[0], order[1], order[3]]


def test_a_title_put_right_with_no_it_before_the_words(talk):
    api, _ = talk
    say_sse(api, "add a title that says Summer 2024")
    say_sse(api, "typo, should be Summer 2025")
    assert [t.text for t in timeline(api).texts] == ["Summer 2025"]
    say_sse(api, "make the first photo 3 seconds")
    say_sse(api, "should be 5 seconds")
    assert photo_lengths(api)[0] == 5000 and [t.text for t in timeline(api).texts] == ["Summer 2025"]


def test_a_question_about_which_photo_holds_the_rest_of_the_request(talk):
    api, ids = talk
    say_sse(api, "add my song")
    before = timeline(api)
    say_sse(api, "the portrait one, 5 seconds")  # two fit: asked, and the length is not the video's meanwhile
    assert timeline(api) == before
    say_sse(api, "the green one")
    lengths = {s.media_id: s.duration_ms for s in timeline(api).segments}
    assert lengths[ids["forest.jpg"]] == 5000 and timeline(api).duration_ms == 14_000


def test_get_rid_of_music_and_title_and_everything_n_seconds(talk):
    api, _ = talk
    say_sse(api, "add my song and a title that says Hello")
    say_sse(api, "get rid of the music and the title")
    tl = timeline(api)
    assert not tl.music and not tl.texts
    say_sse(api, "everything 2.5 secs, slide left transitions")
    tl = timeline(api)
    assert photo_lengths(api) == [2500] * 4
    assert {s.transition.name for s in tl.segments} == {"slideleft"}
    assert all(s.transition.duration_ms < 2500 for s in tl.segments), "the photos' length, not the transitions'"


def test_an_answer_by_description_picks_among_the_photos_asked_about(talk):
    api, ids = talk
    before = timeline(api)
    say_sse(api, "delete the portrait one")  # forest and night
    assert timeline(api) == before
    say_sse(api, "the one from the evening")  # only the night photo of the two (the lemon was taken at noon)
    assert [s.media_id for s in timeline(api).segments] == [
        s.media_id for s in before.segments if s.media_id != ids["night.jpg"]
    ]


def test_part_of_the_way_back_and_a_length_half_of_another(talk):
    api, _ = talk
    say_sse(api, "make the photos much shorter")
    short = photo_lengths(api)[0]
    say_sse(api, "too much, go back a little")
    assert short < photo_lengths(api)[0] < 3000
    say_sse(api, "make the first photo 5 seconds")
    say_sse(api, "and the last one half that")
    assert photo_lengths(api)[0] == 5000 and photo_lengths(api)[-1] == 2500
    say_sse(api, "改成竖屏")
    say_sse(api, "还是横屏好看 改回来")
    assert timeline(api).output.aspect == "16:9", "put back once, not undone again"


def test_undo_both_and_only_meant_the_first_one(talk):
    api, _ = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "改成正方形")
    say_sse(api, "加个暖色滤镜")
    say_sse(api, "这两个都撤回吧")
    tl = timeline(api)
    assert tl.output.aspect == "16:9" and (tl.look or "none") == "none"
    say_sse(api, "delete the first two photos")
    say_sse(api, "oops only meant the first one")
    assert [s.media_id for s in timeline(api).segments] == order[1:]


def test_indirect_wishes_about_one_photo_or_the_whole(talk):
    api, ids = talk
    say_sse(api, "add a title that says Lisbon")
    say_sse(api, "the title is sitting right in the middle of everything, can it go higher up")
    assert timeline(api).texts[0].position == "top", "a request put as a question, not a question"
    say_sse(api, "the lemon is my fav, i want people to really take it in")
    lengths = {s.media_id: s.duration_ms for s in timeline(api).segments}
    assert lengths[ids["lemon.jpg"]] > 3000
    say_sse(api, "the blue one is boring tbh, nobody needs to see it")
    assert ids["IMG_2041.jpg"] not in [s.media_id for s in timeline(api).segments]
    say_sse(api, "it has to fill a 30 sec slot at the wedding")
    assert timeline(api).duration_ms == 30_000


def test_music_drowning_the_clip_goes_down_and_a_missed_song_goes_on(talk):
    api, ids = talk
    say_sse(api, "where's my song?")
    assert [m.media_id for m in timeline(api).music] == [ids["tone-4.0.wav"]]
    say_sse(api, "can't hear anything over the music")
    assert timeline(api).music[0].volume < 1.0, "the music drowns the rest out: down, not up"
    say_sse(api, "竖屏60帧不要转场")
    tl = timeline(api)
    assert (tl.output.aspect, tl.output.fps) == ("9:16", 60) and {s.transition.name for s in tl.segments} == {"none"}


def test_a_song_that_was_never_sent_is_said_so_not_guessed(talk):
    api, _ = talk
    before = timeline(api)
    reply = say_sse(api, "use the jazz song i uploaded")
    assert timeline(api) == before and "No uploaded song" in reply
    say_sse(api, "用周杰伦的晴天当背景音乐")
    assert timeline(api) == before
    say_sse(api, "换成我传的第二首歌")
    assert timeline(api) == before, "one song was sent: there is no second"


def test_looks_said_as_feelings(talk):
    api, _ = talk
    say_sse(api, "want it to feel like a 1950s movie, no colour at all")
    assert timeline(api).look == "bw", "the decade is not a length that makes the look said first final"
    say_sse(api, "想要那种电影的感觉 有质感一点")
    assert timeline(api).look == "cinematic"


def test_things_named_one_by_one_then_one_verb_for_all(talk):
    api, _ = talk
    say_sse(api, "add my song")
    say_sse(api, "转场 音乐 全都不要了")
    tl = timeline(api)
    assert not tl.music and {s.transition.name for s in tl.segments} == {"none"}, "a bare 转场 is not 'add fades'"


def test_another_caption_with_its_own_words_on_another_photo(talk):
    api, _ = talk
    say_sse(api, "add caption Day 1 on the first photo")
    say_sse(api, "and Day 2 on the third one")
    tl = timeline(api)
    assert [(t.text, t.role, t.start_ms) for t in tl.texts] == [("Day 1", "caption", 0), ("Day 2", "caption", 6000)]


def test_what_a_request_is_for_does_not_hold_it_back(talk, make_clip):
    api, _ = talk
    assert_envelope(api.upload(make_clip(name="beach.mp4")), 200, 0)
    say_sse(api, "add my song")
    say_sse(api, "turn off the beach sound so only the music plays")
    tl = timeline(api)
    assert tl.music and all(c.volume == 0 for c in tl.clips), "the clip's sound off, the music kept"
    say_sse(api, "get rid of the music entirely, i'll record a voiceover instead")
    assert not timeline(api).music, "a plan of the person's own is not a qualifier that withholds the removal"


def test_text_said_to_be_tiny_gets_bigger_and_a_colour_is_not_words(talk):
    api, _ = talk
    say_sse(api, "add a title that says Hi")
    size = timeline(api).texts[0].size
    say_sse(api, "title way bigger, its tiny on my phone")
    assert timeline(api).texts[0].size > size
    say_sse(api, "标题改成紫色 字大一点")
    text = timeline(api).texts[0]
    assert text.text == "Hi" and text.color == "purple"


def test_clip_half_only_photos_and_a_total_fitted_after_the_clip(talk, make_clip):
    api, _ = talk
    assert_envelope(api.upload(make_clip(name="beach.mp4", seconds_each=4.0)), 200, 0)
    assert [c.duration_ms for c in timeline(api).clips] == [4000]
    say_sse(api, "视频片段剪掉一半")
    assert [c.duration_ms for c in timeline(api).clips] == [2000]
    say_sse(api, "总时长压到10秒 海边视频剪到1秒")
    tl = timeline(api)
    assert [c.duration_ms for c in tl.clips] == [1000] and tl.duration_ms == 10_000
    say_sse(api, "take the video clip out, i only want photos")
    assert not timeline(api).clips and len(timeline(api).segments) == 4


def test_corrections_of_a_place_a_removal_and_a_value_and_a_verb_left_out(talk):
    api, ids = talk
    order = [s.media_id for s in timeline(api).segments]
    say_sse(api, "put the yellow photo first")
    say_sse(api, "no, last")
    assert [s.media_id for s in timeline(api).segments] == order, "the lemon was last already: back where it was"
    say_sse(api, "把绿色那张删了")
    say_sse(api, "不对 删错了 我要删的是蓝色那张")
    assert [s.media_id for s in timeline(api).segments] == [m for m in order if m != ids["IMG_2041.jpg"]]
    say_sse(api, "每张照片改成2秒")
    say_sse(api, "还是太快了 改回3秒吧")
    assert photo_lengths(api) == [3000] * 3
    say_sse(api, "add a title that says Hi and a caption that says There")
    say_sse(api, "change the title to Summer 24 and the caption to Lisbon")
    assert sorted(t.text for t in timeline(api).texts) == ["Lisbon", "Summer 24"]


def test_a_text_shown_on_another_photo_or_over_the_clip(talk, make_clip):
    api, _ = talk
    assert_envelope(api.upload(make_clip(name="beach.mp4", seconds_each=2.0)), 200, 0)
    say_sse(api, "add a title that says Lisbon")
    say_sse(api, "show the title on the last photo instead of at the start")
    assert timeline(api).texts[0].start_ms == 9000
    say_sse(api, "标题等到第二张照片的时候再出来")
    assert timeline(api).texts[0].start_ms == 3000
    say_sse(api, "put the title over the beach video instead")
    tl = timeline(api)
    assert (tl.texts[0].start_ms, tl.texts[0].duration_ms) == (12_000, 2000)


def test_a_level_change_with_two_sounds_asks_which(talk, make_clip):
    api, _ = talk
    assert_envelope(api.upload(make_clip(name="beach.mp4", seconds_each=2.0)), 200, 0)
    say_sse(api, "add my song")
    say_sse(api, "turn it down a bit")
    assert timeline(api).music[0].volume < 1.0, "right after the music, 'it' is the music"
    say_sse(api, "make the first photo 4 seconds")
    before = timeline(api)
    reply = say_sse(api, "too loud, turn it down a bit")
    assert timeline(api) == before and "Which one do you mean" in reply
    say_sse(api, "the music")
    tl = timeline(api)
    assert tl.music[0].volume < before.music[0].volume and all(c.volume == 1.0 for c in tl.clips)


def test_this_photo_as_the_first_words_asks_which_rather_than_changing_all(talk):
    api, _ = talk
    before = timeline(api)
    say_sse(api, "这张照片放久一点")
    assert timeline(api) == before, "not every photo, and not a guess"
    say_sse(api, "第二张")
    lengths = photo_lengths(api)
    assert lengths[1] > 3000 and lengths[0] == lengths[2] == lengths[3] == 3000


def test_a_long_chatty_message_with_several_requests(talk):
    api, _ = talk
    say_sse(api, "要发小红书 先改成竖的 9:16 然后每张照片3秒太长了 改成2秒 背景音乐也加上 用欢快一点的")
    tl = timeline(api)
    assert tl.output.aspect == "9:16" and photo_lengths(api) == [2000] * 4
    assert tl.music and not tl.texts, "用欢快一点的 says which music, it is not a title"
    say_sse(
        api,
        "ok so this is for my moms 60th, she loves gentle stuff so could you put on something tender from the "
        "library, and the title should say Happy 60th Mom",
    )
    tl = timeline(api)
    assert [t.text for t in tl.texts] == ["Happy 60th Mom"] and "tender" in tl.music[0].media_id


def test_a_size_said_as_size_up_and_every_photo_after_a_caption_is_the_photos(talk):
    api, _ = talk
    say_sse(api, "add a caption that says Grandpa")
    size = timeline(api).texts[0].size
    say_sse(api, "caption size up a lot, and slow things down, every photo 5 seconds")
    tl = timeline(api)
    assert tl.texts[0].size > size and photo_lengths(api) == [5000] * 4
    assert tl.texts[0].duration_ms != 5000 or tl.texts[0].start_ms != 0, "the photos' length, not the caption's"


def test_a_friendly_message_with_an_emoji_and_the_order_they_were_taken(talk):
    api, ids = talk
    say_sse(
        api, "hey! loving it so far 😊 could the photos be a bit longer, they fly by, and maybe a warmer look overall?"
    )
    tl = timeline(api)
    assert all(3300 <= ms <= 4300 for ms in photo_lengths(api)), "'so far' is not 'far longer'"
    assert tl.look == "warm"
    say_sse(api, "can you put them in the order i actually took them")
    assert timeline(api).segments[0].media_id == ids["forest.jpg"]


def test_move_it_after_the_clips_sound_moves_the_clip(talk, make_clip):
    api, _ = talk
    assert_envelope(api.upload(make_clip(name="beach.mp4", seconds_each=2.0)), 200, 0)
    say_sse(api, "lose the clip's own audio, and move it right after the first photo, i think it flows better there")
    tl = timeline(api)
    assert tl.clips[0].volume == 0 and tl.segments[1] == tl.clips[0]


def test_words_put_right_title_case_words_the_song_length_and_a_phone_screen(talk):
    api, _ = talk
    say_sse(api, "add a title saying Happy Birthday Lisa")
    say_sse(api, "oops its Liza with a z")
    assert [t.text for t in timeline(api).texts] == ["Happy Birthday Liza"]
    say_sse(api, "make it say Sunset Over Lagos")
    assert [t.text for t in timeline(api).texts] == ["Sunset Over Lagos"], "a capital Over is part of the words"
    say_sse(api, "add my song")
    say_sse(api, "match the length to the song")
    assert timeline(api).duration_ms == 4000  # the tone is 4 s long
    say_sse(api, "make it fit my phone screen, like fullscreen when i hold it normally")
    assert timeline(api).output.aspect == "9:16"


def test_a_text_removed_and_another_put_in_its_place(talk):
    api, _ = talk
    say_sse(api, "加个标题 我们的夏天")
    say_sse(api, "标题删了换成字幕：第一天到海边")
    assert [(t.text, t.role) for t in timeline(api).texts] == [("第一天到海边", "caption")]


def test_changes_asked_for_are_not_read_as_taking_things_away(talk, make_clip):
    api, _ = talk
    say_sse(api, "add my song")
    say_sse(api, "make photo 1 4 seconds")
    before = timeline(api)
    for message in (
        "i don't want the music that loud",
        "音乐留着别删",
        "the transitions feel off",
        "the transitions can go quicker",
        "the title can go at the top",
    ):
        say_sse(api, message)
        tl = timeline(api)
        assert tl.music and len(tl.segments) == 4, message
        assert {s.transition.name for s in tl.segments} != {"none"}, message
    assert timeline(api).music == before.music or timeline(api).music[0].volume < before.music[0].volume
    assert_envelope(api.upload(make_clip(name="beach.mp4", seconds_each=2.0)), 200, 0)
    say_sse(api, "apply black and white to photos only")
    assert timeline(api).clips, "photos only says where the look goes; the clip stays"
    say_sse(api, "视频剪掉一半")
    assert [c.duration_ms for c in timeline(api).clips] == [2000], "the whole video is not the clip"
