"""The showcase as built: a staged home, covers with focal points (checked, never enlarged),
wide and full figures, the timeline's spans, every value in the page's language with a warning
for a missing label, fallbacks announced in the page's language, the optional Arabic web font.

The site is written by ``tests/showcase_site.py``; the browser checks are in
``tests/test_showcase_browser.py``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from korme.build import BuildOptions, build
from korme.dates import parse_date
from korme.errors import BuildFailed, Report
from korme.render.views.timeline import Axis, span
from tests.conftest import REPO, run
from tests.showcase_site import write_site

NASKH = Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text("utf-8")


def messages(report: Report) -> list[str]:
    return [str(d) for d in report.sorted()]


def style_of(html: str) -> str:
    found = re.search(r"<style>(.*?)</style>", html)
    return found.group(1) if found else ""


# home --------------------------------------------------------------------------------------
def test_home_stages_current_then_upcoming_then_past(showcase_built: tuple[Path, Report]) -> None:
    out, _ = showcase_built
    html = page(out, "ru")
    order = [html.index(s) for s in ('id="group-current"', 'id="ways-in"', 'id="group-upcoming"',
                                     'id="group-past"', 'id="partners"')]
    assert order == sorted(order)
    current = html[order[0]:order[1]]
    # both current exhibitions staged large: a cover beside the title, dates, partners, a way in
    assert current.count('<article class="feature"') == 2
    assert current.index("Текущая выставка") < current.index("Выставка без фокуса")
    assert 'fetchpriority="high"' in current  # the first cover loads at once
    assert "1 янв. – 31 дек. 2026\u202fг." in current
    assert current.count("Национальная библиотека") == 2 and current.count("Гылым ордасы") == 2
    assert 'href="now/"' in current and "Перейти к выставке" in current
    assert "Маленькая обложка" in html[order[2]:order[3]]
    assert "Прошедшая выставка" in html[order[3]:order[4]]


def test_home_ways_in_lead_somewhere(showcase_built: tuple[Path, Report]) -> None:
    out, _ = showcase_built
    html = page(out, "kk")
    ways = html[html.index('id="ways-in"'):html.index('id="group-upcoming"')]
    assert ways.count('class="item-card"') == 8  # featured items
    assert 'action="search/"' in ways and 'id="home-search-q"' in ways
    for href in re.findall(r'href="(\.\./[a-z]+/(?:subjects|institutions)/#[^"]+)"', ways):
        target, anchor = href.split("#")
        assert f'id="{anchor}"' in (out / "kk" / target / "index.html").resolve().read_text(
            "utf-8"), href
    assert ">Поэзия <span class=\"count\">4</span>" in ways  # two items in each of two


def test_home_names_the_partners_with_their_logos(showcase_built: tuple[Path, Report]) -> None:
    out, _ = showcase_built
    html = page(out, "en")
    partners = html[html.index('id="partners"'):]
    for logo, name in (("library", "National Library"), ("academy", "Gylym Ordasy")):
        src = re.search(rf'<img src="([^"]*{logo}\.svg)" alt="" width="72"', partners)
        assert src and (out / "en" / src.group(1)).resolve().is_file()
        assert name in partners
    assert '<a href="https://example.org/library">National Library</a>' in partners


# covers ------------------------------------------------------------------------------------
def test_hero_cover_is_cropped_at_its_focal_point(showcase_built: tuple[Path, Report]) -> None:
    out, _ = showcase_built
    html = page(out, "kk/now")
    hero = re.search(r'<header class="hero">.*?</header>', html, re.S).group(0)
    img = re.search(r"<img [^>]*>", hero).group(0)
    focus = re.search(r"\b(fx-\S+)\b", img).group(1)
    assert f".{focus}{{object-position:50% 15%}}" in style_of(html)
    plain = page(out, "kk/plain")
    assert "fx-" not in plain.split('<header class="hero">')[1].split("</header>")[0]
    # the title is beside the cover, never on it
    assert re.search(r'<div class="stage-text">.*<h1 class="stage-title">', hero, re.S)
    assert hero.index("stage-text") < hero.index("stage-image")


def test_a_small_cover_is_never_enlarged_and_is_a_warning(showcase_built: tuple[Path, Report]
                                                          ) -> None:
    out, report = showcase_built
    assert ("exhibitions/small/exhibition.yaml:5:8: warning: exhibition 'small': the cover is "
            "600 × 400 px, smaller than the hero shows it (840 × 640 px): it is shown at its own "
            "size, not enlarged; give a larger image") in messages(report)
    assert not any("'now': the cover" in m for m in messages(report))
    html = page(out, "ru/small")
    assert '<div class="stage stage-small">' in html
    assert ".hl-600x400{--hero-w:600px;--hero-h-max:400px}" in style_of(html)
    assert 'width="600" height="400"' in html


DT = "<dt data-pagefind-ignore>"  # a field label: shown, not indexed


@pytest.mark.parametrize(("cover", "expected"), [
    ("{item: shahnameh, image: 1, focus: pct:50}", "exhibitions/now/exhibition.yaml:5:43: "
     "cover: focus 'pct:50' is not a focal point"),
    ("{item: shahnameh, focus: 'pct:120,30'}", "exhibitions/now/exhibition.yaml:5:33: "
     "cover: focus 'pct:120,30' is not a focal point"),
    ("{item: nosuch}", "exhibitions/now/exhibition.yaml:5:15: cover: unknown item 'nosuch'"),
    ("{item: shahnameh, image: 3}", "exhibitions/now/exhibition.yaml:5:33: cover: item "
     "'shahnameh' has 1 image(s), not 3"),
])
def test_cover_mistakes_at_their_place(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       cover: str, expected: str) -> None:
    site = write_site(tmp_path / "site")
    card = site / "exhibitions" / "now" / "exhibition.yaml"
    text = card.read_text("utf-8")
    card.write_text(re.sub(r"^cover: .*$", f"cover: {cover}", text, flags=re.M), "utf-8")
    assert run("check", "--site", site) == 1
    assert expected in capsys.readouterr().out


def test_focal_point_written_in_flow_style_is_read_whole(tmp_path: Path) -> None:
    """``{item: x, focus: pct:50,30}`` (as the contract writes it) is YAML for a key ``30``."""
    site = write_site(tmp_path / "site")
    report = Report()
    from korme.build import load_model

    model = load_model(site, report)
    assert model is not None and not report.errors
    now = next(ex for ex in model.exhibitions if ex.slug == "now")
    assert now.card.cover.focus == "pct:50,15" and now.cover_item.id == "shahnameh"
    assert not any("unknown key" in str(d) for d in report.diagnostics)


# figures -----------------------------------------------------------------------------------
def test_wide_and_full_figures(showcase_built: tuple[Path, Report]) -> None:
    out, _ = showcase_built
    html = page(out, "kk/now/intro")
    wide = re.search(r'<figure class="inline-item figure-wide">.*?</figure>', html, re.S).group(0)
    full = re.search(r'<figure class="inline-item figure-full">.*?</figure>', html, re.S).group(0)
    assert 'sizes="(min-width: 72rem) 68rem, 100vw"' in wide
    assert 'sizes="100vw"' in full
    assert '<div class="prose prose-flow">' in html
    fw = re.search(r"\b(fw-\d+)\b", wide).group(1)
    assert f".{fw}{{--figure-w:" in style_of(html)


def test_a_figure_size_that_is_not_wide_or_full(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site")
    section = site / "exhibitions" / "now" / "sections" / "01-intro.kk.md"
    section.write_text(section.read_text("utf-8").replace("::item seal 1 wide",
                                                          "::item seal 1 huge"), "utf-8")
    assert run("check", "--site", site) == 1
    assert ("exhibitions/now/sections/01-intro.kk.md:6:15: section 'intro': '::item seal huge': "
            "after the id write the image's number (such as 2) and, for a larger figure, wide "
            "or full") in capsys.readouterr().out


# timeline ----------------------------------------------------------------------------------
def test_timeline_axis_of_centuries_and_spans(showcase_built: tuple[Path, Report]) -> None:
    out, _ = showcase_built
    html = page(out, "ru/now/timeline")
    ticks = re.search(r'<ol class="tl-ticks">(.*?)</ol>', html).group(1)
    assert re.findall(r"<li>(.*?)</li>", ticks) == ["XVI", "XVII", "XVIII", "XIX", "XX"]
    assert ".tl-c5{--centuries:5}" in style_of(html)

    def rect(title: str) -> tuple[str, float, float]:
        row = re.search(rf'<li class="tl-row tl-entry[^"]*">(?:(?!</li>).)*?{title}.*?</li>',
                        html, re.S).group(0)
        m = re.search(r'<rect class="tl-span ([^"]+)" x="([\d.]+)" y="1" width="([\d.]+)"', row)
        return m.group(1), float(m.group(2)), float(m.group(3))

    # 1500–2000 on 1000 units: a year is 2 units
    assert rect("Диван") == ("tl-range", 700.0, pytest.approx(42, abs=0.2))
    assert rect("Шахнаме") == ("tl-period", 180.0, pytest.approx(20, abs=0.2))
    kind, x, width = rect("Родословие")  # 1720~: approximate, drawn wider and dashed
    assert kind == "tl-point tl-approx" and x == pytest.approx(441 - 8, abs=0.2) and width == 16
    assert rect("Карта")[0] == "tl-point tl-uncertain"  # 1863?
    assert rect("Письмо") == ("tl-point", pytest.approx(850.7 - 4, abs=0.3), 8)
    # in order of their dates, grouped by century, each a link
    order = [html.index(t) for t in ("Шахнаме", "Родословие", "Печать", "Диван", "Карта",
                                     "Письмо")]
    assert order == sorted(order)
    assert html.count('<a class="tl-link" href="../items/') == 6


def test_spans_of_every_kind_of_date() -> None:
    axis = Axis(1800, 2000, (), "")
    assert span(parse_date("1900"), axis) == span(parse_date("1900"), axis)
    one = span(parse_date("1850/1870?"), axis)
    assert (one.kind, one.fuzzy) == ("range", "uncertain")
    assert span(parse_date("19XX"), axis).width == pytest.approx(500, abs=0.1)
    edge = span(parse_date("1800-01-01"), axis)  # a point at the axis's start stays inside
    assert edge.x == 0 and edge.width == 8
    assert span(parse_date("1999~"), axis).x == 1000 - 16


# words in the page's language --------------------------------------------------------------
@pytest.mark.parametrize(("lang", "kind", "language", "rows"), [
    ("kk", "Мөр ізі", "шағатай тілі",
     [f"{DT}Мөрдегі жазу</dt> <dd>«Оның <em>құлы</em>»</dd>",
      f"{DT}Шығу тегі</dt> <dd>Сыйға тартылған</dd>"]),
    ("ru", "Оттиск печати", "чагатайский",
     [f"{DT}Легенда</dt> <dd>«Раб <em>Его</em>»</dd>", f"{DT}Происхождение</dt> <dd>Дар</dd>"]),
])
def test_types_languages_and_field_labels_in_the_page_language(
        showcase_built: tuple[Path, Report], lang: str, kind: str, language: str, rows: list[str]
) -> None:
    out, _ = showcase_built
    html = page(out, f"{lang}/now/items/seal")
    shown = re.search(r'<dl class="metadata".*?</dl>', html, re.S).group(0)
    assert f"<dd>{kind}</dd>" in shown and f"<dd>{language}</dd>" in shown
    for row in rows:
        assert row in shown
    words = re.sub(r"<[^>]+>", " ", shown)  # what a visitor reads
    assert "seal" not in words and "chg" not in words and "legend" not in words.casefold()
    assert f"{kind}</span>" in page(out, f"{lang}/now/items")  # its card
    for key, label in (("seal-impression", kind), ("chg", language)):  # the filters
        assert f'value="{key}"> <span class="facet-label">{label}</span>' in page(
            out, f"{lang}/now/items")


def test_persian_named_by_cldr_in_each_language(showcase_built: tuple[Path, Report]) -> None:
    out, _ = showcase_built
    assert "<dd>парсы тілі</dd>" in page(out, "kk/now/items/shahnameh")
    assert "<dd>персидский</dd>" in page(out, "ru/now/items/shahnameh")


def test_a_missing_label_is_a_warning_naming_its_place(showcase_built: tuple[Path, Report]) -> None:
    _out, report = showcase_built
    found = messages(report)
    assert ("site.yaml:7:11: warning: field 'legend' has no label in en: add one under fields: "
            "legend: label: in site.yaml") in found
    assert ("site.yaml:11:22: warning: type 'seal-impression' has no label in en: add one under "
            "vocabulary: type: in site.yaml") in found
    assert not any("'chg'" in m or "'provenance'" in m or "'fa'" in m for m in found)
    # the English page shows the Kazakh label, marked as such
    assert '<span lang="kk" dir="ltr" class="fallback">Мөр ізі<span class="visually-hidden ' \
        'fallback-note" ' \
        'lang="en" dir="ltr" data-pagefind-ignore> (not yet translated; shown in Kazakh)' \
        '</span></span>' in page(Path(_out), "en/now/items/seal")


def test_a_language_without_a_name_is_a_warning(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site")
    config = site / "site.yaml"
    config.write_text(config.read_text("utf-8").replace(
        'chg: {kk: "шағатай тілі", ru: "чагатайский", en: "Chagatai"}', 'xal: {ru: "x"}'),
        "utf-8")
    assert run("check", "--site", site) == 0
    err = capsys.readouterr().out
    assert ("exhibitions/before/items.yaml:11:3: warning: language 'chg' has no name in kk: add "
            "one under vocabulary: language: in site.yaml") in err
    assert run("check", "--site", site, "--strict") == 1


# fallbacks announced -----------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "notice"), [
    ("ru", "Этот раздел ещё не переведён. Язык текста: казахский."),
    ("en", "This section is not yet translated; it is shown in Kazakh."),
])
def test_fallback_section_says_so_at_the_top(showcase_built: tuple[Path, Report], lang: str,
                                             notice: str) -> None:
    out, _ = showcase_built
    html = page(out, f"{lang}/now/intro")
    main = html.split('<main id="main"')[1]
    assert main.index(notice) < main.index('<article class="section-article" lang="kk"')
    assert f'<p class="fallback-notice" role="note">{notice}</p>' in main
    assert "fallback-notice" not in page(out, "kk/now/intro")


def test_fallback_page_says_so_in_the_page_language(showcase_built: tuple[Path, Report]) -> None:
    out, _ = showcase_built
    assert "Эта страница ещё не переведена. Язык текста: казахский." in page(out, "ru/about")
    home = page(out, "en")  # the home text falls back to Kazakh
    assert "This page is not yet translated; it is shown in Kazakh." in home


# the Arabic web font -----------------------------------------------------------------------
needs_naskh = pytest.mark.skipif(not NASKH.is_file() and os.environ.get("CI") != "true",
                                 reason="Debian's fonts-noto-core (scripts/test installs it)")


def with_font(site: Path, licence: bool = True) -> Path:
    fonts = site / "content" / "fonts"
    fonts.mkdir()
    shutil.copy(NASKH, fonts / "naskh.ttf")
    if licence:
        (fonts / "OFL.txt").write_text("SIL Open Font License 1.1 (the test's copy)\n", "utf-8")
    config = site / "site.yaml"
    config.write_text(config.read_text("utf-8") + "fonts: {arabic: content/fonts/naskh.ttf}\n",
                      "utf-8")
    return site


@needs_naskh
def test_the_arabic_font_subset_with_its_licence(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    site = with_font(write_site(tmp_path / "site"))
    out = tmp_path / "out"
    build(BuildOptions(site, out, workers=1, quiet=True, search=False))
    woff2 = sorted((out / "media").glob("*-arabic.woff2"))
    assert len(woff2) == 1
    stem = woff2[0].name.removesuffix(".woff2")
    assert (out / "media" / f"{stem}.LICENSE.txt").read_text("utf-8").startswith("SIL Open")
    font = TTFont(woff2[0])
    assert font.flavor == "woff2"
    cmap = set(font.getBestCmap())
    assert {ord(c) for c in "شاهنامه"} <= cmap  # the Persian title's letters
    assert ord("ج") not in cmap  # a letter no text uses
    assert woff2[0].stat().st_size < NASKH.stat().st_size / 5
    css = (out / "media" / f"{stem}.css").read_text("utf-8")
    assert f'font-family:"Korme Arabic";src:url({stem}.woff2) format("woff2")' in css
    item = page(out, "kk/now/items/shahnameh")  # Persian on it: the font preloaded
    assert f'<link rel="stylesheet" href="../../../../media/{stem}.css">' in item
    assert f'<link rel="preload" href="../../../../media/{stem}.woff2" as="font"' in item
    about = page(out, "kk/about")
    assert f"media/{stem}.css" in about and 'rel="preload"' not in about
    korme_css = (REPO / "themes" / "default" / "static" / "korme.css").read_text("utf-8")
    assert '--arabic: "Korme Arabic", "Noto Naskh Arabic"' in korme_css


@needs_naskh
def test_long_lists_make_their_head_last_with_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long list's body is written as it is made and its head made last
    (korme.render.streamed): every page is byte for byte the one made with the main content
    held first; the lists keep their pictures' <style> with its hash in the CSP, and preload
    the font where their main content shows Persian."""
    import korme.render.render as rendering
    from korme.render.streamed import HeadLast

    site = with_font(write_site(tmp_path / "site"))
    made_last: list[str] = []

    class Watched(HeadLast):
        def put(self, head: str) -> str:
            made_last.append(str(head))
            return super().put(head)

    monkeypatch.setattr(rendering, "HeadLast", Watched)
    build(BuildOptions(site, tmp_path / "last", workers=1, quiet=True, search=False))
    assert len(made_last) >= 8 and all(h.startswith("<!doctype html>") for h in made_last)
    monkeypatch.setattr(rendering, "HeadLast", lambda uses_font: None)  # every head first
    build(BuildOptions(site, tmp_path / "first", workers=1, quiet=True, search=False))
    last = {p.relative_to(tmp_path / "last"): p.read_bytes()
            for p in (tmp_path / "last").rglob("*.html")}
    first = {p.relative_to(tmp_path / "first"): p.read_bytes()
             for p in (tmp_path / "first").rglob("*.html")}
    assert last.keys() == first.keys() and len(last) > 30
    assert [p for p in last if last[p] != first[p]] == []
    catalogue = page(tmp_path / "last", "kk/now/catalogue")
    assert "<style>.ar-" in catalogue and "style-src 'self' 'sha256-" in catalogue
    assert 'rel="preload"' in catalogue and "شاهنامه" in catalogue
    items = page(tmp_path / "last", "kk/now/items")  # no Persian in its cards
    assert "<style>.ar-" in items and 'rel="preload"' not in items


