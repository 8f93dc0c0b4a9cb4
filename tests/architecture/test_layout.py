"""The README's layout section matches the tree: every package is listed, and nothing listed is missing."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _layout_block() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Layout\n") :]
    return section[section.index("```\n") + 4 : section.index("```\n", section.index("```\n") + 4)]


def test_every_package_is_in_the_readme_layout_and_every_listed_one_exists() -> None:
    listed = set(re.findall(r"^  ([a-z_]+)/ ", _layout_block(), flags=re.MULTILINE))
    present = {p.name for p in (ROOT / "photoreel").iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert listed == present


def test_every_test_folder_is_named_in_the_layout() -> None:
    block = _layout_block()
    tests_line = block[block.index("tests/") :]
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert {name for name in folders if not re.search(rf"\b{name}\b", tests_line)} == set()
