"""Open photos safely and decode each once at the size it is needed, upright."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pillow_heif
from PIL import Image

from photoreel.errors import MediaTooLarge, UnsupportedMedia
from photoreel.media.limits import MAX_IMAGE_PIXELS
from photoreel.media.quality import ANALYSIS_SIDE, PhotoQuality, measure

pillow_heif.register_heif_opener()
# Pillow's own bomb guard (which raises at twice this) becomes a backstop behind the friendlier check in _open.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

# Pillow plugin names we decode. Opening with this list means a PSD, TIFF, FITS or EPS is refused even
# though Pillow could read it.
PILLOW_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "HEIF", "AVIF")
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867
_DATETIME = 306
_ORIENTATION = 0x0112


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int  # as shown, after EXIF orientation
    height: int
    taken_at: str | None  # ISO 8601, from EXIF
    frames: int = 1  # more than one: an animated GIF or WEBP, which plays as a clip
    duration_ms: int | None = None  # an animation's length
    quality: PhotoQuality | None = None  # sharpness, exposure, perceptual hash (of a still photo)


def _open(path: Path, max_pixels: int) -> Image.Image:
    """Open (header only) and enforce the pixel limit before any pixel is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path, formats=PILLOW_FORMATS)
    except Image.DecompressionBombError as exc:
        raise MediaTooLarge(
            f"the image claims far more than {max_pixels / 1e6:.0f} megapixels, the limit", str(path)
        ) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise UnsupportedMedia("not a JPEG, PNG, WEBP, HEIC, AVIF or GIF image, or it is corrupt", str(path)) from exc
    w, h = img.size
    if w <= 0 or h <= 0:
        img.close()
        raise UnsupportedMedia("the image has no pixels", str(path))
    if w * h > max_pixels:
        img.close()
        raise MediaTooLarge(
            f"the image is {w}x{h} ({w * h / 1e6:.0f} megapixels); the limit is {max_pixels / 1e6:.0f} megapixels",
            str(path),
        )
    return img


def _orientation(img: Image.Image) -> int:
    try:
        return int(img.getexif().get(_ORIENTATION, 1))
    except Exception:  # malformed EXIF must not make an otherwise good photo unusable
        return 1


def _taken_at(img: Image.Image) -> str | None:
    try:
        exif = img.getexif()
        raw = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
        if not raw:
            return None
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S").isoformat()
    except Exception:
        return None


def _decode(img: Image.Image, path: Path) -> Image.Image:
    """Decode pixels, turning truncation and corruption into UnsupportedMedia."""
    try:
        img.load()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # pillow-heif says EOFError for a cut HEIC
        raise UnsupportedMedia(f"the image is truncated or corrupt ({exc})", str(path)) from exc
    return img


