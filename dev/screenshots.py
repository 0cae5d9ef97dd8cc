"""Screenshots of the item viewer for docs/screenshots/: the item page, an image's own page and
the viewer zoomed in (with its navigator and the page's texts open), at 1366×900 and 390×844,
in Kazakh and Russian, from a built sample site.

    python -m korme build --output _site && python dev/screenshots.py _site docs/screenshots

Chromium via Playwright (Debian's /usr/bin/chromium); the pictures are saved as WebP.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

EX = "manuscripts-of-the-steppe"
ITEM = f"{EX}/items/ms-0142/"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _settle(tab: Page) -> None:
    """Wait until every image shown has loaded and the viewer has drawn."""
    for _ in range(200):
        if tab.evaluate("[...document.images].filter(i => i.checkVisibility())"
                        ".every(i => i.complete)"):
            break
        tab.wait_for_timeout(50)
    tab.wait_for_timeout(600)


def _save(tab: Page, path: Path) -> None:
    Image.open(io.BytesIO(tab.screenshot())).save(path, "WEBP", quality=80, method=6)
    print(path)


def shoot(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for lang in ("kk", "ru"):
                for name, (w, h) in SIZES.items():
                    tab = browser.new_page(viewport={"width": w, "height": h})
                    tab.goto(f"{base}{lang}/{ITEM}", wait_until="networkidle")
                    _settle(tab)
                    _save(tab, out / f"item-{lang}-{name}.webp")
                    tab.goto(f"{base}{lang}/{ITEM}f2r/", wait_until="networkidle")
                    _settle(tab)
                    _save(tab, out / f"image-{lang}-{name}.webp")
                    # the viewer: the first page zoomed in on its headpiece with the map of
                    # where it is; beside it its texts (wide screens), under it (phones) the
                    # controls and the filmstrip
                    tab.goto(f"{base}{lang}/{ITEM}f1v/#xywh=percent:15,5,70,30",
                             wait_until="networkidle")
                    if name == "desktop":
                        tab.evaluate("document.querySelectorAll('.viewer-page.is-current "
                                     "details.page-texts').forEach(d => d.open = true)")
                        tab.locator(".viewer-canvas").scroll_into_view_if_needed()
                    else:
                        tab.evaluate("window.scrollBy(0, document.querySelector('.filmstrip')"
                                     ".getBoundingClientRect().bottom - innerHeight + 12)")
                    _settle(tab)
                    _save(tab, out / f"viewer-{lang}-{name}.webp")
                    tab.close()
            browser.close()
    finally:
        srv.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    a = ap.parse_args()
    shoot(a.site, a.out)


if __name__ == "__main__":
    main()
