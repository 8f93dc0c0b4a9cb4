"""The page's browser tests: Debian's Chromium driven by Playwright against a real `photoreel serve`, and the
screenshots they take, kept under test-report/screenshots and listed at the end of the run."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.live import Server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-report" / "screenshots"
_taken: list[Path] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium (.ci/run installs Debian's chromium)")
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _pages_closed(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test's pages are closed after it: a page left open behind the next test's keeps polling, and the
    newest page may not get the focus a file chooser opened from the keyboard needs."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:  # type: ignore[attr-defined]
            context.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "server").start()
    yield s
    s.stop()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest, record_property: Callable[[str, object], None]) -> Callable[..., Path]:
    """Save a full-page screenshot for the test report: test-report/screenshots/<test>-<name>.png."""

    def take(page: object, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        test = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)
        path = SCREENSHOTS / f"{test}-{name}.png"
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        record_property(f"screenshot-{name}", str(path))
        _taken.append(path)
        return path

    return take


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _taken:
        terminalreporter.write_sep("-", f"{len(_taken)} screenshots of the page")
        for path in _taken:
            terminalreporter.write_line(str(path))
