"""Citations of three kinds of item (a Persian-titled manuscript, a Kazakh-language printed
book, a photograph) and of one folio, compared with strings written by hand:

* ГОСТ Р 7.0.100-2018: areas separated by ". – "; heading "Фамилия, И. О."; title = parallel
  title (the object's own language) : other title information / statement of responsibility;
  place : publisher, date for printed items; dates supplied by the cataloguer in brackets
  ([159-] a decade, [ок. 1720] about); extent ; dimensions; the holding institution and
  shelfmark as archival search data, the folio after them ("Л. 1 об."); content form and media
  type ("Текст : электронный") // the exhibition; "URL: … (дата обращения: ДД.ММ.ГГГГ)."
* Chicago (18th ed., notes and bibliography): full names inverted for the first author;
  unpublished titles in quotation marks, published ones in italics, English titles in
  headline case and others as written; punctuation inside closing quotation marks; the archive
  and shelfmark and the URL; a folio in the note ("fol. 1v").
* APA (7th ed.): initials; (date); title in sentence case as written [description]; archive
  (shelfmark); URL with no final period.
* MLA (9th ed.): full names; the website (the exhibition) as the second container.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from babel import Locale

from korme.build import load_model
from korme.cite import available_styles, cite, default_style
from korme.cite.styles import kk_date_example, kk_locale_xml, style_xml
from korme.errors import Report
from korme.model import Site
from tests.cite_site import ACCESSED, FIXTURE, item, load, url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load(tmp_path_factory.mktemp("cite"))[0]


def text(site: Site, ident: str, lang: str, style: str, image: int | None = None,
         page: str = "") -> str:
    ex, it = item(site, ident)
    img = it.images[image - 1] if image else None
    return cite(it, img, lang, style, url(lang, ident, page), ACCESSED, site=site,
                exhibition=ex).text


GOST_RU = {
    "shahnama": "Фирдоуси. Шахнаме = شاهنامه : рукопись / Фирдоуси. – [159-]. – 312 л. ; "
                "32 × 21 см. – Национальная библиотека Республики Казахстан. Р-142. – Текст : "
                "электронный // Памятники степи. – URL: "
                "https://example.org/vr/ru/steppe/items/shahnama/ (дата обращения: 01.03.2026).",
    "reader": "Алтынсарин, И. Киргизская хрестоматия = Қырғыз хрестоматиясы / И. Алтынсарин. – "
              "Оренбург : Типография Губернского правления, 1879. – VIII, 176 с. – Национальная "
              "библиотека Республики Казахстан. КП-1879/3. – Текст : электронный // Памятники "
              "степи. – URL: https://example.org/vr/ru/steppe/items/reader/ (дата обращения: "
              "01.03.2026).",
    "abai": "Долгополов, Н. И. Абай с учениками : фотография / Н. И. Долгополов. – [ок. 1896]. – "
            "Центральный государственный архив. 2-1234. – Изображение : электронное // "
            "Памятники степи. – URL: https://example.org/vr/ru/steppe/items/abai/ (дата "
            "обращения: 01.03.2026).",
}
GOST_KK = {
    "shahnama": "Фирдоуси. Шаһнама = شاهنامه : қолжазба / Фирдоуси. – [159-]. – 312 п. ; "
                "32 × 21 см. – Қазақстан Республикасының Ұлттық кітапханасы. Р-142. – Мәтін : "
                "электрондық // Дала жәдігерлері. – URL: "
                "https://example.org/vr/kk/steppe/items/shahnama/ (қаралған күні: 01.03.2026).",
    # the Kazakh-language book cited in Kazakh: no parallel title (the title is its own)
    "reader": "Алтынсарин, Ы. Қырғыз хрестоматиясы / Ы. Алтынсарин. – Орынбор : Губерниялық "
              "басқарма баспаханасы, 1879. – VIII, 176 б. – Қазақстан Республикасының Ұлттық "
              "кітапханасы. КП-1879/3. – Мәтін : электрондық // Дала жәдігерлері. – URL: "
              "https://example.org/vr/kk/steppe/items/reader/ (қаралған күні: 01.03.2026).",
    "abai": "Долгополов, Н. И. Абай шәкірттерімен : фотосурет / Н. И. Долгополов. – [шамамен "
            "1896]. – Орталық мемлекеттік мұрағат. 2-1234. – Бейне : электрондық // Дала "
            "жәдігерлері. – URL: https://example.org/vr/kk/steppe/items/abai/ (қаралған күні: "
            "01.03.2026).",
}
CHICAGO_EN = {
    "shahnama": "Firdawsi. “Shahnameh.” Manuscript. 1590s. Р-142. National Library of the "
                "Republic of Kazakhstan. https://example.org/vr/en/steppe/items/shahnama/.",
    # an English title in headline case ("Kirghiz reader" → "Kirghiz Reader")
    "reader": "Altynsarin, Ibrai. Kirghiz Reader. Provincial Board Press, 1879. КП-1879/3. "
              "National Library of the Republic of Kazakhstan. "
              "https://example.org/vr/en/steppe/items/reader/.",
    # no English title: the Kazakh one, as written (never title-cased); "Ca." begins a sentence
    "abai": "Долгополов, Николай Иванович. Абай шәкірттерімен. Photograph. Ca. 1896. Central "
            "State Archive, 2-1234. https://example.org/vr/en/steppe/items/abai/.",
}
APA_EN = {
    "shahnama": "Firdawsi. (1590s). Shahnameh [Manuscript]. National Library of the Republic of "
                "Kazakhstan (Р-142). https://example.org/vr/en/steppe/items/shahnama/",
    "reader": "Altynsarin, I. (1879). Kirghiz reader. Provincial Board Press. National Library of "
              "the Republic of Kazakhstan (КП-1879/3). "
              "https://example.org/vr/en/steppe/items/reader/",
    "abai": "Долгополов, Н. И. (ca. 1896). Абай шәкірттерімен [Photograph]. Central State Archive "
            "(2-1234). https://example.org/vr/en/steppe/items/abai/",
}
MLA_EN = {
    "shahnama": "Firdawsi. “Shahnameh.” Manuscript. 1590s, National Library of the Republic of "
                "Kazakhstan, Р-142. Treasures of the Steppe, "
                "https://example.org/vr/en/steppe/items/shahnama/.",
    "reader": "Altynsarin, Ibrai. Kirghiz Reader. Provincial Board Press, 1879, National Library "
              "of the Republic of Kazakhstan, КП-1879/3. Treasures of the Steppe, "
              "https://example.org/vr/en/steppe/items/reader/.",
    "abai": "Долгополов, Николай Иванович. Абай шәкірттерімен. Photograph. Ca. 1896, Central "
            "State Archive, 2-1234. Treasures of the Steppe, "
            "https://example.org/vr/en/steppe/items/abai/.",
}


@pytest.mark.parametrize(("lang", "style", "expected"), [
    ("ru", "gost", GOST_RU), ("kk", "gost", GOST_KK), ("en", "chicago", CHICAGO_EN),
    ("en", "apa", APA_EN), ("en", "mla", MLA_EN)])
@pytest.mark.parametrize("ident", ["shahnama", "reader", "abai"])
def test_items_in_each_style(site: Site, ident: str, lang: str, style: str,
                             expected: dict[str, str]) -> None:
    assert text(site, ident, lang, style) == expected[ident]


def test_a_folio_is_cited_as_a_pinpoint(site: Site) -> None:
    ru = text(site, "shahnama", "ru", "gost", image=2, page="f1v")
    assert ru == GOST_RU["shahnama"].replace("Р-142. – ", "Р-142. Л. 1 об. – ").replace(
        "items/shahnama/", "items/shahnama/f1v/")
    kk = text(site, "shahnama", "kk", "gost", image=2, page="f1v")
    assert "Р-142. П. 1 арты. – Мәтін" in kk
    ex, it = item(site, "shahnama")
    chicago = cite(it, it.images[1], "en", "chicago", url("en", "shahnama", "f1v"), ACCESSED,
                   site=site, exhibition=ex)
    assert chicago.note_text == (
        "Firdawsi, “Shahnameh,” Manuscript, 1590s, Р-142, fol. 1v, National Library of the "
        "Republic of Kazakhstan, https://example.org/vr/en/steppe/items/shahnama/f1v/.")
    assert "Р-142, fol. 1v. National Library" in chicago.text
    recto = cite(it, it.images[0], "ru", "gost", url("ru", "shahnama", "f1r"), ACCESSED,
                 site=site, exhibition=ex)
    assert "Р-142. Л. 1. – Текст" in recto.text
    apa = cite(it, it.images[1], "en", "apa", url("en", "shahnama", "f1v"), ACCESSED,
               site=site, exhibition=ex)
    assert apa.note_text == "(Firdawsi, 1590s, Folio 1v)"


def test_html_marks_titles_and_isolates_right_to_left_text(site: Site) -> None:
    ex, it = item(site, "shahnama")
    gost = cite(it, None, "ru", "gost", url("ru", "shahnama"), ACCESSED, site=site,
                exhibition=ex)
    assert "Шахнаме = \u2068شاهنامه\u2069 : рукопись" in gost.html  # isolated (FSI … PDI)
    assert "\u2068" not in gost.text  # plain text to copy: no invisible marks
    apa = cite(it, None, "en", "apa", url("en", "shahnama"), ACCESSED, site=site, exhibition=ex)
    assert "(1590s). <i>Shahnameh</i> [Manuscript]." in apa.html


def test_russian_pages_in_chicago_keep_russian_titles_as_written(site: Site) -> None:
    assert text(site, "reader", "ru", "chicago").startswith(
        "Алтынсарин, Ибрай. Киргизская хрестоматия. Типография Губернского правления, 1879.")


def test_styles_and_defaults() -> None:
    assert [s.name for s in available_styles()] == ["gost", "chicago", "apa", "mla"]
    assert default_style("kk") == "gost" and default_style("ru") == "gost"
    assert default_style("en") == "chicago" and default_style("de") == "chicago"
    assert default_style("kk-Latn") == "gost"
    assert default_style("en", {"en": "apa"}) == "apa"


def test_kazakh_locale_holds_to_cldr() -> None:
    from lxml import etree

    root = etree.fromstring(kk_locale_xml())
    ns = {"c": "http://purl.org/net/xbiblio/csl"}
    kk = Locale.parse("kk")
    for n in range(1, 13):
        (long,) = root.xpath(f".//c:term[@name='month-{n:02d}'][not(@form)]", namespaces=ns)
        (short,) = root.xpath(f".//c:term[@name='month-{n:02d}'][@form='short']",
                              namespaces=ns)
        assert long.text == kk.months["format"]["wide"][n]
        assert short.text == kk.months["format"]["abbreviated"][n]
    # the text date form follows CLDR's long pattern: "1925 ж. 12 мамыр"
    parts = [(p.get("prefix", ""), p.get("name"), p.get("suffix", "")) for p in
             root.findall("c:date[@form='text']/c:date-part", ns)]
    day = datetime.date(1925, 5, 12)
    words = {"year": "1925", "day": "12", "month": kk.months["format"]["wide"][5]}
    assert "".join(b + words[n] + a for b, n, a in parts) == kk_date_example(day)
    for term in ("et-al", "page", "folio", "volume"):
        assert root.find(f".//c:term[@name='{term}']", ns) is not None


def test_packaged_styles_are_read_not_copied() -> None:
    repo = Path(__file__).parent.parent
    copies = [p for p in repo.rglob("*.csl") if ".git" not in p.parts and "_site" not in p.parts]
    assert [p.name for p in copies] == ["gost-r-7-0-100-2018.csl"]
    assert b"chicago" in style_xml("chicago", "en").lower()
    # our Kazakh locale travels inside the style for Kazakh pages only
    assert b'xml:lang="kk"' in style_xml("apa", "kk")
    assert b'xml:lang="kk"' not in style_xml("apa", "ru")


def test_html_is_escaped(site: Site) -> None:
    from dataclasses import replace

    from korme.i18n import LangText

    ex, it = item(site, "reader")
    odd = replace(it, record=it.record.model_copy(
        update={"title": LangText.of("Songs <b>& tales</b>")}))
    for style in ("gost", "chicago", "apa", "mla"):
        out = cite(odd, None, "en", style, url("en", "reader"), ACCESSED, site=site,
                   exhibition=ex)
        assert "Songs &lt;b&gt;&amp; " in out.html and "<b>" not in out.html, style
        assert "Songs <b>& " in out.text


LETTER = '''- id: letter
  title: {kk: "Абайға хат", ru: "Письмо Абаю", en: "Letter to Abai"}
  creator: {kk: "Алтынсарин, Ыбырай", ru: "Алтынсарин, Ибрай", en: "Altynsarin, Ibrai"}
  date: "1884-03-12"
  type: letter
  institution: archive
  identifier: "Ф. 1, оп. 2, д. 3"
- id: map
  title: {kk: "Түркістан картасы", ru: "Карта Туркестана", en: "Map of Turkestan"}
  date: "1863-05-12"
  type: map
  institution: archive
  identifier: "К-17"
- id: teacher
  title: {kk: "Мұғалімнің хаты", ru: "Письмо учителя", en: "A teacher's letter"}
  creator: {kk: "Ж. Оспанов, ауыл мұғалімі", ru: "Ж. Оспанов, сельский учитель",
            en: "Zh. Ospanov, village schoolteacher"}
  date: "1925-05-12"
  type: letter
  institution: archive
  identifier: "Ф. 12"
- id: roads
  title: {kk: "Дала жолдарының картасы", ru: "Карта степных дорог", en: "A map of the steppe roads"}
  date: "1863"
  type: map
  institution: archive
  identifier: "К-18"
- id: year
  title: {kk: "Жыр жинағы", ru: "Сборник песен", en: "Book of songs"}
  date: "1696"
  type: manuscript
  institution: archive
  identifier: "Р-646"
'''


@pytest.fixture(scope="module")
def letter_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The fixture with a letter whose title says it is one."""
    dest = tmp_path_factory.mktemp("letter") / "cite"
    shutil.copytree(FIXTURE, dest)
    with (dest / "exhibitions" / "steppe" / "items.yaml").open("a", encoding="utf-8") as f:
        f.write(LETTER)
    site = load_model(dest, Report())
    assert site is not None
    return site


