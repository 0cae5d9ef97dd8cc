"""``korme serve`` in Debian's Chromium: after a save the browser reloads by itself (livereload)
once, showing the edit: a text edit's page is rendered first and reloaded before the rest of
the site is built; an edit that adds an image reloads once the whole site (the image too) is
built, so the page never shows a broken image. Skipped locally without Chromium; under
CI=true a missing browser is a failure."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, FLAGS, need_chromium
from tests.conftest import copy_site
from tests.publish_servers import stop
from tests.test_serve import free_port, wait_for

need_chromium()

from playwright.sync_api import Page, sync_playwright  # noqa: E402

ITEM = "kk/letters/items/letter-2/"


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    site = copy_site("mini", tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "korme", "serve", "--site", str(site),
                                 "--port", str(port), "--workers", "1"],
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base + ITEM, "Екінші хат", 60)
        yield site, base, log
    finally:
        stop(proc)


def _loads(page: Page) -> list[float]:
    """The times the page (re)loads, from now on."""
    loads: list[float] = []
    page.on("load", lambda: loads.append(time.monotonic()))
    return loads


def _logged(log: Path, text: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text("utf-8", "replace"):
        assert time.monotonic() < deadline, f"never logged {text!r}"
        time.sleep(0.1)


def _rebuilt(log: Path, count: int, seconds: float = 30) -> None:
    """Wait until the server has finished ``count`` rebuilds (its log says so)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.read_text("utf-8", "replace").count("rebuilt ") >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"not rebuilt {count} times: {log.read_text('utf-8', 'replace')}")


def test_the_page_shown_is_rebuilt_first_and_reloaded_once(
        serving: tuple[Path, str, Path]) -> None:
    site, base, log = serving
    items = site / "exhibitions/letters/items.yaml"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(base + ITEM)
        _logged(log, "Browser Connected")  # livereload's handshake: the page is a waiter
        before = log.read_text("utf-8").count("rebuilt ")
        loads = _loads(page)

        # a text edit: the page shown is written first and reloaded once
        items.write_text(items.read_text("utf-8").replace(
            'title: {kk: "Екінші хат"}', 'title: {kk: "Екінші хат (түзетілген)"}'), "utf-8")
        page.wait_for_function("() => document.title.includes('түзетілген')", timeout=30000)
        _rebuilt(log, before + 1)
        page.wait_for_timeout(1000)  # a second reload would come now
        assert len(loads) == 1, loads
        # the rest of the site was built too (the list shows the new title)
        listing = browser.new_page()
        listing.goto(base + "kk/letters/items/")
        assert "Екінші хат (түзетілген)" in listing.content()
        listing.close()

        # an image added: the page reloads again once the image is there, never broken
        del loads[:]
        text = items.read_text("utf-8")
        seal = '      alt: {kk: "Мөр", ru: "Печать"}\n'
        assert seal in text
        from PIL import Image  # a new scan: new derivatives (their names are their content's)

        Image.new("RGB", (300, 200), (120, 90, 40)).save(
            site / "exhibitions/letters/images/back.jpg")
        items.write_text(text.replace(seal, seal + "    - file: images/back.jpg\n"
                                      '      alt: {kk: "Қосымша бет", ru: "Доп. страница"}\n'),
                         "utf-8")
        page.wait_for_selector("img[alt='Қосымша бет']", state="attached", timeout=30000)
        _rebuilt(log, before + 2)
        page.wait_for_timeout(1000)  # a second reload would come now
        assert len(loads) == 1, loads  # once, after the whole site (with the image) was built
        broken = page.evaluate("""() => [...document.images]
            .filter(i => i.complete && i.naturalWidth === 0 && i.currentSrc)
            .map(i => i.currentSrc)""")
        assert broken == []
        added = page.locator("img[alt='Қосымша бет']").first.evaluate(
            "i => fetch(i.src, {cache: 'no-store'}).then(r => r.status)")
        assert added == 200
        browser.close()
