"""A frame as the encoder wants it: BT.709 limited-range YUV 4:2:0, one Pillow 'L' image per plane.

Composing in the encoder's own format means one RGB->YUV conversion per slide instead of one per frame,
and half the bytes to move for every resize, blend and paste (chroma planes are a quarter of the size).
Every size and offset is even, so the chroma planes line up exactly with the luma plane.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import numpy as np
from av.video.reformatter import ColorRange, Colorspace
from PIL import Image

Box = tuple[float, float, float, float]


def _to_yuv(frame: av.VideoFrame) -> av.VideoFrame:
    return frame.reformat(
        format="yuv420p",
        src_colorspace=Colorspace.ITU709,
        dst_colorspace=Colorspace.ITU709,
        src_color_range=ColorRange.JPEG,
        dst_color_range=ColorRange.MPEG,
    )


@dataclass(frozen=True)
class Picture:
    y: Image.Image
    u: Image.Image
    v: Image.Image

    @property
    def size(self) -> tuple[int, int]:
        return self.y.size

    @classmethod
    def from_rgb(cls, image: Image.Image) -> Picture:
        """Convert once (per slide or text), with swscale."""
        if image.width % 2 or image.height % 2:
            raise ValueError(f"picture sides must be even, got {image.size}")
        yuv = _to_yuv(av.VideoFrame.from_image(image)).to_ndarray()
        w, h = image.size
        y = yuv[:h]
        chroma = yuv[h:].reshape(2, h // 2, w // 2)
        return cls(Image.fromarray(y), Image.fromarray(chroma[0]), Image.fromarray(chroma[1]))

    @classmethod
    def solid(cls, size: tuple[int, int], rgb: tuple[int, int, int]) -> Picture:
        """One colour everywhere; converts a single 2x2 block, then fills each plane."""
        sample = cls.from_rgb(Image.new("RGB", (2, 2), rgb))
        half = (size[0] // 2, size[1] // 2)
        return cls(
            Image.new("L", size, sample.y.getpixel((0, 0))),
            Image.new("L", half, sample.u.getpixel((0, 0))),
            Image.new("L", half, sample.v.getpixel((0, 0))),
        )

    def to_frame(self) -> av.VideoFrame:
        w, h = self.size
        planes = np.concatenate(
            [
                np.asarray(self.y).reshape(-1),
                np.asarray(self.u).reshape(-1),
                np.asarray(self.v).reshape(-1),
            ]
        ).reshape(h * 3 // 2, w)
        frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
        frame.colorspace = Colorspace.ITU709
        frame.color_range = ColorRange.MPEG
        return frame

    def to_rgb(self) -> Image.Image:
        frame = self.to_frame()
        return frame.to_image()

    def copy(self) -> Picture:
        return Picture(self.y.copy(), self.u.copy(), self.v.copy())

    def resized(
        self, size: tuple[int, int], box: Box, resample: Image.Resampling = Image.Resampling.BILINEAR
    ) -> Picture:
        """The region `box` (float, luma pixels) scaled to `size`: sub-pixel exact, so motion is smooth."""
        half = (size[0] // 2, size[1] // 2)
        cbox = (box[0] / 2, box[1] / 2, box[2] / 2, box[3] / 2)
        return Picture(
            self.y.resize(size, resample, box=box),
            self.u.resize(half, resample, box=cbox),
            self.v.resize(half, resample, box=cbox),
        )

    @staticmethod
    def blend(a: Picture, b: Picture, alpha: float) -> Picture:
        alpha = min(1.0, max(0.0, alpha))
        return Picture(Image.blend(a.y, b.y, alpha), Image.blend(a.u, b.u, alpha), Image.blend(a.v, b.v, alpha))

    def paste(self, other: Picture, at: tuple[int, int], mask: tuple[Image.Image, Image.Image] | None = None) -> None:
        """Paste `other` with its top-left at `at` (made even), optionally through (luma, chroma) masks."""
        x, y = at[0] - at[0] % 2, at[1] - at[1] % 2
        luma_mask, chroma_mask = mask if mask is not None else (None, None)
        self.y.paste(other.y, (x, y), luma_mask)
        self.u.paste(other.u, (x // 2, y // 2), chroma_mask)
        self.v.paste(other.v, (x // 2, y // 2), chroma_mask)

    def crop(self, box: tuple[int, int, int, int]) -> Picture:
        x0, y0, x1, y1 = (c - c % 2 for c in box)
        return Picture(
            self.y.crop((x0, y0, x1, y1)),
            self.u.crop((x0 // 2, y0 // 2, x1 // 2, y1 // 2)),
            self.v.crop((x0 // 2, y0 // 2, x1 // 2, y1 // 2)),
        )