def test_a_letter_names_its_genre_once(letter_site: Site) -> None:
    """Chicago (18th ed., 14.127–14.130: an item in a manuscript collection: author, title,
    date, identifier, repository, URL) and MLA (9th ed.: author, title, date, then the archive
    and the website as containers) add no description after a title that already says what
    the item is (before, both wrote "Letter to Abai.” Letter."); APA keeps its bracketed
    description, as APA 7 asks for a work without a
    formal title."""
    en = "https://example.org/vr/en/steppe/items/letter/"
    assert text(letter_site, "letter", "en", "chicago") == (
        "Altynsarin, Ibrai. “Letter to Abai.” March 12, 1884. Ф. 1, оп. 2, д. 3. "
        f"Central State Archive. {en}.")
    assert text(letter_site, "letter", "en", "mla") == (
        "Altynsarin, Ibrai. “Letter to Abai.” 12 Mar. 1884, Central State Archive, "
        f"Ф. 1, оп. 2, д. 3. Treasures of the Steppe, {en}.")
    assert text(letter_site, "letter", "en", "apa") == (
        "Altynsarin, I. (1884). Letter to Abai [Letter]. Central State Archive "
        f"(Ф. 1, оп. 2, д. 3). {en}")
    for lang, title, word in (("ru", "«Письмо Абаю».", "Письмо"), ("kk", "«Абайға хат».", "Хат")):
        for style in ("chicago", "mla"):
            cited = text(letter_site, "letter", lang, style)
            assert title in cited and f"{title} {word}." not in cited, cited


