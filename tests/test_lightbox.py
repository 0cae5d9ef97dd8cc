"""The gallery lightbox on section pages: a figure opens large with its caption and a link to
the item, arrow keys move between figures, Escape closes and gives focus back."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import build_into
from tests.test_browser import CHROMIUM, FLAGS


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def section_url(site_copy, tmp_path: Path) -> Iterator[str]:
    site = site_copy("mini")
    intro = site / "exhibitions/letters/sections/01-introduction.kk.md"
    intro.write_text(intro.read_text("utf-8").replace(
        "::item letter-1 2", "::item letter-1 2\n\n::item letter-2"), "utf-8")
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/kk/letters/introduction/"
    srv.shutdown()


def test_lightbox_opens_pages_and_closes(section_url: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        tab = browser.new_page()
        errors: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.goto(section_url, wait_until="networkidle")
        first = tab.locator("a[data-lightbox]").first
        first.focus()
        tab.keyboard.press("Enter")
        dialog = tab.locator("dialog.lightbox")
        assert dialog.evaluate("d => d.open")
        assert tab.evaluate("document.activeElement.className") == "lightbox-close"
        # the image's own page (letter-1 has two images), and the item's for a single image
        assert dialog.locator(".lightbox-item").get_attribute("href") == "../items/letter-1/2/"
        assert dialog.locator(".lightbox-close").inner_text() == "Жабу"
        src = dialog.locator(".lightbox-image").get_attribute("src")
        tab.keyboard.press("ArrowRight")
        assert dialog.locator(".lightbox-image").get_attribute("src") != src
        assert dialog.locator(".lightbox-item").get_attribute("href") == "../items/letter-2/"
        for _ in range(100):  # (wait_for_function would need eval, which the page's CSP forbids)
            if tab.evaluate("document.querySelector('.lightbox-image').naturalWidth") > 0:
                break
            tab.wait_for_timeout(50)
        assert tab.evaluate("document.querySelector('.lightbox-image').naturalWidth") > 0
        tab.keyboard.press("Escape")
        assert not dialog.evaluate("d => d.open")
        assert tab.evaluate("document.activeElement.getAttribute('href')") == \
            "../items/letter-1/2/"
        assert errors == []
        browser.close()
