"""A frame as the encoder wants it: BT.709 limited-range YUV 4:2:0.

Composing in the encoder's own format means one RGB->YUV conversion per slide instead of one per frame,
and half the bytes to move for every warp, blend and paste. Sizes and offsets are even, so the half-size
chroma planes line up exactly with the luma plane.
"""

from __future__ import annotations

import math

import av
import cv2
import numpy as np
from av.video.reformatter import ColorRange, Colorspace
from PIL import Image

from photoreel.render.resample import Box, warp_region


def _to_yuv(frame: av.VideoFrame) -> av.VideoFrame:
    return frame.reformat(
        format="yuv420p",
        src_colorspace=Colorspace.ITU709,
        dst_colorspace=Colorspace.ITU709,
        src_color_range=ColorRange.JPEG,
        dst_color_range=ColorRange.MPEG,
    )


def _plane(plane: av.video.plane.VideoPlane) -> np.ndarray:
    """A writable numpy view of one plane of a frame, without its row padding."""
    view: np.ndarray = np.frombuffer(memoryview(plane), np.uint8).reshape(plane.height, plane.line_size)
    return view[:, : plane.width]


_WINDOW_MARGIN = 4  # pixels kept around the content so its bilinear edge is warped, not filled


class Picture:
    """A yuv420p VideoFrame and numpy views of its Y, U and V planes: composition writes straight into the
    frame the encoder will take, so handing it over costs no copy."""

    __slots__ = ("frame", "u", "v", "y")

    def __init__(self, frame: av.VideoFrame) -> None:
        if frame.format.name != "yuv420p" or frame.width % 2 or frame.height % 2:
            raise ValueError(f"not a yuv420p frame with even sides: {frame.format.name} {frame.width}x{frame.height}")
        frame.colorspace = Colorspace.ITU709
        frame.color_range = ColorRange.MPEG
        self.frame = frame
        self.y, self.u, self.v = (_plane(p) for p in frame.planes)

    @property
    def size(self) -> tuple[int, int]:
        return self.frame.width, self.frame.height

    @classmethod
    def blank(cls, size: tuple[int, int]) -> Picture:
        return cls(av.VideoFrame(size[0], size[1], "yuv420p"))

    @classmethod
    def from_rgb(cls, image: Image.Image) -> Picture:
        """Convert once (per slide or text) with swscale."""
        if image.width % 2 or image.height % 2:
            raise ValueError(f"picture sides must be even, got {image.size}")
        rgb = image if image.mode == "RGB" else image.convert("RGB")  # convert() would copy an RGB image too
        return cls(_to_yuv(av.VideoFrame.from_image(rgb)))  # type: ignore[no-untyped-call]  # PyAV ships it untyped

    @classmethod
    def solid(cls, size: tuple[int, int], rgb: tuple[int, int, int]) -> Picture:
        sample = cls.from_rgb(Image.new("RGB", (2, 2), rgb))
        pic = cls.blank(size)
        pic.y[:] = sample.y[0, 0]
        pic.u[:] = sample.u[0, 0]
        pic.v[:] = sample.v[0, 0]
        return pic

    def to_frame(self) -> av.VideoFrame:
        return self.frame

    def to_rgb(self) -> Image.Image:
        image: Image.Image = self.frame.to_image()  # type: ignore[no-untyped-call]  # PyAV ships it untyped
        return image

    def planes(self) -> tuple[tuple[np.ndarray, int], ...]:
        """Each plane with its subsampling shift (0 for luma, 1 for chroma)."""
        return (self.y, 0), (self.u, 1), (self.v, 1)

    def copy(self) -> Picture:
        out = Picture.blank(self.size)
        for (dst, _), (src, _) in zip(out.planes(), self.planes(), strict=True):
            dst[:] = src
        return out

    def with_margin(self, margin: int) -> Picture:
        """This picture inside a border of `margin` luma pixels (even) that repeats its edge pixels: views near
        its edges can then be resampled with the fast path (see render/resample.py)."""
        if margin % 2:
            raise ValueError(f"the margin must be even, got {margin}")
        out = Picture.blank((self.size[0] + 2 * margin, self.size[1] + 2 * margin))
        for (dst, shift), (src, _) in zip(out.planes(), self.planes(), strict=True):
            m = margin >> shift
            padded = cv2.copyMakeBorder(src, m, m, m, m, cv2.BORDER_REPLICATE, dst=dst)
            if padded is not dst:
                dst[:] = padded
        return out

    def resized(
        self,
        size: tuple[int, int],
        box: Box,
        content: Box | None = None,
        fill: tuple[int, int, int] | None = None,
    ) -> Picture:
        """The region `box` (float, in luma pixels) scaled to `size`.

        With `content` (the part of this picture that is not plain `fill`, as Y, U, V values) only the window
        where the content lands is warped and the rest is filled: photos with black bars cost a fraction.
        """
        out = Picture.blank(size)
        window = _window(size, box, content) if content is not None and fill is not None else None
        x0, y0, x1, y1 = window or (0, 0, size[0], size[1])
        for i, ((plane, shift), (src, _)) in enumerate(zip(out.planes(), self.planes(), strict=True)):
            if window is not None and fill is not None:
                plane[:] = fill[i]  # outside the window: the canvas's plain colour
            scaled = (box[0] / (1 << shift), box[1] / (1 << shift), box[2] / (1 << shift), box[3] / (1 << shift))
            full = (size[0] >> shift, size[1] >> shift)
            at = (x0 >> shift, y0 >> shift)
            warp_region(src, plane[y0 >> shift : y1 >> shift, x0 >> shift : x1 >> shift], scaled, full, at)
        return out

    @staticmethod
    def blend(a: Picture, b: Picture, alpha: float) -> Picture:
        alpha = min(1.0, max(0.0, alpha))
        out = Picture.blank(a.size)
        for (dst, _), (pa, _), (pb, _) in zip(out.planes(), a.planes(), b.planes(), strict=True):
            mixed = cv2.addWeighted(pa, 1.0 - alpha, pb, alpha, 0.0, dst=dst)
            if mixed is not dst:
                dst[:] = mixed
        return out

    def paste(self, other: Picture, at: tuple[int, int], masks: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """Paste `other` with its top-left at `at` (made even), clipped to this picture, optionally through
        (luma, chroma) alpha masks of 0..255."""
        x, y = at[0] - at[0] % 2, at[1] - at[1] % 2
        for (dst, shift), (src, _) in zip(self.planes(), other.planes(), strict=True):
            ox, oy = x >> shift, y >> shift
            dh, dw = dst.shape
            sh, sw = src.shape
            x0, y0 = max(ox, 0), max(oy, 0)
            x1, y1 = min(ox + sw, dw), min(oy + sh, dh)
            if x0 >= x1 or y0 >= y1:
                continue
            region = src[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
            if masks is None:
                dst[y0:y1, x0:x1] = region
                continue
            alpha = masks[1 if shift else 0][y0 - oy : y1 - oy, x0 - ox : x1 - ox].astype(np.uint16)
            under = dst[y0:y1, x0:x1].astype(np.uint16)
            dst[y0:y1, x0:x1] = ((region * alpha + under * (255 - alpha) + 127) // 255).astype(np.uint8)

    def crop(self, box: tuple[int, int, int, int]) -> Picture:
        x0, y0, x1, y1 = (c - c % 2 for c in box)
        out = Picture.blank((x1 - x0, y1 - y0))
        for (dst, shift), (src, _) in zip(out.planes(), self.planes(), strict=True):
            dst[:] = src[y0 >> shift : y1 >> shift, x0 >> shift : x1 >> shift]
        return out


def _window(
    size: tuple[int, int], box: Box, content: tuple[float, float, float, float]
) -> tuple[int, int, int, int] | None:
    """The even-aligned output window that `content` (canvas coordinates) lands in, or None if it is the whole frame."""
    w, h = size
    sx, sy = (box[2] - box[0]) / w, (box[3] - box[1]) / h
    left = math.floor((content[0] - box[0]) / sx) - _WINDOW_MARGIN
    top = math.floor((content[1] - box[1]) / sy) - _WINDOW_MARGIN
    right = math.ceil((content[2] - box[0]) / sx) + _WINDOW_MARGIN
    bottom = math.ceil((content[3] - box[1]) / sy) + _WINDOW_MARGIN
    x0, y0 = max(0, left - left % 2), max(0, top - top % 2)
    x1, y1 = min(w, right + right % 2), min(h, bottom + bottom % 2)
    if x0 == 0 and y0 == 0 and x1 == w and y1 == h:
        return None
    return x0, y0, x1, y1
