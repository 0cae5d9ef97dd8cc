"""The built mini site: pages per language, lang/dir, alternates, fallbacks, Markdown, links."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import build_into


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text("utf-8")


class Links(HTMLParser):
    """Collects href/src/srcset URLs and element ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        for key in ("href", "src"):
            if a.get(key):
                self.urls.append(a[key] or "")
        if a.get("srcset"):
            self.urls += [part.strip().split(" ")[0] for part in (a["srcset"] or "").split(",")]


PAGES = [
    "kk/", "ru/", "kk/about/", "ru/about/", "kk/letters/", "ru/letters/",
    "kk/letters/introduction/", "ru/letters/introduction/", "kk/letters/archive/",
    "ru/letters/archive/", "kk/letters/items/", "ru/letters/items/",
    "kk/letters/items/letter-1/", "ru/letters/items/letter-1/", "kk/letters/items/letter-2/",
    "ru/letters/items/photo-1/",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_exists_with_its_language(mini_built: Path, page: str) -> None:
    html = read(mini_built, page + "index.html")
    lang = page.split("/")[0]
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert '<link rel="alternate" hreflang="kk"' in html
    assert '<link rel="alternate" hreflang="ru"' in html
    assert '<link rel="alternate" hreflang="x-default"' in html
    assert "Content-Security-Policy" in html
    assert "<script>" not in html  # no inline scripts


def test_language_switcher_leads_to_the_same_page(mini_built: Path) -> None:
    html = read(mini_built, "ru/letters/items/letter-1/index.html")
    assert 'href="../../../../kk/letters/items/letter-1/" hreflang="kk"' in html
    assert '<span aria-current="true" lang="ru" dir="ltr">Русский</span>' in html


def test_fallback_text_is_marked_with_its_language(mini_built: Path) -> None:
    html = read(mini_built, "ru/letters/items/letter-2/index.html")
    assert ('<span lang="kk" dir="ltr" class="fallback">Екінші хат<span class="visually-hidden '
            'fallback-note" lang="ru" dir="ltr" data-pagefind-ignore> (ещё не переведено; '
            'язык: казахский)</span></span>') in html
    # a section with no Russian file shows the Kazakh text, marked as Kazakh
    section = read(mini_built, "ru/letters/archive/index.html")
    assert '<article class="section-article" lang="kk" dir="ltr">' in section


def test_original_titles_are_isolated_right_to_left(mini_built: Path) -> None:
    html = read(mini_built, "kk/letters/items/letter-1/index.html")
    assert '<p class="original-title"><bdi lang="fa" dir="rtl">نامه</bdi></p>' in html
    # a transcription in Persian is shown in Persian, not as a fallback
    assert '<div lang="fa" dir="rtl"><p>بسم الله</p></div>' in html


def test_markdown_extensions(mini_built: Path) -> None:
    html = read(mini_built, "kk/letters/introduction/index.html")
    assert '<a href="../items/letter-2/">екінші хат</a>' in html  # item: link
    assert '<a href="../archive/">келесі бөлім</a>' in html  # section: link
    assert 'class="footnote-ref" href="#fn:1"' in html and '<li id="fn:1">' in html
    assert "<table>" in html and "<th>Жыл</th>" in html
    assert '<h2 id="кесте">Кесте</h2>' in html
    figure = re.search(r'<figure class="inline-item">.*?</figure>', html, re.S)
    assert figure, "::item letter-1 2 places a figure"
    # the second image (400×300 source, widths 120/240), linking to its own page; its
    # caption links to the item page
    assert 'width="240" height="180"' in figure.group(0)
    assert '<a class="figure-image" href="../items/letter-1/2/"' in figure.group(0)
    assert '<a class="figure-link" href="../items/letter-1/">' in figure.group(0)


def test_item_page_metadata_and_reuse(mini_built: Path) -> None:
    html = read(mini_built, "ru/letters/items/letter-1/index.html")
    # a custom field, its label localised (labels are not indexed for search)
    assert "<dt data-pagefind-ignore>Происхождение</dt> <dd>Дар</dd>" in html
    assert "<dt data-pagefind-ignore>Датировка</dt> <dd>1890–1895 гг.</dd>" in html
    assert "<dt data-pagefind-ignore>Язык</dt> <dd>казахский (арабица), персидский</dd>" in html
    assert 'rel="license">Общественное достояние</a>' in html
    assert "<dt data-pagefind-ignore>Источник</dt> <dd>Библиотека, Р-1</dd>" in html
    assert 'class="download"' in html  # public domain: downloadable
    assert '<a href="../../introduction/">Введение</a>' in html  # featured in
    assert 'class="citation"' in html and "/ru/letters/items/letter-1/" in html
    in_copyright = read(mini_built, "kk/letters/items/letter-2/index.html")
    # in copyright: the sizes made (download: largest, the default), never the full size
    assert 'class="download"' in in_copyright and "reuse-full" not in in_copyright


def test_images_first_eager_rest_lazy_with_dimensions(mini_built: Path) -> None:
    html = read(mini_built, "kk/letters/items/letter-1/index.html")
    imgs = re.findall(r"<img [^>]*>", html)
    assert 'fetchpriority="high"' in imgs[0] and 'loading="lazy"' not in imgs[0]
    assert all('loading="lazy"' in i for i in imgs[1:])
    assert all(re.search(r'width="\d+" height="\d+"', i) for i in imgs if "media/" in i)
    assert '<source type="image/avif"' in html


def test_dates_per_language(mini_built: Path) -> None:
    assert "1590 жылдар" in read(mini_built, "kk/letters/items/letter-2/index.html")
    assert "12 мая 1925\u202fг." in read(mini_built, "ru/letters/items/photo-1/index.html")


def test_home_groups_and_partners(mini_built: Path) -> None:
    html = read(mini_built, "kk/index.html")
    assert "Ағымдағы көрмелер" in html
    assert '<a href="https://example.org/library">Кітапхана</a>' in html
    assert "Бұл — сынақ сайты." in html


def test_root_and_404(mini_built: Path) -> None:
    root = read(mini_built, "index.html")
    assert 'data-langs="kk ru"' in root
    assert '<meta http-equiv="refresh" content="0; url=kk/">' in root
    assert '<script src="static/lang.js' in root
    page404 = read(mini_built, "404.html")
    assert 'href="/kk/"' in page404 and 'href="/ru/"' in page404
    assert "Бет табылмады" in page404 and "Страница не найдена" in page404


def test_images_written_once_outside_language_folders(mini_built: Path) -> None:
    media = sorted(p.name for p in (mini_built / "media").iterdir())
    assert media and all(re.match(r"[0-9a-f]{16}-w\d+-q\d+", m) for m in media)
    assert not list((mini_built / "kk").rglob("*.jpg"))
    # a 200×150 source with widths 120/240 is never upscaled: 120 and its own 200
    widths = {int(m.split("-w")[1].split("-")[0]) for m in media if m.startswith(media[-1][:16])}
    assert max(widths) <= 240


def broken_links(out: Path, offline: bool = False) -> list[str]:
    """Relative links and image sources of every page that lead to no file (``offline``: links
    to folders count as broken, since ``file://`` shows no index.html for them)."""
    broken = []
    for page in out.rglob("*.html"):
        if page.name == "404.html" or page.is_relative_to(out / "pagefind"):
            continue  # root-relative by design; Pagefind's own
        parser = Links()
        parser.feed(page.read_text("utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "mailto:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir() and not offline:
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(out)} -> {url}")
    return broken


def test_every_internal_link_resolves(mini_built: Path) -> None:
    assert broken_links(mini_built) == []


def test_rtl_published_language(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    config = (site / "site.yaml").read_text("utf-8").replace("languages: [kk, ru]",
                                                           "languages: [kk, fa]")
    (site / "site.yaml").write_text(config, "utf-8")
    for f in (site / "exhibitions/letters/sections").glob("*.ru.md"):
        f.rename(f.with_name(f.name.replace(".ru.", ".fa.")))
    assert build_into(site, tmp_path / "out") == 0
    html = read(tmp_path / "out", "fa/letters/items/letter-1/index.html")
    assert '<html lang="fa" dir="rtl">' in html
    assert '<bdi lang="fa"' not in html  # Persian is published: the title itself
    assert "<h1>نامه</h1>" in html


def test_alias_redirects_to_the_item(mini_built: Path) -> None:
    html = read(mini_built, "ru/letters/items/photo-old/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../photo-1/">' in html
    assert "Страница перемещена" in html


def test_a_text_naming_the_head_markers_is_left_as_written(site_copy, tmp_path: Path) -> None:
    # the page's style and its CSP hash go where base.html's markers are, never into the text
    site = site_copy("mini")
    items = site / "exhibitions/letters/items.yaml"
    text = items.read_text("utf-8")
    assert "Краткое **описание**." in text
    items.write_text(text.replace("Краткое **описание**.", "Краткое korme-style-hash."), "utf-8")
    assert build_into(site, tmp_path / "out") == 0
    html = (tmp_path / "out/ru/letters/items/letter-1/index.html").read_text("utf-8")
    assert "Краткое korme-style-hash." in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "style-src 'self' 'sha256-" in csp[1] and "korme-style-hash" not in csp[1]
    assert "<style>" in html and "<!--korme:head-style-->" not in html
