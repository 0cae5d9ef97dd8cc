"""The item page's zoom viewer in Debian's Chromium: opens, zooms with the keyboard and then
loads finer tiles, pages right to left for a right-to-left item, traps focus, closes with
Escape returning focus, works from file://, logs no errors. Skipped locally without Chromium;
under CI=true a missing browser is a failure."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import build_into, copy_site

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing (scripts/test installs it through apt)",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

ITEM = "kk/letters/items/letter-1/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("zoom")
    site = copy_site("mini", base)
    big = Image.linear_gradient("L").resize((2600, 1900)).convert("RGB")  # made here, not kept
    big.paste((150, 40, 20), (1200, 800, 1500, 1100))
    big.save(site / "exhibitions/letters/images/letter-1b.jpg", quality=85)
    out = base / "out"
    assert build_into(site, out) == 0
    return out


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _open(browser: Browser, url: str, problems: list[str], tiles: list[str]) -> Page:
    tab = browser.new_page(viewport={"width": 1000, "height": 700})
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
           else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    tab.on("request", lambda r: tiles.append(r.url.split("/iiif/images/", 1)[1])
           if "/iiif/images/" in r.url else None)
    tab.goto(url, wait_until="networkidle")
    return tab


def _scale(tile: str) -> int:
    """The scale factor of a requested tile path (``ex/item/n/region/size/0/default.jpg``)."""
    region, size = tile.split("/")[3:5]
    if region == "full":
        return 1 if size == "max" else 2  # only the smallest level is a reduced full image
    return round(int(region.split(",")[2]) / int(size.split(",")[0]))


def _idle(tab: Page) -> None:
    tab.wait_for_timeout(150)
    tab.wait_for_load_state("networkidle")


def test_viewer_zooms_and_loads_finer_tiles(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tiles: list[str] = []
    tab = _open(browser, server + ITEM, problems, tiles)
    assert tiles == []  # nothing before the viewer opens
    opener = tab.locator("#image-2 a.zoom-open")
    opener.click()
    assert tab.locator("dialog.viewer").evaluate("d => d.open")
    _idle(tab)
    assert tiles and min(map(_scale, tiles)) > 1  # a screenful: reduced levels only
    coarse = len(tiles)
    for _ in range(6):
        tab.keyboard.press("+")
    _idle(tab)
    fine = tiles[coarse:]
    assert fine, "zooming in requested no tiles"
    assert min(map(_scale, fine)) == 1, fine  # full-resolution tiles
    assert tab.evaluate("document.activeElement.closest('dialog') !== null")
    # focus stays inside the dialog
    for _ in range(15):
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.closest('dialog.viewer') !== null")
    tab.keyboard.press("Escape")
    assert not tab.locator("dialog.viewer").evaluate("d => d.open")
    assert tab.evaluate("document.activeElement.getAttribute('data-page')") == "1"
    assert problems == []
    tab.close()


def test_viewer_pages_right_to_left(browser: Browser, server: str) -> None:
    problems: list[str] = []
    tab = _open(browser, server + ITEM, problems, [])
    tab.locator("#image-1 a.zoom-open").click()
    nxt, prev = tab.locator(".viewer-next"), tab.locator(".viewer-prev")
    assert nxt.bounding_box()["x"] < prev.bounding_box()["x"]  # next is on the left
    assert nxt.get_attribute("aria-label") == "Келесі бет"
    assert tab.locator(".viewer-count").text_content() == "1 / 2"
    # the page's transcription beside it, right to left
    assert tab.locator(".viewer-texts [lang=fa][dir=rtl]").text_content().strip() == "بسم الله"
    nxt.click()
    assert tab.locator(".viewer-count").text_content() == "2 / 2"
    assert nxt.is_disabled() and not prev.is_disabled()
    tab.keyboard.press("PageUp")
    assert tab.locator(".viewer-count").text_content() == "1 / 2"
    assert problems == []
    tab.close()


def test_viewer_works_from_file(browser: Browser, built: Path) -> None:
    problems: list[str] = []
    tiles: list[str] = []
    tab = _open(browser, (built / ITEM / "index.html").as_uri(), problems, tiles)
    tab.locator("#image-2 a.zoom-open").click()
    _idle(tab)
    painted = tab.evaluate("""() => {
        const c = document.querySelector('.viewer-canvas');
        return c.width > 0 && c.height > 0;
    }""")
    assert painted and tiles
    tab.keyboard.press("Escape")
    assert problems == []
    tab.close()


def test_without_javascript_the_image_links_to_the_largest(browser: Browser,
                                                           server: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    tab = ctx.new_page()
    tab.goto(server + ITEM)
    href = tab.locator("#image-2 a.zoom-open").get_attribute("href")
    assert href and href.endswith(".jpg") and "/media/" in href
    assert tab.locator("#image-2 img").evaluate("i => i.complete && i.naturalWidth > 0")
    ctx.close()
