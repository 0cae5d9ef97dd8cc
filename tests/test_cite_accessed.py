"""The date of access is the day the page is read: a page built the day before shows the
visitor's today in the style's own words (GOST in Russian and Kazakh, Chicago in English), its
copy button copies that, and the citation files it links download with that date; without
scripts the build's date stays. The format the browser follows is learnt from citeproc-py
(korme.cite.accessed) and checked here against the engine for dates across the year."""

from __future__ import annotations

import datetime
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from korme.build import BuildOptions, build
from korme.cite.accessed import date_format, words
from korme.cite.styles import STYLES
from tests.cite_site import FIXTURE

BUILT = "1780272000"  # 2026-06-01, the build's day
READ = "2026-06-02T09:30:00+05:00"  # the day after, in Almaty: when the visitor reads it
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
UNDATED = '''- id: map
  title: {kk: "Дала картасы", ru: "Карта степи", en: "Map of the steppe"}
  type: map
  institution: archive
  identifier: "К-7"
'''
DAYS = [datetime.date(2026, m, d) for m, d in ((1, 1), (2, 9), (5, 10), (6, 30), (9, 5),
                                                (12, 31))]


@pytest.mark.parametrize("style", list(STYLES))
def test_the_learnt_format_writes_dates_as_the_engine(style: str) -> None:
    for lang in ("kk", "ru", "en"):
        fmt = date_format(style, lang)
        assert fmt is not None, (style, lang)
        for day in DAYS:
            assert fmt.fill(day) == words(style, lang, day), (style, lang, day)
    assert date_format("gost", "ru").format == "{dd}.{mm}.{y}"  # type: ignore[union-attr]
    assert words("gost", "kk", datetime.date(2026, 6, 2)) == "02.06.2026"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The cite fixture with an undated map (Chicago shows its date of access), built on
    1 June 2026 and served."""
    base = tmp_path_factory.mktemp("accessed")
    site = base / "cite"
    shutil.copytree(FIXTURE, site)
    with (site / "exhibitions/steppe/items.yaml").open("a", encoding="utf-8") as f:
        f.write(UNDATED)
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILT
    try:
        build(BuildOptions(site, base / "out", search=False, quiet=True, workers=1))
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(base / "out")))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/", base / "out"
    srv.shutdown()


def _copied(tab: object, panel: str = ".cite") -> str:
    tab.locator(f"{panel} .cite-copy").click()  # type: ignore[attr-defined]
    for _ in range(100):  # (wait_for_function evaluates strings: the CSP forbids it)
        if tab.evaluate(f"document.querySelector('{panel} .cite-status')"  # type: ignore
                        ".textContent"):
            break
        tab.wait_for_timeout(50)  # type: ignore[attr-defined]
    return str(tab.evaluate("navigator.clipboard.readText()"))  # type: ignore[attr-defined]


CASES = [  # page, style shown, the build's words, the reader's words
    ("ru/steppe/items/reader/", "gost", "(дата обращения: 01.06.2026)",
     "(дата обращения: 02.06.2026)"),
    ("kk/steppe/items/shahnama/", "gost", "(қаралған күні: 01.06.2026)",
     "(қаралған күні: 02.06.2026)"),
    ("en/steppe/items/map/", "chicago", "Accessed June 1, 2026.", "Accessed June 2, 2026."),
]


def test_a_page_built_yesterday_shows_and_copies_today(
        served: tuple[str, Path]) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium")
    from playwright.sync_api import sync_playwright

    server, out = served
    for page, style, _built, _read in CASES:  # as built: the build's date, marked
        html = (out / page / "index.html").read_text("utf-8")
        entry = html.split(f'data-style="{style}"', 2)[2].split("</p>", 1)[0]
        assert '<time class="cite-accessed" datetime="2026-06-01" data-format=' in entry
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                                      timezone_id="Asia/Almaty", accept_downloads=True)
            ctx.clock.set_fixed_time(READ)
            tab = ctx.new_page()
            problems: list[str] = []
            tab.on("pageerror", lambda e: problems.append(str(e)))
            for page, style, built, read in CASES:
                tab.goto(server + page, wait_until="networkidle")
                shown = tab.text_content(f'.cite-entry[data-style="{style}"] .citation') or ""
                assert read in shown and built not in shown, shown
                assert tab.get_attribute(f'.cite-entry[data-style="{style}"] '
                                         "time.cite-accessed", "datetime") == "2026-06-02"
                copied = _copied(tab)
                assert read in copied and copied == " ".join(shown.split()).replace(
                    "\u2068", "").replace("\u2069", "")
            # the files linked beside it carry the same date of access
            tab.goto(server + "ru/steppe/items/reader/", wait_until="networkidle")
            for label, line in (("RIS", "Y2  - 2026/06/02"), ("BibTeX", "urldate = {2026-06-02}")):
                with tab.expect_download() as info:
                    tab.locator(".cite-files a", has_text=label).click()
                text = Path(info.value.path()).read_text("utf-8")
                assert line in text and "2026/06/01" not in text and "2026-06-01" not in text
                assert info.value.suggested_filename == f"reader.{label.lower()[:3]}"
            with tab.expect_download() as info:
                tab.locator(".cite-files a", has_text="CSL-JSON").click()
            import json
            data = json.loads(Path(info.value.path()).read_text("utf-8"))
            assert data[0]["accessed"] == {"date-parts": [[2026, 6, 2]]}
            # and the whole exhibition's, from its catalogue page
            tab.goto(server + "ru/steppe/catalogue/", wait_until="networkidle")
            with tab.expect_download() as info:
                tab.locator(".cite-files a", has_text="RIS").click()
            text = Path(info.value.path()).read_text("utf-8")
            assert "Y2  - 2026/06/02" in text and "2026/06/01" not in text
            assert not problems, problems
            # without scripts: the build's date
            plain = browser.new_page(java_script_enabled=False)
            plain.goto(server + CASES[0][0])
            assert CASES[0][2] in (plain.text_content('.cite-entry[data-style="gost"]') or "")
        finally:
            browser.close()
