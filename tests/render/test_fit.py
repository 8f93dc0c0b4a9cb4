"""Fit modes over many photo and frame shapes: always exactly the frame size, never an error."""

import pytest
from PIL import Image

from photoreel.render.fit import fit_photo


@pytest.mark.parametrize("fit", ["blur", "contain", "cover"])
@pytest.mark.parametrize("photo", [(640, 480), (480, 640), (641, 479), (1, 1000), (1000, 1), (3000, 2000), (145, 145)])
@pytest.mark.parametrize("frame", [(1166, 1166), (1080, 1080), (1920, 1080), (1080, 1920), (320, 180), (2, 2)])
def test_any_photo_fits_any_frame(fit, photo, frame):
    out = fit_photo(Image.new("RGB", photo, (200, 100, 50)), frame, fit)
    assert out.size == frame and out.mode == "RGB"
