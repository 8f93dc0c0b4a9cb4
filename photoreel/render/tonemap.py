"""HDR clips (iPhone HLG, PQ) shown right in SDR BT.709 output: tone-mapped, not washed out or clipped.

The wheel's FFmpeg has no zscale or libplacebo, and a per-pixel float pipeline in numpy costs ~100 ms a
1080p frame. So the mapping works in Y'CbCr, as fast converters do: the luma goes through a 1024-entry table
(the HDR transfer to light, HDR reference white (203 nits, BT.2408) to SDR, a soft shoulder for highlights,
then the SDR transfer), and the chroma, at quarter size, is scaled with its luma and moved from BT.2020 to
BT.709 primaries by one 3x3 matrix. Highlights keep their gradation, skin and grey sit where SDR puts them.
"""

from __future__ import annotations

from functools import lru_cache

import av
import cv2
import numpy as np
from av.video.reformatter import VideoReformatter

from photoreel.render.picture import Picture

HLG, PQ = 18, 16  # FFmpeg's AVColorTransferCharacteristic codes
REFERENCE_WHITE_NITS = 203.0
HLG_PEAK_NITS = 1000.0
_SHOULDER = 0.5  # linear SDR level (of reference white) above which highlights are compressed


def is_hdr(frame: av.VideoFrame) -> bool:
    return int(frame.color_trc or 0) in (HLG, PQ)


def _hlg_to_nits(v: np.ndarray) -> np.ndarray:
    a, b, c = 0.17883277, 0.28466892, 0.55991073
    scene = np.where(v <= 0.5, v * v / 3.0, (np.exp((v - c) / a) + b) / 12.0)
    nits: np.ndarray = HLG_PEAK_NITS * np.power(np.clip(scene, 0.0, 1.0), 1.2)  # the HLG OOTF at 1000 nits
    return nits


def _pq_to_nits(v: np.ndarray) -> np.ndarray:
    m1, m2 = 2610 / 16384, 2523 / 4096 * 128
    c1, c2, c3 = 3424 / 4096, 2413 / 4096 * 32, 2392 / 4096 * 32
    p = np.power(np.clip(v, 0.0, 1.0), 1 / m2)
    nits: np.ndarray = 10_000.0 * np.power(np.maximum(p - c1, 0.0) / (c2 - c3 * p), 1 / m1)
    return nits


def sdr_level(nits: np.ndarray) -> np.ndarray:
    """Linear SDR level (1 = SDR peak) for HDR light: straight up to the shoulder, then a smooth roll-off
    toward 1 with the same slope at the joint, so highlights compress instead of clipping."""
    x = nits / REFERENCE_WHITE_NITS
    u = (x - _SHOULDER) / (1 - _SHOULDER)
    rolled = _SHOULDER + (1 - _SHOULDER) * u / (1 + np.maximum(u, 0.0))
    return np.where(x <= _SHOULDER, x, rolled)


@lru_cache(maxsize=2)
def luma_table(transfer: int) -> tuple[np.ndarray, np.ndarray]:
    """For each 10-bit limited-range HDR luma code: the SDR 8-bit luma code and the HDR/SDR signal ratio."""
    codes = np.arange(1024, dtype=np.float64)
    v = np.clip((codes - 64) / 876, 0.0, 1.0)
    nits = _hlg_to_nits(v) if transfer == HLG else _pq_to_nits(v)
    sdr = np.power(np.clip(sdr_level(nits), 0.0, 1.0), 1 / 2.4)  # BT.1886 display: gamma 2.4
    luma = np.round(16 + 219 * sdr).astype(np.uint8)
    ratio = np.where(v > 1e-4, sdr / np.maximum(v, 1e-4), 1.0).astype(np.float32)
    return luma, ratio


@lru_cache(maxsize=1)
def _bt2020_to_bt709_ycc() -> np.ndarray:
    """Y'CbCr (BT.2020 matrix) -> Y'CbCr (BT.709 matrix), with the primaries converted between the two."""

    def ycc_to_rgb(kr: float, kb: float) -> np.ndarray:
        kg = 1 - kr - kb
        return np.array([[1, 0, 2 - 2 * kr], [1, -(2 - 2 * kb) * kb / kg, -(2 - 2 * kr) * kr / kg], [1, 2 - 2 * kb, 0]])

    primaries = np.array(  # linear BT.2020 RGB -> linear BT.709 RGB (BT.2087)
        [[1.6605, -0.5876, -0.0728], [-0.1246, 1.1329, -0.0083], [-0.0182, -0.1006, 1.1187]]
    )
    to_709 = np.linalg.inv(ycc_to_rgb(0.2126, 0.0722))
    matrix: np.ndarray = (to_709 @ primaries @ ycc_to_rgb(0.2627, 0.0593)).astype(np.float32)
    return matrix


def tone_mapped(frame: av.VideoFrame, size: tuple[int, int], scaler: VideoReformatter) -> av.VideoFrame:
    """`frame` (HLG or PQ, any bit depth) as an SDR BT.709 limited-range yuv420p frame of `size`."""
    deep = scaler.reformat(frame, width=size[0], height=size[1], format="yuv420p10le")
    y, u, v = (
        np.frombuffer(memoryview(p), np.uint16).reshape(p.height, p.line_size // 2)[:, : p.width] for p in deep.planes
    )
    luma, ratio = luma_table(int(frame.color_trc or 0))
    y = np.minimum(y, 1023)
    out = Picture.blank(size)
    out.y[:] = luma[y]
    # Chroma at its own size: scale with the luma's change, then the BT.2020 -> BT.709 conversion.
    y_small = cv2.resize(y, (u.shape[1], u.shape[0]), interpolation=cv2.INTER_AREA)
    s = ratio[y_small]
    ycc = np.empty((u.shape[0], u.shape[1], 3), np.float32)
    ycc[..., 0] = np.clip((y_small.astype(np.float32) - 64) / 876, 0, 1) * s
    ycc[..., 1] = (u.astype(np.float32) - 512) / 896 * s
    ycc[..., 2] = (v.astype(np.float32) - 512) / 896 * s
    mapped = cv2.transform(ycc, _bt2020_to_bt709_ycc())
    out.u[:] = np.clip(np.round(128 + 224 * mapped[..., 1]), 16, 240).astype(np.uint8)
    out.v[:] = np.clip(np.round(128 + 224 * mapped[..., 2]), 16, 240).astype(np.uint8)
    return out.frame
