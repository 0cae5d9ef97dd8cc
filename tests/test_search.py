"""Finding and browsing: the Pagefind index per language, script-aware search in Chromium,
facet counts, the timeline's order and century groups. Under CI=true a missing Pagefind or
Chromium is a failure, not a skip."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing", pytrace=False)
    pytest.skip(f"{what} is not installed", allow_module_level=True)


try:
    import pagefind  # noqa: F401
except ImportError:
    _missing("pagefind (pip install 'pagefind[extended]')")


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text("utf-8")


def test_one_index_per_published_language(mini_built: Path) -> None:
    shards = json.loads(read(mini_built, "pagefind/shards.json"))["languages"]
    assert shards == {"kk": ["kk-letters", "kk-site"], "ru": ["ru-letters", "ru-site"]}
    entries = {s: json.loads(read(mini_built, f"pagefind/{s}/pagefind-entry.json"))
               for ss in shards.values() for s in ss}
    assert set(entries["kk-letters"]["languages"]) == {"kk"}
    assert entries["kk-letters"]["languages"]["kk"]["page_count"] == \
        entries["ru-letters"]["languages"]["ru"]["page_count"]
    # Pagefind's own UI bundles are not published
    assert not list((mini_built / "pagefind").rglob("pagefind-ui*"))


def test_search_page_and_header_form(mini_built: Path) -> None:
    html = read(mini_built, "kk/search/index.html")
    assert "script-src 'self' 'wasm-unsafe-eval'" in html
    assert '<script src="../../static/search.js' in html
    item = read(mini_built, "kk/letters/items/letter-1/index.html")
    assert '<form class="site-search" role="search" action="../../../search/" method="get">' \
        in item
    assert "search.js" not in item and "wasm-unsafe-eval" not in item
    assert "<main id=\"main\" tabindex=\"-1\" data-pagefind-body>" in item
    assert "data-pagefind-body" not in read(mini_built, "kk/letters/items/index.html")


def test_item_pages_carry_index_only_spellings_and_filters(mini_built: Path) -> None:
    from korme.search.document import page_document

    html = read(mini_built, "kk/letters/items/shezhire/index.html")
    doc = page_document("kk/letters/items/shezhire/", "kk", html)
    assert doc is not None and {"şejıre", "shejire", "sejire", "كليات"} <= set(doc.forms.split())
    for f in ("century:18", "type:manuscript", "subjects:shejire", "language:fa"):
        assert f'data-pagefind-filter="{f}"' in html


def _facet_counts(html: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for name, key, n in re.findall(r'name="([\w-]+)" value="([\w-]+)">.*?data-key="\2">(\d+)<',
                                   html):
        out.setdefault(name, {})[key] = int(n)
    return out


def test_facet_counts_match_the_items(mini_built: Path) -> None:
    html = read(mini_built, "ru/letters/items/index.html")
    tokens = Counter(t for attr in re.findall(r'data-facets="([^"]*)"', html)
                     for t in attr.split())
    counts = _facet_counts(html)
    assert {f"{n}:{k}": c for n, v in counts.items() for k, c in v.items()} == dict(tokens)
    assert counts["century"] == {"16": 2, "18": 1, "19": 2, "20": 1}  # 1850/1870 counts once
    assert counts["subjects"] == {"poeziia": 2, "shejire": 1}
    assert counts["type"]["manuscript"] == 1 and counts["institution"] == {"library": 4}
    assert html.count('class="item-card"') == 6  # the full list, without JavaScript


def test_a_range_counts_in_every_century_it_touches(site_copy, tmp_path: Path) -> None:
    from tests.conftest import build_into

    site = site_copy("mini")
    items = site / "exhibitions/letters/items.yaml"
    items.write_text(items.read_text("utf-8").replace('"1850/1870"', '"1790/1810"'), "utf-8")
    assert build_into(site, tmp_path / "out") == 0
    counts = _facet_counts(read(tmp_path / "out", "kk/letters/items/index.html"))
    assert counts["century"] == {"16": 2, "18": 2, "19": 2, "20": 1}


def test_timeline_order_and_century_groups(mini_built: Path) -> None:
    html = read(mini_built, "ru/letters/timeline/index.html")
    groups = re.findall(r'<h2 id="(c\d+|undated)">', html)
    assert groups == ["c16", "c18", "c19", "c20"]
    order = re.findall(r'href="\.\./items/([\w-]+)/"', html)
    assert order == ["poems", "letter-2", "shezhire", "petition", "letter-1", "photo-1"]
    assert "XVI век" in html and '<ol class="tl-groups">' in html
    assert '<span class="tl-meta">около 1720 г. · Рукопись</span>' in html
    assert '<span class="tl-meta">1850–1870 гг. · Документ</span>' in html
    assert '<li class="tl-row tl-entry is-range">' in html
    assert '<li class="tl-row tl-entry is-point is-approx">' in html
    assert '<time datetime="1925-05-12">12 мая 1925\u202fг.</time>' in html


def test_subjects_and_institutions_pages(mini_built: Path) -> None:
    html = read(mini_built, "kk/letters/subjects/index.html")
    assert '<h2 id="poeziia">Поэзия <span class="count">(2)</span></h2>' in html
    assert '<a href="#shejire">' in html
    inst = read(mini_built, "ru/letters/institutions/index.html")
    assert '<h2 id="library" class="institution-name">' in inst
    assert inst.count('class="entry ') == 4
    ex = read(mini_built, "kk/letters/index.html")
    for page in ("timeline", "subjects", "institutions"):
        assert f'href="{page}/"' in ex


# --- in Chromium ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(mini_built: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(mini_built)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        _missing(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        yield b
        b.close()


def _search(browser, server: str, lang: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    tab = browser.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.goto(f"{server}{lang}/search/?q={query}", wait_until="networkidle")
    tab.wait_for_function("document.querySelector('[data-status]').textContent !== '' && "
                          "!document.querySelector('[data-status]').textContent.endsWith('…')")
    hrefs = tab.eval_on_selector_all(".result a", "as => as.map(a => a.getAttribute('href'))")
    tab.close()
    assert problems == []
    return hrefs


@pytest.mark.parametrize(("lang", "query"), [
    ("ru", "родословий"),        # Russian
    ("kk", "шежіре"),            # Kazakh Cyrillic
    ("kk", "Şejıre"),            # the same word in the 2021 Latin alphabet
    ("kk", "shejire"),           # in ASCII, as people type it
    ("kk", "sejire"),            # in ASCII without diacritics
    ("kk", "كليات"),             # the Persian title کلیات typed with Arabic letters
    ("kk", "كُلّيات"),            # … and with vowel marks
])
def test_search_finds_the_record_in_any_script(browser, server: str, lang: str,
                                               query: str) -> None:
    hrefs = _search(browser, server, lang, query)
    assert f"/{lang}/letters/items/shezhire/" in hrefs


def test_header_form_leads_to_results_with_thumbnails(browser, server: str) -> None:
    tab = browser.new_page()
    tab.goto(f"{server}kk/letters/", wait_until="networkidle")
    tab.fill("#site-search-q", "Хат")
    tab.press("#site-search-q", "Enter")
    tab.wait_for_selector(".result img")
    assert "/kk/search/?q=" in tab.url
    assert tab.eval_on_selector(".result img", "i => i.complete && i.naturalWidth > 0")
    tab.close()


def test_filters_in_search_and_on_the_items_index(browser, server: str) -> None:
    tab = browser.new_page()
    tab.goto(f"{server}kk/search/?century=16", wait_until="networkidle")
    tab.wait_for_selector(".result")
    found = tab.eval_on_selector_all(".result a", "as => as.map(a => a.getAttribute('href'))")
    assert sorted(found) == ["/kk/letters/items/letter-2/", "/kk/letters/items/poems/"]
    tab.goto(f"{server}ru/letters/items/", wait_until="networkidle")
    tab.check("input[name=subjects][value=poeziia]")
    visible = tab.eval_on_selector_all(".item-card:not([hidden]) a",
                                       "as => as.map(a => a.getAttribute('href'))")
    assert sorted(visible) == ["poems/", "shezhire/"]
    assert tab.text_content("#items-count").strip() == "Показано 2 из 6"
    assert tab.text_content("[data-facet=century] [data-key='18']") == "1"
    tab.close()
