"""The built sample site as checkers see it: valid HTML (the Nu HTML Checker), no broken links,
unique titles and descriptions, canonical, social cards, JSON-LD, sitemap, robots.txt, and the
weight of what a first view of an item page needs.

The Nu checker is npm's ``vnu-jar`` (scripts/test installs it into ``.tools/``) run by Java;
without them the test is skipped locally, and fails under CI=true.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from korme.dates import parse_date
from korme.render.seo import iso_date, json_ld
from tests.conftest import REPO
from tests.test_pages import broken_links

VNU = REPO / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BASE = "https://example.org/korme-sample/"
EX = "manuscripts-of-the-steppe"


def pages(out: Path) -> dict[str, str]:
    """Every page of the site (not redirects, Pagefind's or the 404 page) by its folder."""
    found = {}
    for f in sorted(out.rglob("index.html")):
        rel = f.parent.relative_to(out).as_posix() + "/"
        html = f.read_text("utf-8")
        if rel.startswith("pagefind") or 'http-equiv="refresh"' in html:
            continue
        found["" if rel == "./" else rel] = html
    return found


def head(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html.split("</head>")[0])


def test_nu_html_checker_finds_no_errors(sample_built: Path) -> None:
    java = shutil.which("java")
    if not VNU.is_file() or java is None:
        message = "the Nu HTML Checker needs java and .tools/ (scripts/test installs vnu-jar)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         str(sample_built)], capture_output=True, text=True, timeout=600)
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/out/')[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    assert errors == [], "\n".join(errors[:30])


def test_no_broken_links_in_the_sample(sample_built: Path) -> None:
    assert broken_links(sample_built) == []


def test_titles_and_descriptions_are_unique(sample_built: Path) -> None:
    titles, descriptions = Counter(), Counter()
    for rel, html in pages(sample_built).items():
        title = head(html, r"<title>(.+?)</title>")
        description = head(html, r'<meta name="description" content="([^"]+)"')
        assert title and description, rel
        titles[title[0]] += 1
        descriptions[description[0]] += 1
        assert "**" not in description[0], rel  # Markdown is written out as text
    assert [t for t, n in titles.items() if n > 1] == []
    assert [d for d, n in descriptions.items() if n > 1] == []


def test_canonical_alternates_and_cards(sample_built: Path) -> None:
    for rel, html in pages(sample_built).items():
        if not rel:
            continue  # the root language chooser
        assert head(html, r'<link rel="canonical" href="([^"]+)"') == [BASE + rel], rel
        hreflangs = head(html, r'<link rel="alternate" hreflang="([^"]+)"')
        assert {"kk", "ru", "en", "x-default"} <= set(hreflangs), rel
        assert head(html, r'<meta property="og:url" content="([^"]+)"') == [BASE + rel]
        assert head(html, r'<meta name="twitter:card" content="(\w+)"'), rel
        for image in head(html, r'<meta property="og:image" content="([^"]+)"'):
            assert image.startswith(BASE + "media/") and image.endswith(".jpg")
            assert (sample_built / image.removeprefix(BASE)).is_file()
    item = pages(sample_built)[f"ru/{EX}/items/ms-0142/"]
    assert head(item, r'<meta name="twitter:card" content="(\w+)"') == ["summary_large_image"]


def _json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.+?)</script>', html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_of_exhibitions_and_items(sample_built: Path) -> None:
    site = pages(sample_built)
    ex = _json_ld(site[f"en/{EX}/"])
    assert ex["@type"] == "ExhibitionEvent" and ex["startDate"] == "2026-01-21"
    assert ex["inLanguage"] == "en" and ex["image"].startswith(BASE + "media/")
    ms = _json_ld(site[f"kk/{EX}/items/ms-0142/"])
    assert ms["@type"] == "Manuscript" and ms["name"] == "Шаһнама"
    assert ms["inLanguage"] == ["fa"] and ms["dateCreated"] == "1590/1599"
    assert ms["provider"]["name"] and ms["license"].startswith("https://creativecommons.org/")
    assert ms["image"]["contentUrl"].startswith(BASE + "media/")
    kinds = {_json_ld(site[f"en/{EX}/items/{i}/"])["@type"]
             for i in [p.split("/")[-2] for p in site if p.startswith(f"en/{EX}/items/")
                       and p.count("/") == 4]}
    assert {"Manuscript", "Book", "ArchiveComponent"} <= kinds
    letters = [_json_ld(h) for p, h in site.items() if p.startswith(f"en/{EX}/items/")
               and p.count("/") == 4 and '"@type":"ArchiveComponent"' in h]
    assert all("holdingArchive" in d for d in letters)


