"""The web page in headless Chromium (Debian's), driven by Playwright against a real `photoreel serve`."""

from __future__ import annotations

import httpx

from tests.helpers import facts
from tests.live import Server
from tests.web.pages import wait_for


def test_upload_instruct_export_and_download_in_a_browser(browser, server: Server, tmp_path, make_photo, screenshot):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server.url)
    wait_for(page, "document.getElementById('credits').textContent === '100'")

    photos = [
        make_photo(size=(640, 480), colour=(200, 40, 40)),
        make_photo(size=(640, 480), colour=(40, 200, 40), fmt="HEIF"),
        make_photo(size=(640, 480), colour=(40, 40, 200), fmt="PNG"),
    ]
    page.set_input_files("#files", [str(p) for p in photos])
    page.wait_for_selector("#slides li:nth-child(3)")
    wait_for(page, "document.querySelectorAll('#uploads img').length === 3")  # HEIC included, made by the server
    assert page.locator("#summary").inner_text() == "1. Video: 3 photos (0-9s)"

    page.fill("#say", "square, 2 seconds per photo")
    page.click("#send")
    wait_for(page, "document.getElementById('summary').textContent.includes('0-6s')")
    assert "1:1" in page.locator("#messages").inner_text()
    wait_for(page, "document.getElementById('credits').textContent === '99'")  # refreshed after the turn

    page.click("#slides li:nth-child(1) button.segment")  # selected: its settings open beside the preview
    page.click("#inspector button[aria-label='Remove photo 1']")
    wait_for(page, "document.querySelectorAll('#slides li').length === 2")

    page.select_option("#format", "mp4")
    page.click("#export-button")
    try:
        page.wait_for_selector("#download:not([hidden])", timeout=60_000)
    except Exception:
        notice = page.locator("#notice").inner_text()
        raise AssertionError(f"no result: notice={notice!r} problems={problems}") from None
    href = page.get_attribute("#download", "href")
    assert href and href.startswith("/api/renders/")
    wait_for(page, "document.getElementById('player').readyState >= 1", timeout=20_000)

    video = tmp_path / "from-page.mp4"
    video.write_bytes(httpx.get(server.url + href, timeout=30).content)
    f = facts(video)
    assert (f.width, f.height, f.codec) == (1080, 1080, "h264") and abs(f.duration_s - 4.0) < 0.04

    screenshot(page, "desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        "no sideways scroll on a phone"
    )
    assert problems == []


def test_errors_are_readable_not_raw_json(browser, server: Server, tmp_path):
    page = browser.new_page()
    page.goto(server.url)
    wait_for(page, "document.getElementById('credits').textContent === '100'")
    bad = tmp_path / "notes.jpg"
    bad.write_text("<html>not a photo</html>")
    page.set_input_files("#files", [str(bad)])
    page.wait_for_selector("#uploads .error")
    message = page.locator("#uploads .error").inner_text()
    assert "not a file type we accept" in message and "{" not in message
    page.click("#export-button")
    page.wait_for_selector("#notice:not([hidden])")
    assert "no photos or clips yet" in page.locator("#notice").inner_text()


def test_page_and_assets_have_cache_headers(server: Server):
    page = httpx.get(server.url + "/")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-cache"
    script = httpx.get(server.url + "/static/app.js")
    assert script.status_code == 200 and "max-age" in script.headers["cache-control"]
    assert "javascript" in script.headers["content-type"]


def test_a_file_name_made_of_html_is_shown_as_text(browser, server: Server, tmp_path, make_photo):
    page = browser.new_page()
    page.goto(server.url)
    wait_for(page, "document.getElementById('credits').textContent === '100'")
    name = '<img src=x onerror="window.pwned=1">.png'
    hostile = tmp_path / name
    hostile.write_bytes(make_photo(fmt="PNG").read_bytes())
    page.set_input_files("#files", [str(hostile)])
    wait_for(page, "document.getElementById('uploads').textContent.includes('onerror')")
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None, "the name ran as HTML"
    assert page.locator("img[src='x']").count() == 0
    assert name in page.locator("#uploads").inner_text()


def test_clips_show_in_the_strip_with_poster_and_trim_and_reorder(browser, server: Server, tmp_path, make_photo):
    from tests.clips import write_clip

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server.url)
    wait_for(page, "document.getElementById('credits').textContent === '100'")
    clip = write_clip(tmp_path / "beach.mp4", [(40, 40, 200)] * 2, tone_hz=440)
    page.set_input_files("#files", [str(clip)])
    page.wait_for_selector("#slides li.clip")
    page.set_input_files("#files", [str(make_photo(colour=(200, 40, 40)))])
    page.wait_for_selector("#slides li:nth-child(2)")
    assert page.locator("#summary").inner_text() == "1. Video: 1 photo + 1 clip (0-5s)"
    first = page.locator("#slides li:nth-child(1)")
    assert first.get_attribute("data-kind") == "clip"
    assert "▶ 0:00–0:02 (2.0 s)" in first.inner_text()
    wait_for(page, "document.querySelector('#slides li.clip img').naturalWidth > 0")  # the poster frame

    page.click("#slides li:nth-child(1) button.segment")
    page.click("#inspector button[aria-label='Move clip 1 later']")
    wait_for(page, "document.querySelector('#slides li:nth-child(2)').dataset.kind === 'clip'")
    page.click("#inspector button[aria-label='Remove clip 2']")
    wait_for(page, "document.getElementById('summary').textContent === '1. Video: 1 photo (0-3s)'")
    assert problems == []


def test_an_export_plays_while_it_renders(browser, tmp_path, make_photo):
    server = Server(tmp_path / "server", chunk_s="2").start()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(server.url)
        wait_for(page, "document.getElementById('credits').textContent === '100'")
        assert page.evaluate("MediaSource.isTypeSupported('video/mp4; codecs=\"avc1.640028\"')"), "Chromium plays H.264"
        photos = [make_photo(size=(1280, 960), top=(200, 40 * i, 40), bottom=(40, 40, 200)) for i in range(5)]
        page.set_input_files("#files", [str(p) for p in photos])
        page.wait_for_selector("#slides li:nth-child(5)")
        page.click("#export-button")  # 15 s at 1080p: several seconds of rendering on two cores
        # Playing from a Media Source before the download exists: the leading chunks are on screen.
        wait_for(
            page,
            "document.getElementById('player').src.startsWith('blob:') && "
            "document.getElementById('player').buffered.length > 0 && document.getElementById('download').hidden",
            timeout=60_000,
        )
        buffered = page.evaluate("document.getElementById('player').buffered.end(0)")
        assert 0 < buffered < 15, "part of the video is ready, not all of it"
        page.wait_for_selector("#download:not([hidden])", timeout=90_000)
        wait_for(page, "document.getElementById('player').src.includes('/api/renders/')", timeout=10_000)
        assert problems == []
    finally:
        server.stop()
