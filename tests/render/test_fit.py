"""Fit modes over many photo and frame shapes, and the windowed warp that skips black bars."""

import pytest
from PIL import Image

from photoreel.render.fit import fit_photo


@pytest.mark.parametrize("fit", ["blur", "contain", "cover"])
@pytest.mark.parametrize("photo", [(640, 480), (480, 640), (641, 479), (1, 1000), (1000, 1), (3000, 2000), (145, 145)])
@pytest.mark.parametrize("frame", [(1166, 1166), (1080, 1080), (1920, 1080), (1080, 1920), (320, 180), (2, 2)])
def test_any_photo_fits_any_frame(fit, photo, frame):
    out = fit_photo(Image.new("RGB", photo, (200, 100, 50)), frame, fit)
    assert out.size == frame and out.mode == "RGB"


def test_warping_only_the_photo_window_matches_a_whole_frame_warp():
    import numpy as np

    from photoreel.render.fit import content_box, fit_photo
    from photoreel.render.motion import canvas_size, view_box
    from photoreel.render.picture import Picture
    from photoreel.render.slides import black_yuv

    rng = np.random.default_rng(1)
    photo = Image.fromarray(rng.integers(0, 255, (300, 400, 3), dtype=np.uint8))
    for frame in [(1080, 1920), (1920, 1080), (320, 180)]:
        size = canvas_size(frame, "zoom-in")
        margin = 64
        canvas = Picture.from_rgb(fit_photo(photo.resize((400 * 3, 300 * 3)), size, "contain")).with_margin(margin)
        content = tuple(c + margin for c in content_box((1200, 900), size, "contain"))
        for progress in (0.0, 0.37, 1.0):
            box = tuple(c + margin for c in view_box("zoom-in", progress, size, frame))
            whole = canvas.resized(frame, box)
            windowed = canvas.resized(frame, box, content, black_yuv())
            for a, b in zip(whole.planes(), windowed.planes(), strict=True):
                diff = np.abs(a[0].astype(int) - b[0].astype(int))
                # The two may take different resamplers (render/resample.py), each within 1/32 pixel of the exact
                # spot: 1/16 px apart at most, a few levels where this noisy photo is steepest (~80 levels a
                # pixel). A missed or shifted strip of photo would differ by ~100.
                assert diff.max() <= 10 and (diff > 4).mean() < 0.005, (frame, progress)