def test_a_russian_month_after_a_day_is_in_the_genitive(letter_site: Site) -> None:
    """CSL's Russian locale names months as they stand alone ("март"); after a day Russian
    says "12 марта" (CLDR's format form), in the entry and in the date of access, which
    cite.js then writes the same way."""
    from korme.cite.accessed import date_format, words

    for style in ("chicago", "mla"):
        cited = text(letter_site, "letter", "ru", style)
        assert "12 марта 1884" in cited and "март 1884" not in cited, cited
        assert date_format(style, "ru").months[2:5] == ("марта", "апреля", "мая")
        assert words(style, "ru", datetime.date(2026, 5, 9)) == "9 мая 2026"
    assert "12 наурыз." in text(letter_site, "letter", "kk", "chicago")  # Kazakh: as it was


def test_a_kazakh_year_alone_ends_at_its_abbreviation(letter_site: Site) -> None:
    """Kazakh writes a year "1696 ж." and a full date "1696 ж. 12 мамыр": the space belongs
    to the day and month, so a year alone is followed by the style's own punctuation
    (before, "1696 ж. . Р-646" in Chicago and "1696 ж. , Орталық" in MLA)."""
    assert "Қолжазба. 1696\u202fж. Р-646. Орталық" in text(letter_site, "year", "kk", "chicago")
    assert "Қолжазба. 1696\u202fж., Орталық" in text(letter_site, "year", "kk", "mla")
    assert "(1696)" in text(letter_site, "year", "kk", "apa")
    assert "1884\u202fж. 12 наурыз." in text(letter_site, "letter", "kk", "chicago")
    for style in ("chicago", "apa", "mla"):
        cited = text(letter_site, "year", "kk", style)
        assert " ." not in cited and " ," not in cited, cited


