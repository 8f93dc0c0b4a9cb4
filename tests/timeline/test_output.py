import pytest

from photoreel.errors import OutputSpecError
from photoreel.timeline import OutputSpec
from photoreel.timeline.ops import SetOutput
from photoreel.timeline.output import OUTPUT_OPTIONS, check_output


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
def test_unknown_output_settings_are_refused_where_they_enter(kwargs):
    with pytest.raises(OutputSpecError, match="is not one of"):
        OutputSpec.checked(kwargs)
    with pytest.raises(OutputSpecError, match="is not one of"):
        SetOutput.checked(kwargs)


def test_checked_values_take_their_option_type_and_none_means_unchanged():
    assert check_output({"fps": "60", "aspect": "9:16", "quality": None}) == {"fps": 60, "aspect": "9:16"}
    with pytest.raises(OutputSpecError, match="unknown output option 'colour'"):
        check_output({"colour": "red"})


def test_every_surface_offers_the_declared_values():
    """The HTTP model, the language model's tools and the CLI are made from OUTPUT_OPTIONS: none lists its own."""
    from typer.testing import CliRunner

    from photoreel.agent.llm import tool_specs
    from photoreel.api.routes.renders import OutputRequest
    from photoreel.cli.main import app as cli

    for option in OUTPUT_OPTIONS:
        assert option.default in option.values
    set_output = next(t for t in tool_specs() if t["function"]["name"] == "SetOutput")["function"]["parameters"]
    for option in OUTPUT_OPTIONS:
        assert set_output["properties"][option.name]["enum"] == list(option.values)
    help_text = CliRunner().invoke(cli, ["make", "--help"], env={"COLUMNS": "200", "TERM": "dumb"}).output
    for option in OUTPUT_OPTIONS:
        assert ", ".join(map(str, option.values)) in " ".join(help_text.split())
    properties = OutputRequest.model_json_schema()["properties"]
    for option in OUTPUT_OPTIONS:
        (allowed, _none) = properties[option.name]["anyOf"]
        assert allowed["enum"] == list(option.values)


def test_exact_size_must_be_even():
    with pytest.raises(OutputSpecError, match="even"):
        OutputSpec(width_override=321, height_override=180)
    assert OutputSpec(width_override=320, height_override=180).size == (320, 180)
