"""What the finished file looks like: frame size, rate, container and quality.

Each option is declared once, in `OUTPUT_OPTIONS`: its allowed values (a `Literal` type, so mypy checks every
value written in code), its default and its help text. The HTTP model, the CLI options, the edit op, the agent's
vocabulary and the language model's tool schema are all made from it. Values from outside (a request body, a
command line, words, a model's answer) are checked once, where they enter, by `check_output`; an `OutputSpec`
built from checked values is not checked again downstream.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from photoreel.errors import OutputSpecError

Aspect = Literal["16:9", "9:16", "1:1", "4:5", "4:3", "3:4"]  # platforms map onto these (TikTok is 9:16)
Resolution = Literal[360, 480, 720, 1080]
FrameRate = Literal[24, 25, 30, 50, 60]
Format = Literal["mp4", "mov", "mkv", "webm", "gif"]
Quality = Literal["draft", "standard", "high"]


@dataclass(frozen=True)
class OutputOption:
    """One option of the output: its name (the same in HTTP, CLI, edits and drafts), values, default and help."""

    name: str
    values: tuple[Any, ...]
    default: Any
    help: str
    label: str  # how a message names it: "aspect ratio"
    label_zh: str  # and in Chinese: 画面比例

    def check(self, value: object) -> Any:
        """`value` as this option's type if it is one of the allowed values (a "30" from words or a command line is
        30); otherwise an error that names the option and what it allows."""
        for allowed in self.values:
            if value == allowed or (isinstance(allowed, int) and str(value).strip() == str(allowed)):
                return allowed
        choices = ", ".join(map(str, self.values))
        raise OutputSpecError(f"{self.label} {value!r} is not one of {choices}")


OUTPUT_OPTIONS: tuple[OutputOption, ...] = (
    OutputOption("aspect", get_args(Aspect), "16:9", "Frame shape, width:height.", "aspect ratio", "画面比例"),
    OutputOption(
        "resolution",
        get_args(Resolution),
        1080,
        "Short side in pixels (1080 at 9:16 is 1080x1920).",
        "resolution",
        "分辨率",
    ),
    OutputOption("fps", get_args(FrameRate), 30, "Frames per second (GIFs play at 25 or 50).", "frame rate", "帧率"),
    OutputOption("format", get_args(Format), "mp4", "Container: mp4 (H.264 + AAC) plays everywhere.", "format", "格式"),
    OutputOption(
        "quality", get_args(Quality), "standard", "Encoder effort and bitrate: draft is fastest.", "quality", "画质"
    ),
)
OPTIONS: dict[str, OutputOption] = {option.name: option for option in OUTPUT_OPTIONS}

ASPECTS: dict[str, tuple[int, int]] = {a: (int(a.split(":")[0]), int(a.split(":")[1])) for a in get_args(Aspect)}
RESOLUTIONS: tuple[int, ...] = get_args(Resolution)
FRAME_RATES: tuple[int, ...] = get_args(FrameRate)
FORMATS: tuple[str, ...] = get_args(Format)
QUALITIES: tuple[str, ...] = get_args(Quality)


def check_output(values: Mapping[str, object]) -> dict[str, Any]:
    """The one check of output options from outside: unknown names and disallowed values are refused; None means
    "unchanged" and is left out."""
    unknown = sorted(set(values) - set(OPTIONS))
    if unknown:
        raise OutputSpecError(f"unknown output option {unknown[0]!r}; the options are {', '.join(OPTIONS)}")
    return {name: OPTIONS[name].check(value) for name, value in values.items() if value is not None}


def _even(value: float) -> int:
    """Nearest even integer: H.264 with yuv420p needs even frame dimensions."""
    return max(2, round(value / 2.0) * 2)


@dataclass(frozen=True)
class OutputSpec:
    """The output file's shape. `resolution` is the short side: 1080 at 16:9 is 1920x1080, at 9:16 1080x1920."""

    aspect: Aspect = OPTIONS["aspect"].default
    resolution: Resolution = OPTIONS["resolution"].default
    fps: FrameRate = OPTIONS["fps"].default
    format: Format = OPTIONS["format"].default
    quality: Quality = OPTIONS["quality"].default
    # Exact pixel size, overriding aspect+resolution (used by tests and thumbnails); both even.
    width_override: int | None = None
    height_override: int | None = None

    @classmethod
    def checked(cls, values: Mapping[str, object]) -> OutputSpec:
        """A spec from values that come from outside (see `check_output`)."""
        return cls(**check_output(values))

    def __post_init__(self) -> None:
        # Only the exact size is checked here: the named options are typed, and checked where they enter.
        if (self.width_override is None) != (self.height_override is None):
            raise OutputSpecError("give both width and height, or neither")
        if self.width_override is not None and self.height_override is not None:
            for side in (self.width_override, self.height_override):
                if side < 16 or side > 4096 or side % 2:
                    raise OutputSpecError(f"frame side {side} must be even and between 16 and 4096")

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels, both even."""
        if self.width_override is not None and self.height_override is not None:
            return self.width_override, self.height_override
        w, h = ASPECTS[self.aspect]
        short = self.resolution
        if w >= h:
            return _even(short * w / h), short
        return short, _even(short * h / w)

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    @property
    def rate(self) -> int:
        """The frame rate actually written. GIF delays are whole centiseconds, so GIFs run at 25 or 50 fps."""
        if self.format == "gif":
            return 50 if self.fps >= 50 else 25
        return self.fps

    def frames_for(self, duration_ms: int) -> int:
        """How many frames cover `duration_ms` (rounded to the nearest frame)."""
        return max(0, round(duration_ms * self.rate / 1000.0))
