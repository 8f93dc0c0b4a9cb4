"""SSIM of a video against a reference render of the same timeline (luma, sampled frames)."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np


def _luma_frames(path: Path, every: int) -> list[np.ndarray]:
    out = []
    with av.open(str(path)) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i % every == 0:
                out.append(frame.to_ndarray(format="gray").astype(np.float64))
    return out


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Wang et al.'s SSIM with an 11x11 Gaussian window (sigma 1.5), on 8-bit luma."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def blur(x: np.ndarray) -> np.ndarray:
        return cv2.GaussianBlur(x, (11, 11), 1.5)

    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a**2
    var_b = blur(b * b) - mu_b**2
    cov = blur(a * b) - mu_a * mu_b
    num = (2 * mu_a * mu_b + c1) * (2 * cov + c2)
    den = (mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2)
    return float((num / den).mean())


def video_ssim(candidate: Path, reference: Path, every: int = 15) -> float:
    pairs = zip(_luma_frames(candidate, every), _luma_frames(reference, every), strict=False)
    scores = [ssim(a, b) for a, b in pairs]
    return float(np.mean(scores)) if scores else float("nan")
