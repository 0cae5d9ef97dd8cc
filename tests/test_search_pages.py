"""Search as visitors meet it, in Chromium over the built sample (online and from disk), and
the index behind it: whole and equal Pagefind files in repeated builds, shards indexed again
only where pages changed. Under CI=true a missing Pagefind or Chromium is a failure."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from korme.search.document import FORMS_MARK, page_document
from korme.search.index import SHARD_PAGES, Sharding
from tests.conftest import build_into, copy_site

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
EX = "manuscripts-of-the-steppe"


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing", pytrace=False)
    pytest.skip(f"{what} is not installed", allow_module_level=True)


try:
    import pagefind  # noqa: F401
except ImportError:
    _missing("pagefind (pip install 'pagefind[extended]')")


# --- the index ------------------------------------------------------------------------------
def _pagefind_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted((out / "pagefind").rglob("*")) if p.is_file()}


def test_repeated_builds_write_whole_and_equal_pagefind_files(tmp_path: Path) -> None:
    """Pagefind's service answered before its last writes landed, and closing it cut a file
    short (wasm.unknown.pagefind at 65,536 of 68,024 bytes in one of 8 builds)."""
    site = copy_site("mini", tmp_path)
    builds = []
    for n in range(4):
        shutil.rmtree(site / ".korme-cache" / "search", ignore_errors=True)  # index it all
        out = tmp_path / f"out{n}"
        assert build_into(site, out) == 0
        builds.append(_pagefind_files(out))
    first = builds[0]
    assert all(b == first for b in builds[1:])
    for name, data in first.items():
        if name.endswith(".pagefind") or ".pf_" in name:
            assert gzip.decompress(data), name  # whole: a cut file fails here
    entry = json.loads(first["pagefind/kk-letters/pagefind-entry.json"])
    assert set(entry["languages"]) == {"kk"}
    assert (tmp_path / "out0/pagefind/kk-letters/wasm.unknown.pagefind").stat().st_size == \
        len(first["pagefind/kk-letters/wasm.unknown.pagefind"])


def test_a_file_pagefind_is_still_writing_is_not_taken(tmp_path: Path) -> None:
    from korme.search.engine import _whole

    data = gzip.compress(os.urandom(70_000))
    for name, blob, whole in (("wasm.unknown.pagefind", data, True),
                              ("wasm.unknown.pagefind", data[:65_536], False),
                              ("x.pf_fragment", b"", False),
                              ("pagefind-entry.json", b'{"version":"1.5.2","lang', False),
                              ("pagefind-entry.json", b'{"version":"1.5.2"}', True)):
        (tmp_path / name).write_bytes(blob)
        assert _whole(tmp_path / name) is whole, (name, len(blob))


def test_a_title_edit_indexes_only_the_shards_of_the_changed_pages(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    out = tmp_path / "out"
    assert build_into(site, out) == 0
    manifest = json.loads((out / "pagefind/shards.json").read_text("utf-8"))
    assert manifest["languages"] == {"kk": ["kk-letters", "kk-site"],
                                     "ru": ["ru-letters", "ru-site"]}

    def inodes(shard: str) -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in (out / "pagefind" / shard).rglob("*.pf_*")}

    before = {s: inodes(s) for s in ("kk-letters", "kk-site", "ru-site")}
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace('"Хат"', '"Жаңа хат"'), "utf-8")
    assert build_into(site, out) == 0
    assert inodes("kk-site") == before["kk-site"]  # kept: the same files, linked
    assert inodes("ru-site") == before["ru-site"]
    assert inodes("kk-letters") != before["kk-letters"]  # indexed again


def test_large_exhibitions_are_split_into_runs_of_bounded_size() -> None:
    shard = Sharding({"big": 5000, "small": 40})
    assert shard("kk/small/items/a/index.html") == "kk-small"
    assert shard("ru/about/index.html") == "ru-site"
    runs: dict[str, int] = {}
    for n in range(5000):
        name = shard(f"kk/big/items/i{n}/index.html")
        runs[name] = runs.get(name, 0) + 1
    assert len(runs) == 32 and max(runs.values()) < 2 * SHARD_PAGES
    assert shard("kk/big/introduction/index.html") == shard("kk/big/index.html") == "kk-big"
    assert shard("kk/big/items/i7/index.html") == shard("kk/big/items/i7/index.html")


def test_only_the_content_is_indexed_and_spellings_come_after_the_mark(
        sample_built: Path) -> None:
    html = (sample_built / f"kk/{EX}/items/ms-0142/index.html").read_text("utf-8")
    doc = page_document(f"kk/{EX}/items/ms-0142/", "kk", html)
    assert doc is not None
    for ui in ("Суретті жүктеу", "Транскрипция", "Сілтеме", "Атауы"):
        assert ui not in doc.text
    assert "فردوسی" in doc.text  # the Persian creator, shown on the page
    assert {"sahnama", "shahnama", "şahnama"} <= set(doc.forms.split())
    assert doc.html().index(FORMS_MARK) > doc.html().index("Шаһнама")
    section = (sample_built / f"kk/{EX}/manuscripts/index.html").read_text("utf-8")
    sec = page_document(f"kk/{EX}/manuscripts/", "kk", section)
    assert sec is not None and "qoljazba" in sec.forms.split() and "Бөлім" not in sec.text


# --- in Chromium ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(sample_built: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(sample_built)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        _missing(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


DONE = ("document.querySelector('[data-status]').textContent !== '' && "
        "!document.querySelector('[data-status]').textContent.endsWith('…')")


def _open(browser, url: str):  # type: ignore[no-untyped-def]
    tab = browser.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type in ("error", "warning")
           else None)
    tab.goto(url, wait_until="networkidle" if url.startswith("http") else "load")
    _settle(tab)
    return tab


def _settle(tab) -> None:  # type: ignore[no-untyped-def]
    """Wait for the search to end (polled from here: the page's CSP forbids eval)."""
    for _ in range(400):
        if tab.evaluate(DONE):
            return
        tab.wait_for_timeout(25)
    raise AssertionError("the search did not end")


def _hrefs(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return tab.eval_on_selector_all(".result > a", "as => as.map(a => a.getAttribute('href'))")


def test_typing_and_pressing_enter_lists_each_result_once(browser, server: str) -> None:
    """The submitted search and the debounced one (250 ms later, while the first still loads
    the index) both appended their results: "5 нәтиже" with 10 cards."""
    for query in ("Шаһнама", "қолжазба", "хат", "Шаһнама"):
        tab = browser.new_page()
        tab.goto(f"{server}kk/search/", wait_until="networkidle")
        tab.type("#search-q", query)
        tab.press("#search-q", "Enter")
        tab.wait_for_timeout(700)  # past the debounced search's start
        _settle(tab)
        tab.wait_for_load_state("networkidle")
        hrefs = _hrefs(tab)
        shown = int("".join(ch for ch in tab.text_content("[data-status]") if ch.isdigit()))
        assert len(hrefs) == len(set(hrefs)) == min(shown, 20), query
        tab.close()


def test_filter_counts_follow_the_query(browser, server: str) -> None:
    tab = _open(browser, f"{server}ru/search/?q=Шахнаме")
    counts = tab.eval_on_selector_all(
        ".facet-count", "s => Object.fromEntries(s.map(x => [x.dataset.key, +x.textContent]))")
    assert counts["16"] >= 1 and counts["manuscript"] >= 1
    assert counts["20"] == 0  # nothing found is from the 20th century
    tab.check("input[name=century][value='16']")
    _settle(tab)
    assert tab.text_content("[data-facet=century] [data-key='16']") == str(counts["16"])
    tab.close()


def test_excerpts_keep_spaces_and_show_no_extra_spellings(browser, server: str) -> None:
    tab = _open(browser, f"{server}kk/search/?q=Shahnama")
    excerpts = tab.eval_on_selector_all(".result-excerpt", "ps => ps.map(p => p.textContent)")
    assert excerpts and all("shahnama" not in e.lower() for e in excerpts)
    assert all("sahnama" not in e.lower() and "Суретті жүктеу" not in e for e in excerpts)
    after = tab.eval_on_selector_all(
        ".result-excerpt mark", "ms => ms.map(m => m.nextSibling && m.nextSibling.textContent)")
    assert after and all(a is None or a[:1] in (" ", "") for a in after)
    tab.close()


@pytest.mark.parametrize("query", ["Шаһнама", "Şahnama", "Shahnama", "sahnama"])
def test_latin_and_ascii_kazakh_find_sections_and_landing_pages_too(
        browser, server: str, query: str) -> None:
    hrefs = _hrefs(_open(browser, f"{server}kk/search/?q={query}"))
    assert f"/kk/{EX}/items/ms-0142/" in hrefs
    assert f"/kk/{EX}/introduction/" in hrefs and f"/kk/{EX}/" in hrefs


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_original_language_value_finds_the_item_in_every_language(
        browser, server: str, lang: str) -> None:
    tab = _open(browser, f"{server}{lang}/search/?q=فردوسی")
    assert _hrefs(tab) == [f"/{lang}/{EX}/items/ms-0142/"]
    tab.close()


def test_language_switcher_keeps_the_query_and_pages_have_no_empty_thumbnail(
        browser, server: str) -> None:
    tab = _open(browser, f"{server}kk/search/?q=Шаһнама")
    href = tab.get_attribute(".lang-switch a[hreflang=ru]", "href")
    assert href.endswith("/ru/search/?q=%D0%A8%D0%B0%D2%BB%D0%BD%D0%B0%D0%BC%D0%B0")
    rows = tab.eval_on_selector_all(".result", "rs => rs.map(r => [r.querySelector('a')"
                                    ".getAttribute('href'), !!r.querySelector('.result-thumb')])")
    assert (f"/kk/{EX}/items/ms-0142/", True) in [tuple(r) for r in rows]
    assert (f"/kk/{EX}/introduction/", False) in [tuple(r) for r in rows]
    tab.click(".lang-switch a[hreflang=ru]")
    _settle(tab)
    assert tab.input_value("#search-q") == "Шаһнама"
    tab.close()


# --- offline: the same pages from disk ------------------------------------------------------
QUERIES = [
    ("kk", "Шаһнама"), ("kk", "Şahnama"), ("kk", "Shahnama"), ("kk", "sahnama"),
    ("kk", "қолжазба"), ("kk", "qoljazba"), ("kk", "колжазба"), ("kk", "Жібек"),
    ("kk", "Jıbek"), ("kk", "jibek"), ("kk", "Қожа Ахмет"), ("kk", "Qoja Ahmet"),
    ("ru", "рукопись"), ("ru", "рукописные книги"), ("ru", "родословие"), ("ru", "Абулькасим"),
    ("kk", "فردوسی"), ("ru", "شاهنامه"), ("kk", "يسوي"), ("ru", "карта"),
]


def test_offline_search_finds_what_online_search_finds(browser, server: str,
                                                       sample_offline: Path) -> None:
    found = 0
    for lang, query in QUERIES:
        online = _open(browser, f"{server}{lang}/search/?q={query}")
        offline = _open(browser, f"{sample_offline.as_uri()}/{lang}/search/index.html?q={query}")
        want = sorted(h.removeprefix("/") for h in _hrefs(online))
        got = sorted(h.removeprefix("../../").removesuffix("index.html")
                     for h in _hrefs(offline))
        assert got == want, query
        assert offline.problems == []
        found += bool(want)
        online.close()
        offline.close()
    assert found >= 18


def test_offline_stemmer_matches_snowball(browser, sample_offline: Path) -> None:
    snowball = pytest.importorskip("snowballstemmer").stemmer("russian")
    data = (sample_offline / "pagefind/offline/ru.js").read_text("utf-8")
    pages = json.loads(data[data.index("] = ") + 4:data.rindex(";")])["pages"]
    words = sorted({w for page in pages for w in re.findall(r"[а-яё]+", page[3].lower())} |
                   {"рукописями", "знаменитейшие", "бегущий", "ёлка", "читавшись"})
    assert len(words) > 1000
    tab = browser.new_page()
    tab.goto(f"{sample_offline.as_uri()}/ru/search/index.html")
    got = tab.evaluate("ws => ws.map(w => window.kormeStem.ru(w))", words)
    assert got == snowball.stemWords(words)
    tab.close()