@needs_naskh
def test_a_font_without_a_licence_is_not_published(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    site = with_font(write_site(tmp_path / "site"), licence=False)
    font = TTFont(site / "content" / "fonts" / "naskh.ttf")
    for record in list(font["name"].names):
        if record.nameID in (13, 14):
            font["name"].removeNames(nameID=record.nameID)
    font.save(site / "content" / "fonts" / "naskh.ttf")
    with pytest.raises(BuildFailed) as failed:
        build(BuildOptions(site, tmp_path / "out", workers=1, quiet=True, search=False))
    assert ("site.yaml:14:17: fonts: arabic: no licence for 'content/fonts/naskh.ttf': put its "
            "licence file (such as OFL.txt) beside it; it is published with the font"
            ) in messages(failed.value.report)
    assert not (tmp_path / "out").exists()


def test_a_font_that_is_not_there(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site")
    config = site / "site.yaml"
    config.write_text(config.read_text("utf-8") + "fonts: {arabic: ../naskh.ttf}\n", "utf-8")
    expected = "site.yaml:14:17: fonts: arabic: '../naskh.ttf' is not a file in the site folder"
    assert run("build", "--site", site, "--output", tmp_path / "out", "-q") == 1
    assert expected in capsys.readouterr().err
    assert run("check", "--site", site) == 1  # korme check says so too
    assert expected in capsys.readouterr().out


def test_the_showcase_pages_are_valid_html(showcase_built: tuple[Path, Report],
                                           tmp_path: Path) -> None:
    """The Nu HTML Checker over the new kinds of pages (home with every group, landing
    pages with a small cover, a section with wide and full figures and a fallback notice, the
    timeline, the items list)."""
    import json
    import subprocess

    from tests.test_quality import VNU

    java = shutil.which("java")
    if not VNU.is_file() or java is None:
        message = "the Nu HTML Checker needs java and .tools/ (scripts/test installs vnu-jar)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    out, _ = showcase_built
    pages = [out / lang / path / "index.html" for lang in ("kk", "ru", "en")
             for path in ("", "now", "small", "now/intro", "now/timeline", "now/items",
                          "now/items/seal", "about")]
    proc = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                           *map(str, pages)], capture_output=True, text=True, timeout=600)
    found = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '').split('/out/')[-1]}:{m.get('lastLine')}: {m['message']}"
            for m in found] == []
