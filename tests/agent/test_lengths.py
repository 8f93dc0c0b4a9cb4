"""The video's length in words the slideshow rule used to take for "show me the video"."""

import pytest

from tests.agent.test_looks import _say


@pytest.mark.parametrize("text", ["make the video 8 seconds", "make the slideshow 8 seconds long"])
def test_make_the_video_n_seconds_sets_the_length_instead_of_showing_the_timeline(text):
    assert _say(text).duration_ms == 8000