def probe_image(path: Path, max_pixels: int = MAX_IMAGE_PIXELS, *, analyse: bool = True) -> ImageInfo:
    """Check a photo end to end (a cheap reduced decode catches truncation) and describe it; `analyse` also
    measures it (sharpness, pHash, faces: see media/quality.py)."""
    with _open(path, max_pixels) as img:
        fmt = (img.format or "").lower()
        w, h = img.size
        if _orientation(img) in (5, 6, 7, 8):
            w, h = h, w
        taken = _taken_at(img)
        if img.format == "JPEG":
            img.draft("RGB", (max(1, img.size[0] // 8), max(1, img.size[1] // 8)))
        _decode(img, path)
        frames, duration = _animation(img, path)
        quality = None
        # A JPEG was probed at 1/8 size: measured again near the analysis size; other formats as decoded.
        if frames == 1 and analyse:
            quality = _quality(path, max_pixels) if img.format == "JPEG" else measure(img)
    return ImageInfo(
        format="heic" if fmt == "heif" else fmt,
        width=w,
        height=h,
        taken_at=taken,
        frames=frames,
        duration_ms=duration,
        quality=quality,
    )


def _quality(path: Path, max_pixels: int) -> PhotoQuality:
    """Measured on a copy decoded at about the analysis size (a JPEG at the reduction just above it), so every
    photo's sharpness is judged at one scale: the probe's 1/8 draft would hide a soft photo's blur."""
    with _open(path, max_pixels) as img:
        if img.format == "JPEG":
            img.draft("RGB", (ANALYSIS_SIDE, ANALYSIS_SIDE))
        return measure(_decode(img, path))


MAX_ANIMATION_FRAMES = 10_000
# Frames x pixels an animation may hold: each frame is decoded whole when it is shown (a 1080p GIF of ~480
# frames; a 14k x 14k canvas of 10 frames is refused from its header, not decoded for minutes).
MAX_ANIMATION_PIXELS = 1_000_000_000
# Formats whose extra frames are an animation. A HEIC or AVIF with several images is a photo with extras (a
# burst, a depth map): it stays a photo.
ANIMATED_FORMATS = ("GIF", "WEBP", "PNG")


def frame_durations_ms(img: Image.Image) -> list[int]:
    """How long each frame of an animation shows, as browsers play it (a 0 or 10 ms delay means 100 ms)."""
    durations = []
    for k in range(getattr(img, "n_frames", 1)):
        img.seek(k)
        if img.format == "WEBP":
            img.load()  # Pillow reads a WEBP frame's delay only when it decodes the frame
        delay = int(img.info.get("duration") or 0)
        durations.append(100 if delay <= 10 else delay)
    img.seek(0)
    return durations


def _animation(img: Image.Image, path: Path) -> tuple[int, int | None]:
    """Frame count and length of an animated GIF, WEBP or PNG; (1, None) for a still image."""
    if img.format not in ANIMATED_FORMATS or not getattr(img, "is_animated", False):
        return 1, None
    try:
        count = int(getattr(img, "n_frames", 1))
    except (OSError, ValueError, EOFError) as exc:
        raise UnsupportedMedia(f"the animation is truncated or corrupt ({exc})", str(path)) from exc
    if count > MAX_ANIMATION_FRAMES or count * img.width * img.height > MAX_ANIMATION_PIXELS:
        raise MediaTooLarge(
            f"the animation has {count} frames of {img.width}x{img.height}; the limit is {MAX_ANIMATION_FRAMES} "
            f"frames and {MAX_ANIMATION_PIXELS / 1e6:.0f} megapixels in all",
            str(path),
        )
    try:
        return count, sum(frame_durations_ms(img))
    except (OSError, ValueError, EOFError) as exc:
        raise UnsupportedMedia(f"the animation is truncated or corrupt ({exc})", str(path)) from exc


def load_image(
    path: Path, fit_within: tuple[int, int] | None = None, max_pixels: int = MAX_IMAGE_PIXELS
) -> Image.Image:
    """Decode `path` once, upright, as RGB, covering `fit_within` (width, height) at less than twice its size.

    Large JPEGs decode straight at a reduced scale (draft mode); other formats are reduced by a whole factor
    after decoding, and only then turned upright, so the rotation touches as few pixels as possible. The exact
    size is left to the caller, which resizes anyway: one resampling of the photo, not two. Transparent areas
    become black. GIFs give their first frame.
    """
    with _open(path, max_pixels) as img:
        orientation = _orientation(img)
        # Work in stored (unrotated) orientation until the very end.
        target = fit_within
        if target is not None and orientation in (5, 6, 7, 8):
            target = (target[1], target[0])
        if target is not None and img.format == "JPEG":
            img.draft("RGB", target)  # keeps the result >= the requested size
        img = _decode(img, path)
        if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
            rgba = img.convert("RGBA")
            rgb = Image.new("RGB", rgba.size, (0, 0, 0))
            rgb.paste(rgba, mask=rgba.getchannel("A"))
        else:
            rgb = img if img.mode == "RGB" else img.convert("RGB")  # convert() would copy an RGB image too
    if target is not None:
        rgb = _reduce_to_cover(rgb, target)
    method = _UPRIGHT.get(orientation)
    return rgb.transpose(method) if method is not None else rgb


_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _reduce_to_cover(img: Image.Image, target: tuple[int, int]) -> Image.Image:
    """Divide the size by the largest whole factor that still covers `target` (`reduce` is cheap)."""
    factor = int(min(img.width / target[0], img.height / target[1]))
    return img.reduce(factor) if factor >= 2 else img
