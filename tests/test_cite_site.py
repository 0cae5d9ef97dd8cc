"""Cite and re-use in a built site (tests/fixtures/cite): the item and image pages' citations in
every style with a switcher, their ``citation_*`` tags, the re-use panel obeying ``download:``
and the rights, the full-size download without metadata, the citation files linked from the
catalogue, citations kept in the build cache, and the switcher and copy button in Chromium."""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import pytest
import rispy
from PIL import Image

from korme.build import BuildOptions, BuildResult, build
from korme.l10n import Catalog
from tests.cite_site import FIXTURE
from tests.test_cite_exports import ZOTERO_HIGHWIRE, ZOTERO_SEPARATE

EPOCH = "1780272000"  # 2026-06-01: the date of access the citations show
GPS = 0x8825
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
       b'<dc:creator>Secret Photographer</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')


def _with_metadata(path: Path, size: tuple[int, int]) -> None:
    """A photograph-like JPEG carrying EXIF (artist, GPS) and XMP, as a camera leaves it."""
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    exif = Image.Exif()
    exif[0x013B] = "Secret Photographer"  # Artist
    exif[0x010F] = "CameraMaker"  # Make
    exif.get_ifd(GPS).update({1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)})
    im.save(path, quality=92, exif=exif, xmp=XMP)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuildResult]:
    base = tmp_path_factory.mktemp("cite-site")
    site = base / "cite"
    shutil.copytree(FIXTURE, site)
    images = site / "exhibitions/steppe/images"
    _with_metadata(images / "title.jpg", (600, 400))  # reader: public domain, download: full
    _with_metadata(images / "abai.jpg", (600, 400))  # abai: in copyright, download: full
    _with_metadata(images / "f1v.jpg", (600, 400))  # shahnama: no copyright (NC), site's largest
    items = site / "exhibitions/steppe/items.yaml"
    items.write_text(items.read_text("utf-8").replace(
        '  identifier: "Р-142"\n', '  identifier: "Р-142"\n  download: none\n'), "utf-8")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        out = base / "out"
        result = build(BuildOptions(site, out, search=False, quiet=True, workers=1))
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return site, out, result


