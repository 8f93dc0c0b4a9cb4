"""Titles and captions: drawn once per text into a transparent layer, then pasted onto each frame it covers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFilter, ImageFont

from photoreel.errors import FontNotFound
from photoreel.render.fonts import font_for
from photoreel.render.picture import Picture
from photoreel.timeline.model import TextSegment

_MARGIN = 0.05  # of the frame's short side, kept clear around positioned text
_MAX_WIDTH = 0.9  # of the frame width; longer lines wrap
_BOX_ALPHA = 160  # background boxes are translucent so the photo still shows
_BOX_PAD = 0.35  # of the line height
_SHADOW_BLUR = 0.06  # of the line height


@dataclass
class TextLayer:
    """A text drawn once: its pixels, where they go, and when and how strongly they show."""

    picture: Picture
    alpha: np.ndarray  # luma-sized mask, 0..255
    chroma_alpha: np.ndarray  # the same mask at chroma size
    position: tuple[int, int]
    start_ms: float
    end_ms: float
    fade_in_ms: float
    fade_out_ms: float

    def opacity(self, t_ms: float) -> float:
        if not self.start_ms <= t_ms < self.end_ms:
            return 0.0
        a = 1.0
        if self.fade_in_ms > 0:
            a = min(a, (t_ms - self.start_ms) / self.fade_in_ms)
        if self.fade_out_ms > 0:
            a = min(a, (self.end_ms - t_ms) / self.fade_out_ms)
        return max(0.0, min(1.0, a))

    def draw_onto(self, frame: Picture, a: float) -> None:
        """Paste the text onto `frame` in place at opacity `a` (see `opacity`)."""
        if a <= 0.0:
            return
        if a >= 1.0:
            masks = (self.alpha, self.chroma_alpha)
        else:
            masks = ((self.alpha * a + 0.5).astype(np.uint8), (self.chroma_alpha * a + 0.5).astype(np.uint8))
        frame.paste(self.picture, self.position, masks)


def _load_font(path: Path, px: int, bold: bool) -> ImageFont.FreeTypeFont:
    try:
        font = ImageFont.truetype(str(path), px)
    except OSError as exc:
        raise FontNotFound(f"cannot read font {str(path)!r} ({exc})") from exc
    try:
        axes = font.get_variation_axes()
    except OSError:
        return font  # not a variable font
    values: list[float] = []
    for axis in axes:
        raw = axis.get("name", b"")
        name = raw.decode() if isinstance(raw, bytes) else str(raw)
        if name.lower().startswith("weight"):
            values.append(700 if bold else 500)
        else:
            default = axis.get("default")
            values.append(float(default if default is not None else axis.get("minimum") or 0))
    font.set_variation_by_axes(values)
    return font


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        # Words for spaced scripts; characters for CJK, which has no spaces between words.
        tokens = paragraph.split(" ") if " " in paragraph else list(paragraph)
        joiner = " " if " " in paragraph else ""
        line = ""
        for token in tokens:
            candidate = f"{line}{joiner}{token}" if line else token
            if line and font.getlength(candidate) > max_width:
                lines.append(line)
                line = token
            else:
                line = candidate
        lines.append(line)
    return lines


def _anchor(position: str, frame: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    fw, fh = frame
    w, h = size
    margin = round(min(fw, fh) * _MARGIN)
    vertical, _, horizontal = position.partition("-")
    if position in ("left", "right"):
        vertical, horizontal = "center", position
    elif position in ("top", "bottom", "center"):
        horizontal = "center"
    x = {"left": margin, "center": (fw - w) // 2, "right": fw - w - margin}[horizontal or "center"]
    y = {"top": margin, "center": (fh - h) // 2, "bottom": fh - h - margin}[vertical]
    return x, y


def build_text_layer(segment: TextSegment, frame: tuple[int, int], end_ms: int) -> TextLayer:
    """Draw `segment` for a frame of size `frame`; `end_ms` is when it disappears."""
    fw, fh = frame
    px = max(8, round(segment.size * fh))
    font = _load_font(font_for(segment.text, segment.font), px, bold=segment.role == "title")
    lines = _wrap(segment.text, font, fw * _MAX_WIDTH)
    ascent, descent = font.getmetrics()
    line_h = ascent + descent
    gap = round(line_h * 0.15)
    widths = [font.getlength(line) for line in lines]
    pad = round(line_h * _BOX_PAD) if segment.background else round(line_h * _SHADOW_BLUR * 3)
    w = int(max(widths, default=0)) + 2 * pad
    h = len(lines) * line_h + (len(lines) - 1) * gap + 2 * pad
    # Even sides and offsets keep the layer aligned with the 4:2:0 chroma planes.
    w, h = min(w + w % 2, fw), min(h + h % 2, fh)

    color = ImageColor.getrgb(segment.color)[:3]
    glyphs = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(glyphs)
    for i, (line, lw) in enumerate(zip(lines, widths, strict=True)):
        draw.text(((w - lw) / 2, pad + i * (line_h + gap)), line, font=font, fill=255)

    image = Image.new("RGB", (w, h), color)
    if segment.background:
        # A translucent box behind the glyphs; the glyphs themselves are opaque.
        box_rgb = ImageColor.getrgb(segment.background)[:3]
        alpha = ImageChops.lighter(Image.new("L", (w, h), _BOX_ALPHA), glyphs)
        image = Image.composite(image, Image.new("RGB", (w, h), box_rgb), glyphs)
    elif segment.shadow:
        # A soft dark halo under the glyphs keeps white text readable on a white sky.
        shadow = glyphs.filter(ImageFilter.GaussianBlur(max(1, line_h * _SHADOW_BLUR)))
        shadow = shadow.point(lambda v: min(255, int(v * 1.6)))
        image = Image.composite(image, Image.new("RGB", (w, h), (0, 0, 0)), glyphs)
        alpha = ImageChops.lighter(glyphs, shadow)
    else:
        alpha = glyphs
    x, y = _anchor(segment.position, frame, (w, h))
    return TextLayer(
        picture=Picture.from_rgb(image),
        alpha=np.asarray(alpha),
        chroma_alpha=np.asarray(alpha.resize((w // 2, h // 2), Image.Resampling.BOX)),
        position=(x - x % 2, y - y % 2),
        start_ms=segment.start_ms,
        end_ms=end_ms,
        fade_in_ms=segment.fade_in_ms,
        fade_out_ms=segment.fade_out_ms,
    )