def test_a_name_with_a_role_after_its_comma_is_cited_as_written(letter_site: Site) -> None:
    """"Family, Given" is split at the comma only when both sides are names: "Zh. Ospanov,
    village schoolteacher" is a name and a role (before, GOST made initials of the role:
    "Zh. Ospanov, . village . schoolteacher ."), so it is cited as written."""
    from korme.cite.names import parse_name

    assert parse_name("Zh. Ospanov, village schoolteacher") == {
        "literal": "Zh. Ospanov, village schoolteacher"}
    assert parse_name("Оспанов, Ж.") == {"family": "Оспанов", "given": "Ж."}
    assert parse_name("Altynsarin, Ibrai") == {"family": "Altynsarin", "given": "Ibrai"}
    for lang, name in (("en", "Zh. Ospanov, village schoolteacher"),
                       ("ru", "Ж. Оспанов, сельский учитель"), ("kk", "Ж. Оспанов, ауыл мұғалімі")):
        for style in ("gost", "chicago", "apa", "mla"):
            cited = text(letter_site, "teacher", lang, style)
            assert cited.startswith(name), (style, cited)
            assert " . " not in cited, (style, cited)


def test_a_work_without_an_author_is_cited_with_its_title_once(letter_site: Site) -> None:
    """Styles put the title in the author's place when there is no author; CSL then leaves
    it out where it would come again (citeproc-py does not: korme.cite.once). APA 7 keeps
    the description beside the title: "Title [Map]. (Date)."."""
    en = "https://example.org/vr/en/steppe/items/map/"
    assert text(letter_site, "map", "en", "apa") == (
        f"Map of Turkestan [Map]. (1863). Central State Archive (К-17). {en}")
    for lang, title in (("en", "Map of Turkestan"), ("ru", "Карта Туркестана"),
                        ("kk", "Түркістан картасы")):
        for style in ("chicago", "apa", "mla", "gost"):
            cited = text(letter_site, "map", lang, style)
            assert cited.count(title) == 1 and cited.startswith(title), (style, cited)
    assert "12 мая 1863" in text(letter_site, "map", "ru", "chicago")
    # an English title the style title-cases is still the same title ("A Map of the Steppe
    # Roads. A Map of the Steppe Roads." before)
    for style in ("chicago", "apa", "mla"):
        cited = text(letter_site, "roads", "en", style)
        assert cited.lower().count("a map of the steppe roads") == 1, (style, cited)