class _Page(HTMLParser):
    """The meta tags, and every element's attributes with the text inside it, by class."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "name" in a and "content" in a:
            self.meta.append((a["name"], a["content"]))
        if tag == "a":
            self.links.append(a)


def page(out: Path, path: str) -> tuple[str, _Page]:
    html = (out / path / "index.html").read_text("utf-8")
    parsed = _Page()
    parsed.feed(html)
    return html, parsed


def entries(html: str) -> list[tuple[str, bool, str]]:
    """The citation entries: (style, hidden, their text as copied: no isolates)."""
    return [(m[1], bool(m[2]), re.sub(r"[\u2066-\u2069]", "", unescape(re.sub(r"<[^>]+>", "",
                                                                              m[3]))))
            for m in re.finditer(r'<div class="cite-entry" data-style="(\w+)"( hidden)?>\s*'
                                 r'<p class="citation" data-copy>(.*?)</p>', html)]


def panel(html: str) -> str:
    found = re.search(r'<section class="reuse".*?</section>', html, re.S)
    assert found
    return found.group(0)


@pytest.mark.parametrize(("lang", "style"), [("kk", "gost"), ("ru", "gost"), ("en", "chicago")])
def test_item_page_citations_and_switcher(built: tuple[Path, Path, BuildResult], lang: str,
                                          style: str) -> None:
    html, _ = page(built[1], f"{lang}/steppe/items/reader")
    found = entries(html)
    assert [s for s, _h, _t in found] == [style, *(s for s in ("gost", "chicago", "apa", "mla")
                                                   if s != style)]
    assert [hidden for _s, hidden, _t in found] == [False, True, True, True]  # no JS: the default
    assert f'data-style="{style}" aria-pressed="true"' in html
    assert html.count('class="cite-style"') == 4 and "data-cite-switch hidden" in html
    assert "cite.js" in html
    texts = dict((s, t) for s, _h, t in found)
    assert "01.06.2026" in texts["gost"]  # the build's date of access
    assert f"https://example.org/vr/{lang}/steppe/items/reader/" in texts["mla"]
    if lang == "ru":
        assert texts["gost"].startswith("Алтынсарин, И. Киргизская хрестоматия = Қырғыз "
                                        "хрестоматиясы / И. Алтынсарин. – Оренбург : Типография")


def test_item_page_highwire_tags(built: tuple[Path, Path, BuildResult]) -> None:
    _html, parsed = page(built[1], "ru/steppe/items/reader")
    tags = [(n, v) for n, v in parsed.meta if n.startswith("citation_") or n == "DC.type"]
    for name, _v in tags:
        assert name in ZOTERO_HIGHWIRE or name in ZOTERO_SEPARATE or name == "DC.type", name
    values = dict(tags)
    assert values["citation_title"] == "Киргизская хрестоматия"
    assert [v for n, v in tags if n == "citation_author"] == ["Алтынсарин, Ибрай"]
    assert values["citation_date"] == "1879"
    assert values["citation_publisher"] == "Типография Губернского правления"
    assert values["citation_public_url"] == "https://example.org/vr/ru/steppe/items/reader/"
    assert values["DC.type"] == "book"


def test_image_page_cites_the_folio(built: tuple[Path, Path, BuildResult]) -> None:
    out = built[1]
    folder = "f1v"  # the image's page (korme.imagepages: its label in ASCII)
    html, parsed = page(out, f"ru/steppe/items/shahnama/{folder}")
    values = dict(parsed.meta)
    assert values["citation_title"] == "Шахнаме, f. 1v"
    assert values["citation_public_url"].endswith(f"/ru/steppe/items/shahnama/{folder}/")
    gost = dict((s, t) for s, _h, t in entries(html))["gost"]
    assert "Р-142. Л. 1 об." in gost, gost
    assert 'class="cite-note"' in html  # Chicago, APA, MLA: the note naming the folio
    reuse = panel(html)
    assert "Фото: А. Сеитов" in reuse  # the image's own credit
    assert "reuse-downloads" not in reuse  # the item says download: none
    assert 'class="download"' not in html  # nor in the viewer


def test_reuse_panel_obeys_download_and_rights(built: tuple[Path, Path, BuildResult]) -> None:
    out = built[1]
    reader = panel(page(out, "en/steppe/items/reader")[0])  # public domain, download: full
    assert 'rel="license">Public domain' in reader and "rights-cc-pdm" in reader
    full = re.search(r'<a class="reuse-full" href="([^"]+)" download>full size \(600 × 400 px\)',
                     reader)
    assert full, reader
    assert re.search(r"media/[0-9a-f]{16}-full-w600-q90-e\d+\.jpg$", full.group(1))
    assert 'class="reuse-size"' in reader  # and the sizes made
    abai = panel(page(out, "ru/steppe/items/abai")[0])  # in copyright, download: full
    assert "reuse-full" not in abai and 'class="reuse-size"' in abai
    assert "Права не позволяют скачать изображение в полном размере." in abai
    assert 'rel="license">Охраняется авторским правом' in abai
    shahnama = panel(page(out, "kk/steppe/items/shahnama")[0])  # download: none
    assert "reuse-downloads" not in shahnama and "reuse-full" not in shahnama
    assert "Қазақстан Республикасының Ұлттық кітапханасы, Р-142" in shahnama  # credit line
    assert "iiif/steppe/shahnama/manifest.json" in shahnama
    # only the allowed image has a full-size file
    fulls = sorted(p.name for p in (out / "media").glob("*-full-*"))
    assert len(fulls) == 1 and fulls[0] == full.group(1).rsplit("/", 1)[1]


def test_full_size_download_has_no_metadata(built: tuple[Path, Path, BuildResult]) -> None:
    site, out, _ = built
    source = Image.open(site / "exhibitions/steppe/images/title.jpg")
    assert source.getexif() and "xmp" in source.info  # the original carries them
    path = next((out / "media").glob("*-full-*"))
    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (600, 400)
        assert not im.getexif() and not im.getexif().get_ifd(GPS)
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(im.info)
    for marker in (b"Exif\0", b"http://ns.adobe.com/xap", b"Secret Photographer",
                   b"CameraMaker"):
        assert marker not in data


def test_citation_files_parse_and_are_linked(built: tuple[Path, Path, BuildResult]) -> None:
    out = built[1]
    for lang in ("kk", "ru", "en"):
        _html, parsed = page(out, f"{lang}/steppe/catalogue")
        hrefs = [a["href"] for a in parsed.links if a["href"].startswith("../cite/")]
        assert hrefs == ["../cite/steppe.bib", "../cite/steppe.ris", "../cite/steppe.json"]
        folder = out / lang / "steppe/cite"
        records = json.loads((folder / "steppe.json").read_text("utf-8"))
        ris = rispy.loads((folder / "steppe.ris").read_text("utf-8"))
        library = bibtexparser.parse_string((folder / "steppe.bib").read_text("utf-8"))
        assert not library.failed_blocks
        titles = [r["title"] for r in records]
        assert len(titles) == 3 and titles == [e["title"] for e in ris]
        assert titles == [e.fields_dict["title"].value.strip("{}") for e in library.entries]
        for ident in ("shahnama", "reader", "abai"):
            one = json.loads((folder / f"items/{ident}.json").read_text("utf-8"))
            assert one == [r for r in records if r["id"] == f"steppe/{ident}"]
            assert len(rispy.loads((folder / f"items/{ident}.ris").read_text("utf-8"))) == 1
        _html, item = page(out, f"{lang}/steppe/items/reader")
        assert [a["href"] for a in item.links if "cite/items" in a["href"]] == [
            "../../cite/items/reader.bib", "../../cite/items/reader.ris",
            "../../cite/items/reader.json"]


def test_build_tells_the_curator(built: tuple[Path, Path, BuildResult]) -> None:
    report = built[2].report
    texts = [d.text(Catalog.english()) for d in report.warnings]
    assert any("item 'abai': 'download: full' is not possible" in t for t in texts), texts


def test_a_rebuild_formats_no_citation(built: tuple[Path, Path, BuildResult],
                                       tmp_path: Path) -> None:
    site, _out, first = built
    reused, made = first.cache["citations"]
    assert made > 0
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:  # a new output folder: every page rendered again, every citation from the cache
        again = build(BuildOptions(site, tmp_path / "out", search=False, quiet=True, workers=1))
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    assert again.rendered == first.rendered
    assert again.cache["citations"] == (reused + made, 0)


# the switcher and the copy button in Debian's Chromium --------------------------------------
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built: tuple[Path, Path, BuildResult]) -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built[1])))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


def test_switcher_and_copy_in_chromium(built: tuple[Path, Path, BuildResult],
                                       server: str) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                                      timezone_id="Asia/Almaty")
            ctx.clock.set_fixed_time("2026-06-02T10:00:00+05:00")  # the day after the build
            tab = ctx.new_page()
            problems: list[str] = []
            tab.on("pageerror", lambda e: problems.append(str(e)))
            tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            tab.goto(server + "ru/steppe/items/reader/", wait_until="networkidle")
            visible = "[...document.querySelectorAll('.cite-entry')].filter(e => !e.hidden)" \
                      ".map(e => e.dataset.style)"
            assert tab.evaluate(visible) == ["gost"]
            assert tab.locator(".cite .cite-styles").is_visible()
            tab.get_by_role("button", name="APA").click()
            assert tab.evaluate(visible) == ["apa"]
            assert tab.get_attribute('.cite-style[data-style="apa"]', "aria-pressed") == "true"
            assert tab.get_attribute('.cite-style[data-style="gost"]', "aria-pressed") == "false"
            tab.locator(".cite .cite-copy").click()
            for _ in range(100):  # (wait_for_function evaluates strings: the CSP forbids it)
                if tab.evaluate("document.querySelector('.cite .cite-status').textContent"):
                    break
                tab.wait_for_timeout(50)
            copied = tab.evaluate("navigator.clipboard.readText()")
            expected = dict((s, t) for s, _h, t in entries(
                page(built[1], "ru/steppe/items/reader")[0]))["apa"]
            assert copied == expected and copied.startswith("Алтынсарин, И. (1879).")
            assert tab.text_content(".cite .cite-status") == "Скопировано"
            # the choice is remembered on the next page
            tab.goto(server + "ru/steppe/items/abai/", wait_until="networkidle")
            assert tab.evaluate(visible) == ["apa"]
            tab.locator(".reuse .cite-copy").click()
            assert tab.evaluate("navigator.clipboard.readText()").startswith("Абай с учениками.")
            # a Persian parallel title: isolated on the page, copied without the isolates
            tab.goto(server + "ru/steppe/items/shahnama/", wait_until="networkidle")
            tab.get_by_role("button", name="ГОСТ Р 7.0.100-2018").click()
            tab.locator(".cite .cite-copy").click()
            html = tab.inner_html('.cite-entry[data-style="gost"] .citation')
            assert "\u2068شاهنامه\u2069" in html
            # with the reader's date of access, the day the page is read
            assert tab.evaluate("navigator.clipboard.readText()") == _engine_text(built[0])
            assert "(дата обращения: 02.06.2026)" in _engine_text(built[0])
            assert not problems, problems
            # without scripts: the default style only, no switcher, no copy button
            plain = browser.new_page(java_script_enabled=False)
            plain.goto(server + "kk/steppe/items/reader/")
            assert plain.locator(".cite-entry[data-style='gost']").is_visible()
            assert not plain.locator(".cite-entry[data-style='apa']").is_visible()
            assert not plain.locator(".cite-styles").is_visible()
            assert not plain.locator(".cite-copy").first.is_visible()
        finally:
            browser.close()


def _engine_text(site_dir: Path) -> str:
    """The GOST citation of the Shahnameh's page in Russian as korme.cite writes it, read on
    2 June 2026."""
    import datetime

    from korme.build import load_model
    from korme.cite import cite
    from korme.errors import Report
    from tests.cite_site import item, url

    site = load_model(site_dir, Report())
    assert site is not None
    ex, it = item(site, "shahnama")
    return cite(it, None, "ru", "gost", url("ru", "shahnama"), datetime.date(2026, 6, 2),
                site=site, exhibition=ex).text


class _Store(dict):  # type: ignore[type-arg]
    """A stand-in for the build cache's store (korme.cache.Store's get and put)."""

    def put(self, key: object, value: object) -> None:
        self[key] = value


def test_kept_citations_follow_the_date_of_access(tmp_path: Path) -> None:
    """A citation is kept once whatever the day; taken back on another day, it carries that
    day's date exactly as one formatted afresh (GOST's 11.11.2011 shares digits with the
    stand-in date's 11.11.1111)."""
    import datetime

    from korme.cite import cite
    from tests.cite_site import item, load, url

    site, _ = load(tmp_path)
    store = _Store()
    days = [datetime.date(2026, 3, 1), datetime.date(2011, 11, 11), datetime.date(2026, 11, 1)]
    for n, day in enumerate(days):
        for ident in ("shahnama", "reader"):
            ex, it = item(site, ident)
            for lang in ("kk", "en"):
                for style in ("gost", "chicago", "apa", "mla"):
                    for img in (None, it.images[-1]):
                        fresh = cite(it, img, lang, style, url(lang, ident), day, site=site,
                                     exhibition=ex)
                        kept = cite(it, img, lang, style, url(lang, ident), day, site=site,
                                    exhibition=ex, kept=store)
                        assert kept == fresh
        if n == 0:
            count = len(_citations(store))
    assert len(_citations(store)) == count  # nothing formatted again on the other days
    assert not any("11.11.2011" in v[2] for v in _citations(store))  # kept with the stand-in


