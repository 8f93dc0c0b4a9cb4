"""What the finished file looks like: frame size, rate, container and quality."""

from __future__ import annotations

from dataclasses import dataclass

from photoreel.errors import OutputSpecError

# Width:height of each aspect we offer; platforms map onto these (TikTok/Reels/Shorts are 9:16).
ASPECTS: dict[str, tuple[int, int]] = {
    "16:9": (16, 9),
    "9:16": (9, 16),
    "1:1": (1, 1),
    "4:5": (4, 5),
    "4:3": (4, 3),
    "3:4": (3, 4),
}
RESOLUTIONS = (360, 480, 720, 1080)
FRAME_RATES = (24, 25, 30, 50, 60)
FORMATS = ("mp4", "mov", "mkv", "webm", "gif")
QUALITIES = ("draft", "standard", "high")


def _even(value: float) -> int:
    """Nearest even integer: H.264 with yuv420p needs even frame dimensions."""
    return max(2, round(value / 2.0) * 2)


@dataclass(frozen=True)
class OutputSpec:
    """The output file's shape. `resolution` is the short side: 1080 at 16:9 is 1920x1080, at 9:16 1080x1920."""

    aspect: str = "16:9"
    resolution: int = 1080
    fps: int = 30
    format: str = "mp4"
    quality: str = "standard"
    # Exact pixel size, overriding aspect+resolution (used by tests and thumbnails); both even.
    width_override: int | None = None
    height_override: int | None = None

    def __post_init__(self) -> None:
        if self.aspect not in ASPECTS:
            raise OutputSpecError(f"aspect {self.aspect!r} is not one of {', '.join(ASPECTS)}")
        if self.resolution not in RESOLUTIONS:
            raise OutputSpecError(f"resolution {self.resolution} is not one of {', '.join(map(str, RESOLUTIONS))}")
        if self.fps not in FRAME_RATES:
            raise OutputSpecError(f"fps {self.fps} is not one of {', '.join(map(str, FRAME_RATES))}")
        if self.format not in FORMATS:
            raise OutputSpecError(f"format {self.format!r} is not one of {', '.join(FORMATS)}")
        if self.quality not in QUALITIES:
            raise OutputSpecError(f"quality {self.quality!r} is not one of {', '.join(QUALITIES)}")
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
