"""Photos are streamed through a render: each decoded once, a few at a time, and let go once no longer shown."""

import pytest

from photoreel.render import slides as slides_module
from photoreel.service.make import MakeOptions, make_video
from tests.helpers import close_to, frame_at, mean_colour

COLOURS = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 220, 40), (200, 40, 200), (40, 200, 200)] * 2


@pytest.mark.parametrize("motion", ["none", "zoom-in"])
def test_each_photo_is_decoded_once_and_at_most_three_are_held(make_photo, tmp_path, monkeypatch, motion):
    held: set[int] = set()
    decoded: list[int] = []
    most = 0
    build, release = slides_module.PhotoSlide._build, slides_module.PhotoSlide.release

    def counting_build(self, frame_size):
        nonlocal most
        decoded.append(id(self))
        held.add(id(self))
        most = max(most, len(held))
        return build(self, frame_size)

    def counting_release(self):
        held.discard(id(self))
        release(self)

    monkeypatch.setattr(slides_module.PhotoSlide, "_build", counting_build)
    monkeypatch.setattr(slides_module.PhotoSlide, "release", counting_release)
    photos = [make_photo(colour=c) for c in COLOURS]
    options = MakeOptions(size=(320, 180), per_photo_s=0.5, motion=motion, transition="fade", transition_s=0.3)
    result, _ = make_video(photos, tmp_path / "out.mp4", options)

    assert len(decoded) == len(set(decoded)) == len(photos), "a photo let go too early is decoded again"
    assert most <= 3, f"{most} photos held at once"
    for k in (0, 5, 11):  # and the stream shows every photo in its place
        assert close_to(mean_colour(frame_at(result.path, k * 0.5 + 0.25), (0.3, 0.3, 0.7, 0.7)), COLOURS[k], 24)
