"""A poster JPEG taken from a finished video, for renders whose frames were not all drawn now (chunks from the
cache): the frame a whole render would have saved, decoded from the file."""

from __future__ import annotations

from pathlib import Path

import av
from PIL import Image

from photoreel.errors import RenderError
from photoreel.timeline.model import Timeline


def poster_index(timeline: Timeline, frame_count: int) -> int:
    """The poster's frame: the middle of the first photo or clip."""
    return min(frame_count - 1, timeline.output.frames_for(timeline.segments[0].duration_ms // 2))


def save_poster(video: Path, index: int, rate: int, poster: Path) -> Path:
    """Decode frame `index` of `video` (at `rate` fps) and save it as a JPEG."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert stream.time_base is not None
        target = index / rate
        container.seek(int(target / stream.time_base), stream=stream, backward=True)
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= target - 0.5 / rate:
                image: Image.Image = frame.to_image()  # type: ignore[no-untyped-call]  # PyAV ships it untyped
                image.save(poster, "JPEG", quality=90)
                return poster
    raise RenderError(f"{video.name} has no frame {index} to make a poster of")