def _citations(store: _Store) -> list[tuple[str, ...]]:
    """The kept citations (the other values are each day's words of the date)."""
    return [v for k, v in store.items() if isinstance(k, str)]


def _cite_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.glob("*/steppe/cite/**/*")) if p.is_file()}


def test_citation_files_follow_edits_and_workers(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An item's citation files are kept in the build cache under what they are made from:
    an edit of the item, of its institution or of the exhibition's title, and another day,
    each give the files of a fresh build; made by forked workers, they are the same."""
    import korme.cite.files as cite_files

    site = tmp_path / "cite"
    shutil.copytree(FIXTURE, site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"
    build(BuildOptions(site, out, search=False, quiet=True, workers=1))
    edits = [("exhibitions/steppe/items.yaml", 'ru: "Шахнаме"', 'ru: "Шахнаме Фирдоуси"'),
             ("content/institutions.yaml", 'ru: "Центральный государственный архив"',
              'ru: "Центральный архив"'),
             ("exhibitions/steppe/exhibition.yaml", 'ru: "Памятники степи"',
              'ru: "Сокровища степи"'),
             # another day (and an edit: a build with nothing changed keeps the site)
             ("exhibitions/steppe/items.yaml", 'kk: "Шаһнама"', 'kk: "Шаһнаме"')]
    for n, (name, old, new) in enumerate(edits):
        if n == len(edits) - 1:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400 * 3))
        path = site / name
        assert old in path.read_text("utf-8")
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
        again = build(BuildOptions(site, out, search=False, quiet=True, workers=1))
        assert again.rendered and again.cache["citations"][1] > 0, n  # some made again
        fresh_site = tmp_path / f"fresh{n}"
        shutil.copytree(site, fresh_site, ignore=shutil.ignore_patterns(".korme-cache"))
        fresh = tmp_path / f"fresh-out{n}"
        build(BuildOptions(fresh_site, fresh, search=False, quiet=True, workers=1))
        assert _cite_files(out) == _cite_files(fresh), name
    kept = _cite_files(out)
    assert "Центральный архив" in kept["ru/steppe/cite/items/abai.ris"].decode()
    assert "Y2  - 2026/06/04" in kept["ru/steppe/cite/items/abai.ris"].decode()
    assert "Сокровища степи" in kept["ru/steppe/cite/steppe.bib"].decode()
    monkeypatch.setattr(cite_files, "PARALLEL_MIN", 1)
    monkeypatch.setattr(cite_files, "CHUNK", 1)
    forked = tmp_path / "forked"
    shutil.copytree(site, forked, ignore=shutil.ignore_patterns(".korme-cache"))
    build(BuildOptions(forked, tmp_path / "forked-out", search=False, quiet=True, workers=2))
    assert _cite_files(tmp_path / "forked-out") == kept
