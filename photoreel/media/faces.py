"""Where the faces are in a photo, found once at upload with OpenCV's Haar cascade for frontal faces (it ships
inside the opencv-python 4.x wheel; nothing is downloaded). Boxes are fractions of the upright photo, so they
hold at any decode size; the engine centres crops and zooms on them."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the photo's width and height
DETECT_SIDE = 768  # long side searched: faces down to ~a twentieth of the photo, at ~25 ms a photo
MAX_FACES = 12


_local = threading.local()  # OpenCV's cascades may not be shared between threads (uploads run in a pool)


def _cascade(name: str) -> cv2.CascadeClassifier | None:
    """This thread's own copy of a cascade, loaded once per thread."""
    loaded: dict[str, cv2.CascadeClassifier | None] = _local.__dict__.setdefault("cascades", {})
    if name not in loaded:
        path = Path(cv2.data.haarcascades) / name  # type: ignore[attr-defined]  # set at import, not in stubs
        cascade = cv2.CascadeClassifier(str(path)) if path.is_file() else None
        loaded[name] = cascade if cascade is not None and not cascade.empty() else None
    return loaded[name]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


def find_faces(image: Image.Image) -> tuple[Box, ...]:
    """The faces in an upright photo, largest first; () when there are none (or no detector is installed)."""
    primary, second = _cascade("haarcascade_frontalface_alt2.xml"), _cascade("haarcascade_frontalface_default.xml")
    if primary is None or second is None:
        return ()
    small = image.copy()
    small.thumbnail((DETECT_SIDE, DETECT_SIDE), Image.Resampling.BILINEAR)
    grey = np.asarray(small.convert("L"))  # no histogram equalisation: a plain background would dominate it
    w, h = small.size
    # A face is kept when two differently trained cascades agree on it: either alone fires on busy textures.
    found = [(x, y, x + bw, y + bh) for x, y, bw, bh in primary.detectMultiScale(grey, 1.1, 5, minSize=(24, 24))]
    checks = [(x, y, x + bw, y + bh) for x, y, bw, bh in second.detectMultiScale(grey, 1.1, 3, minSize=(24, 24))]
    agreed = [box for box in found if any(_overlap(box, other) > 0.3 for other in checks)]
    boxes = sorted(agreed, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    return tuple(
        (round(float(x0) / w, 4), round(float(y0) / h, 4), round(float(x1) / w, 4), round(float(y1) / h, 4))
        for x0, y0, x1, y1 in reversed(boxes[-MAX_FACES:])
    )


def salient_region(image: Image.Image) -> Box | None:
    """Where a photo without faces has its subject, judged by detail: the bounding box of the busiest tenth of a
    smoothed gradient map. None when the detail is spread evenly (a landscape, a texture): centre it is."""
    small = image.copy()
    small.thumbnail((256, 256), Image.Resampling.BILINEAR)
    grey = np.asarray(small.convert("L"), dtype=np.float32)
    if grey.shape[0] < 8 or grey.shape[1] < 8:
        return None
    energy = cv2.GaussianBlur(np.hypot(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1)), (0, 0), 6)
    threshold = float(np.quantile(energy, 0.9))
    if threshold <= 0 or float(energy.mean()) > 0.6 * threshold:
        return None
    ys, xs = np.nonzero(energy >= threshold)
    h, w = grey.shape
    box = (float(xs.min()) / w, float(ys.min()) / h, float(xs.max() + 1) / w, float(ys.max() + 1) / h)
    if (box[2] - box[0]) * (box[3] - box[1]) > 0.6:
        return None  # the busiest tenth is spread over most of the photo: no one subject
    return (round(box[0], 4), round(box[1], 4), round(box[2], 4), round(box[3], 4))


def focus_box(faces: tuple[Box, ...]) -> Box | None:
    """The region to keep in view: every face, with room around them for hair and chin."""
    if not faces:
        return None
    x0, y0 = min(f[0] for f in faces), min(f[1] for f in faces)
    x1, y1 = max(f[2] for f in faces), max(f[3] for f in faces)
    pad_x, pad_y = 0.25 * (x1 - x0) / max(1, len(faces)), 0.35 * (y1 - y0) / max(1, len(faces))
    return max(0.0, x0 - pad_x), max(0.0, y0 - pad_y), min(1.0, x1 + pad_x), min(1.0, y1 + pad_y)
