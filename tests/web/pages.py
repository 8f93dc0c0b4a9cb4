"""Helpers for driving the page: waiting on what it shows, and moving focus with the keyboard only."""

from __future__ import annotations

import time


def wait_for(page: object, expression: str, timeout: float = 30_000) -> None:
    """Poll a JavaScript expression from here: the page's Content-Security-Policy forbids eval, which
    Playwright's own `wait_for_function` needs (its `evaluate` goes through the DevTools protocol instead)."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def tab_to(page: object, selector: str, most: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus (as a keyboard user reaches it)."""
    for _ in range(most):
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):  # type: ignore[attr-defined]
            return
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
    raise AssertionError(f"{selector} cannot be reached with Tab")


def run_names(page: object) -> list[str]:
    """The video track's segments, in order, by the names in their labels."""
    labels = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('#slides button.segment')].map(b => b.getAttribute('aria-label'))"
    )
    return [label.split(": ", 1)[1].rsplit(",", 1)[0] for label in labels]
