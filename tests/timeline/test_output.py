import pytest

from photoreel.errors import OutputSpecError
from photoreel.timeline import OutputSpec


@pytest.mark.parametrize(
    ("aspect", "resolution", "size"),
    [
        ("16:9", 1080, (1920, 1080)),
        ("9:16", 1080, (1080, 1920)),
        ("1:1", 1080, (1080, 1080)),
        ("4:5", 1080, (1080, 1350)),
        ("4:3", 1080, (1440, 1080)),
        ("16:9", 720, (1280, 720)),
        ("9:16", 480, (480, 854)),
    ],
)
def test_sizes_follow_aspect_and_short_side(aspect, resolution, size):
    spec = OutputSpec(aspect=aspect, resolution=resolution)
    assert spec.size == size
    assert spec.width % 2 == 0 and spec.height % 2 == 0


@pytest.mark.parametrize(
    "kwargs",
    [{"aspect": "2:1"}, {"fps": 29}, {"format": "avi"}, {"resolution": 1000}, {"quality": "ultra"}],
)
def test_unknown_output_settings_are_refused(kwargs):
    with pytest.raises(OutputSpecError):
        OutputSpec(**kwargs)


def test_exact_size_must_be_even():
    with pytest.raises(OutputSpecError, match="even"):
        OutputSpec(width_override=321, height_override=180)
    assert OutputSpec(width_override=320, height_override=180).size == (320, 180)