def test_json_ld_cannot_close_its_script() -> None:
    text = json_ld({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script>")
    assert iso_date(parse_date("~1720")) == "1720" and iso_date(parse_date("1905-03")) == "1905-03"


def test_sitemap_and_robots(sample_built: Path) -> None:
    robots = (sample_built / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(sample_built / "sitemap.xml")
    urls = tree.findall("s:url", ns)
    locs = [u.find("s:loc", ns).text or "" for u in urls]
    assert len(locs) == len(set(locs))
    expected = {BASE + rel for rel in pages(sample_built) if rel and "/search/" not in rel}
    assert set(locs) == expected
    for u in urls:
        langs = {link.get("hreflang") for link in u.findall("x:link", ns)
                 if link.get("hreflang")}
        assert langs == {"kk", "ru", "en", "x-default"}


def test_image_pages_in_the_sitemap_manifest_and_cards(sample_built: Path) -> None:
    item = f"{BASE}kk/{EX}/items/ms-0142/"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {u.find("s:loc", ns).text: u for u in
               ET.parse(sample_built / "sitemap.xml").findall("s:url", ns)}
    parts = [link.get("href") for link in entries[item].findall("x:link", ns)
             if link.get("hreflang") is None]
    # the item's images' pages in its language, each listed on its own as well
    assert parts == [item + slug + "/" for slug in ("f1v", "f2r", "f145v")]
    assert all(part in entries for part in parts)
    manifest = json.loads((sample_built / f"iiif/{EX}/ms-0142/manifest.json").read_text("utf-8"))
    homes = [{h["language"][0]: h["id"] for h in canvas["homepage"]}
             for canvas in manifest["items"]]
    assert homes[1]["ru"] == f"{BASE}ru/{EX}/items/ms-0142/f2r/"
    assert homes[1]["kk"] == f"{BASE}kk/{EX}/items/ms-0142/f2r/"
    single = json.loads((sample_built / f"iiif/{EX}/lt-1925/manifest.json").read_text("utf-8"))
    assert single["items"][0]["homepage"][0]["id"] == f"{BASE}kk/{EX}/items/lt-1925/"
    page = pages(sample_built)[f"en/{EX}/items/ms-0142/f2r/"]
    ld = _json_ld(page)
    assert ld["@type"] == "ImageObject" and ld["name"] == "f. 2r"
    assert ld["isPartOf"]["url"] == f"{BASE}en/{EX}/items/ms-0142/"
    assert ld["caption"] == "The beginning of the chapter “In Praise of Wisdom”"
    card = head(page, r'<meta property="og:image" content="([^"]+)"')
    first = head(pages(sample_built)[f"en/{EX}/items/ms-0142/"],
                 r'<meta property="og:image" content="([^"]+)"')
    assert card and first and card != first and ld["contentUrl"] == card[0]


def test_catalogue_lists_every_item_in_the_page_language(sample_built: Path) -> None:
    site = pages(sample_built)
    for lang, provenance in (("kk", "1930-жылдары Түркістаннан"), ("ru", "Поступила в 1930-е"),
                             ("en", "Acquired in the 1930s")):
        html = site[f"{lang}/{EX}/catalogue/"]
        assert html.count('class="catalogue-entry"') == 12
        assert html.count("<picture>") == 12
        assert provenance in html and "Р-142" in html  # custom fields and the identifier
        assert 'href="catalogue/"' in site[f"{lang}/{EX}/"]


def _first_view_bytes(out: Path, html: str, page: Path) -> dict[str, int]:
    """Compressed bytes of the CSS and scripts an item page loads for its first view."""
    sizes = {}
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", html):
        if 'media="print"' in tag or "application/ld+json" in tag:
            continue
        m = re.search(r'(?:href|src)="([^"?]+)', tag)
        if m and (m.group(1).endswith(".css") or m.group(1).endswith(".js")):
            data = (page.parent / m.group(1)).resolve().read_bytes()
            sizes[m.group(1).rsplit("/", 1)[-1]] = len(gzip.compress(data, 9))
    return sizes


def test_item_page_first_view_is_light(sample_built: Path) -> None:
    page = sample_built / f"kk/{EX}/items/ms-0142/index.html"
    sizes = _first_view_bytes(sample_built, page.read_text("utf-8"), page)
    assert {"korme.css", "viewer.js"} <= set(sizes)
    assert sum(sizes.values()) <= 30 * 1024, sizes
    assert "print.css" not in sizes
