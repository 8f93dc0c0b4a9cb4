"""What importing a layer costs and what it may import: the rules DESIGN.md states, checked."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_settings_imports_no_media_library():
    code = "import sys, photoreel.config; print(sorted(m for m in ('av', 'PIL', 'cv2', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_layers_point_down_only():
    """import-linter's contract in pyproject.toml (also run by `make lint`)."""
    linter = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(linter)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:]
