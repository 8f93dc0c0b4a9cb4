"""Which font draws a piece of text: the bundled default, a CJK font found on the system, or the user's."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from photoreel.errors import FontNotFound

# Where Debian, Fedora, macOS and Windows keep fonts that cover Chinese, Japanese and Korean.
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
# Preferred first: small, complete, common.
_CJK_NAMES = (
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansSC-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "DroidSansFallbackFull.ttf",
    "PingFang.ttc",
    "msyh.ttc",
)
_CJK_INSTALL_HINT = (
    "no font that can draw Chinese, Japanese or Korean text was found; install one "
    "(Debian/Ubuntu: apt-get install fonts-wqy-microhei) or pass a font file with --font"
)

# Unicode blocks that Latin fonts such as Inter do not cover.
_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x30FF),  # CJK punctuation, Hiragana, Katakana
    (0x3100, 0x31FF),  # Bopomofo, Hangul compatibility, Katakana extensions
    (0x3200, 0x4DBF),  # enclosed CJK, compatibility, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),  # Hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half- and full-width forms
    (0x20000, 0x3FFFF),  # extensions B and later
)


def needs_cjk(text: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _CJK_RANGES)


@lru_cache(maxsize=1)
def default_font_path() -> Path:
    """Inter, shipped as a Python package, so titles look the same on every machine."""
    import fontpkg

    return Path(fontpkg.path("Inter"))


@lru_cache(maxsize=1)
def find_cjk_font() -> Path | None:
    override = os.environ.get("PHOTOREEL_CJK_FONT")
    if override:
        return Path(override) if Path(override).is_file() else None
    found: dict[str, Path] = {}
    for root in _FONT_DIRS:
        base = Path(root).expanduser()
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.name in _CJK_NAMES and path.name not in found:
                found[path.name] = path
    for name in _CJK_NAMES:
        if name in found:
            return found[name]
    return None


def font_for(text: str, requested: str | None = None) -> Path:
    """The font file to draw `text` with; raises FontNotFound rather than drawing empty boxes."""
    if requested:
        path = Path(requested).expanduser()
        if not path.is_file():
            raise FontNotFound(f"font file {requested!r} does not exist")
        return path
    if needs_cjk(text):
        cjk = find_cjk_font()
        if cjk is None:
            raise FontNotFound(_CJK_INSTALL_HINT)
        return cjk
    return default_font_path()
