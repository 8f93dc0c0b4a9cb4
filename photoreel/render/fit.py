"""Fit modes: how a photo of any shape fills a frame of another shape. Built once per slide."""

from __future__ import annotations

from PIL import Image, ImageFilter

# The blurred backdrop is made small, blurred and scaled up: the same look as a full-size blur at a
# fraction of the cost.
_BACKDROP_SHRINK = 8
_BACKDROP_BLUR_RADIUS = 4
_BACKDROP_BRIGHTNESS = 0.55


def contained_size(photo: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with the photo's aspect that fits inside `box`."""
    scale = min(box[0] / photo[0], box[1] / photo[1])
    return max(1, round(photo[0] * scale)), max(1, round(photo[1] * scale))


def decode_target(photo: tuple[int, int], canvas: tuple[int, int], fit: str) -> tuple[int, int]:
    """The size a photo must be decoded at (at least) to fill `canvas` in `fit` mode without upscaling."""
    return canvas if fit == "cover" else contained_size(photo, canvas)


Focus = tuple[float, float, float, float]  # the region to keep in view, as fractions of the photo (its faces)


def cover_box(photo: tuple[int, int], size: tuple[int, int], focus: Focus | None = None) -> tuple[float, ...]:
    """The part of the photo a `cover` fit shows: centred, or centred on `focus` (faces) as far as the photo's
    edges allow, so a 9:16 crop of a landscape photo keeps the people in it."""
    w, h = photo
    scale = max(size[0] / w, size[1] / h)
    cw, ch = min(w, size[0] / scale), min(h, size[1] / scale)  # min(): float error must not reach past the edge
    cx, cy = w / 2, h / 2
    if focus is not None:
        cx, cy = (focus[0] + focus[2]) / 2 * w, (focus[1] + focus[3]) / 2 * h
    x0 = min(max(0.0, cx - cw / 2), w - cw)
    y0 = min(max(0.0, cy - ch / 2), h - ch)
    return x0, y0, min(w, x0 + cw), min(h, y0 + ch)


def _cover(photo: Image.Image, size: tuple[int, int], focus: Focus | None = None) -> Image.Image:
    box = cover_box(photo.size, size, focus)
    return photo.resize(size, Image.Resampling.BICUBIC, box=(box[0], box[1], box[2], box[3]))


def _backdrop(photo: Image.Image, size: tuple[int, int]) -> Image.Image:
    small = (max(1, size[0] // _BACKDROP_SHRINK), max(1, size[1] // _BACKDROP_SHRINK))
    blurred = _cover(photo, small).filter(ImageFilter.GaussianBlur(_BACKDROP_BLUR_RADIUS))
    darker = blurred.point(lambda v: int(v * _BACKDROP_BRIGHTNESS))
    return darker.resize(size, Image.Resampling.BILINEAR)


def contained_box(photo: tuple[int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Where a `contain` photo sits on a canvas of `size` (even sides): centred, with even sides and corner so
    its edges fall between 4:2:0 chroma samples instead of blending a bar's black into them."""
    w, h = contained_size(photo, size)
    w, h = max(2, w - w % 2), max(2, h - h % 2)
    x, y = (size[0] - w) // 2, (size[1] - h) // 2
    x, y = x - x % 2, y - y % 2
    return x, y, x + w, y + h


def contained_photo(photo: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The photo at its `contain` size on a canvas of `size` (see `contained_box`), without the bars."""
    x0, y0, x1, y1 = contained_box(photo.size, size)
    inner = (x1 - x0, y1 - y0)
    return photo if photo.size == inner else photo.resize(inner, Image.Resampling.BICUBIC)


def fit_photo(photo: Image.Image, size: tuple[int, int], fit: str, focus: Focus | None = None) -> Image.Image:
    """An RGB image of exactly `size` (even sides) showing `photo` per `fit`: blur, contain or cover (centred on
    `focus` when given)."""
    if fit == "cover":
        return _cover(photo, size, focus)
    x0, y0, _, _ = contained_box(photo.size, size)
    canvas = _backdrop(photo, size) if fit == "blur" else Image.new("RGB", size, (0, 0, 0))
    canvas.paste(contained_photo(photo, size), (x0, y0))
    return canvas


def content_box(photo: tuple[int, int], size: tuple[int, int], fit: str) -> tuple[float, float, float, float] | None:
    """Where the photo sits on a `contain` canvas (the rest is plain black); None when it fills the canvas."""
    if fit != "contain":
        return None
    x0, y0, x1, y1 = contained_box(photo, size)
    return float(x0), float(y0), float(x1), float(y1)
