"""Ken Burns motion: which part of a slide's canvas the camera sees at each moment. Pure geometry.

A panning canvas is the frame size times MAX_ZOOM, so the view (one canvas pixel per output pixel) is a pure
shift. A zooming canvas is ZOOM_HEADROOM larger still, so even the closest view shrinks the canvas a little:
the fast resampler cannot place scales within ~1% of 1:1 exactly (render/resample.py) and would fall back to a
warp several times slower for the last part of every zoom. Views are float boxes, so the resampler moves the
picture by fractions of a pixel: no jitter.
"""

from __future__ import annotations

MAX_ZOOM = 1.08
ZOOM_HEADROOM = 1.04

Box = tuple[float, float, float, float]


def canvas_size(frame: tuple[int, int], motion: str) -> tuple[int, int]:
    if motion == "none":
        return frame
    scale = MAX_ZOOM * (ZOOM_HEADROOM if motion in ("zoom-in", "zoom-out") else 1.0)
    # Even sides, so the canvas splits cleanly into 4:2:0 planes.
    return round(frame[0] * scale / 2) * 2, round(frame[1] * scale / 2) * 2


def view_box(
    motion: str,
    progress: float,
    canvas: tuple[int, int],
    frame: tuple[int, int],
    focus: tuple[float, float] | None = None,
) -> Box:
    """The canvas region shown in a `frame`-sized picture at `progress` (0 at the slide's first visible frame,
    1 at its last). A zoom closes in on `focus` (a point as fractions of the canvas: the faces) instead of the
    centre, as far as the canvas edges allow, moving toward it as smoothly as it zooms."""
    cw, ch = canvas
    p = min(1.0, max(0.0, progress))
    if motion == "none":
        return 0.0, 0.0, float(cw), float(ch)
    if motion in ("zoom-in", "zoom-out"):
        zoom = 1.0 + (MAX_ZOOM - 1.0) * (p if motion == "zoom-in" else 1.0 - p)
        w, h = cw / zoom, ch / zoom
        x, y = (cw - w) / 2, (ch - h) / 2
        if focus is not None:
            closer = (zoom - 1.0) / (MAX_ZOOM - 1.0)  # 0 at the widest view, 1 at the closest
            x = min(max(0.0, x + (focus[0] - 0.5) * cw * closer), cw - w)
            y = min(max(0.0, y + (focus[1] - 0.5) * ch * closer), ch - h)
        return x, y, x + w, y + h
    # Pans hold the closest zoom, one canvas pixel per output pixel (a pure shift, which resamples cheaply),
    # and travel across the spare margin.
    w, h = float(min(frame[0], cw)), float(min(frame[1], ch))
    spare_x, spare_y = cw - w, ch - h
    x, y = spare_x / 2, spare_y / 2
    if motion == "pan-left":  # the camera moves left: the picture drifts right
        x = spare_x * (1.0 - p)
    elif motion == "pan-right":
        x = spare_x * p
    elif motion == "pan-up":
        y = spare_y * (1.0 - p)
    elif motion == "pan-down":
        y = spare_y * p
    else:
        raise ValueError(f"unknown motion {motion!r}")
    return x, y, x + w, y + h
