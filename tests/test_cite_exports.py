"""BibTeX, RIS and CSL-JSON of one item and of a whole exhibition parse (with rispy,
bibtexparser and json) into the same fields; the Highwire tags are what Zotero reads."""

from __future__ import annotations

import json
import re
from typing import Any

import bibtexparser
import pytest
import rispy

from korme.cite import bibtex, csl_json, csl_record, highwire_tags, ris
from korme.model import Site
from tests.cite_site import ACCESSED, item, load, url


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load(tmp_path_factory.mktemp("cite"))[0]


def records(site: Site, lang: str, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for ident in ids:
        ex, it = item(site, ident)
        out.append(csl_record(it, lang, site=site, exhibition=ex, url=url(lang, ident),
                              accessed=ACCESSED))
    return out


def _names_csl(rec: dict[str, Any]) -> list[str]:
    return [n["literal"] if "literal" in n else f"{n['family']}, {n['given']}"
            for n in rec.get("author", [])]


def _unbrace(value: str) -> str:
    return re.sub(r"^\{(.*)\}$", r"\1", value.strip())


def common_fields_csl(rec: dict[str, Any]) -> dict[str, Any]:
    return {"title": rec["title"], "authors": _names_csl(rec),
            "year": str(rec["issued"]["date-parts"][0][0])
            if len(rec["issued"]["date-parts"]) == 1 else None, "url": rec["URL"],
            "archive": rec.get("archive"), "shelfmark": rec.get("archive_location"),
            "publisher": rec.get("publisher"), "place": rec.get("publisher-place"),
            "language": rec.get("language")}


def common_fields_ris(entry: dict[str, Any]) -> dict[str, Any]:
    return {"title": entry["title"], "authors": entry.get("authors", []),
            # a span's EDTF (159X, 1850/1870) in DA's last part: no year of its own
            "year": None if re.search(r"///.*[X/]", entry.get("date", "")) else entry["year"],
            "url": entry["urls"][0],
            "archive": entry.get("name_of_database"), "shelfmark": entry.get("accession_number"),
            "publisher": entry.get("publisher"), "place": entry.get("place_published"),
            "language": entry.get("language")}


def common_fields_bibtex(entry: Any) -> dict[str, Any]:
    f = {k: v.value for k, v in entry.fields_dict.items()}
    library = f.get("library", "")
    archive, _, shelfmark = library.rpartition(", ")
    return {"title": _unbrace(f["title"]),
            "authors": [_unbrace(a) for a in f["author"].split(" and ")] if "author" in f
            else [],
            "year": f.get("year"), "url": f["url"], "archive": archive or None,
            "shelfmark": shelfmark or None, "publisher": f.get("publisher"),
            "place": f.get("address"), "language": f.get("language")}


@pytest.mark.parametrize("lang", ["ru", "en", "kk"])
@pytest.mark.parametrize("ids", [["shahnama"], ["reader"], ["abai"],
                                 ["shahnama", "reader", "abai"]])
def test_three_formats_agree(site: Site, lang: str, ids: list[str]) -> None:
    recs = records(site, lang, ids)
    from_json = [common_fields_csl(r) for r in json.loads(csl_json(recs))]
    from_ris = [common_fields_ris(e) for e in rispy.loads(ris(recs))]
    library = bibtexparser.parse_string(bibtex(recs))
    assert not library.failed_blocks
    from_bib = [common_fields_bibtex(e) for e in library.entries]
    assert from_json == from_ris == from_bib
    assert len(from_json) == len(ids)


def test_a_span_gives_no_made_up_year(site: Site) -> None:
    """"159X" (the 1590s) is no year 1590: BibTeX gives its EDTF date alone (biblatex reads
    it); RIS keeps its first year in PY, as RIS asks, and the EDTF date in DA's last part."""
    (rec,) = records(site, "en", ["shahnama"])
    entry = bibtexparser.parse_string(bibtex([rec])).entries[0]
    fields = {k: v.value for k, v in entry.fields_dict.items()}
    assert "year" not in fields and fields["date"] == "159X"
    (r,) = rispy.loads(ris([rec]))
    assert r["year"] == "1590" and r["date"] == "1590///159X"
    (reader,) = records(site, "en", ["reader"])
    assert {k: v.value for k, v in bibtexparser.parse_string(bibtex([reader])).entries[0]
            .fields_dict.items()}["year"] == "1879"


def test_fields_and_types(site: Site) -> None:
    recs = records(site, "ru", ["shahnama", "reader", "abai"])
    entries = rispy.loads(ris(recs))
    assert [e["type_of_reference"] for e in entries] == ["MANSCPT", "BOOK", "ART"]
    assert entries[0]["title"] == "Шахнаме" and entries[0]["authors"] == ["Фирдоуси"]
    assert entries[0]["database_provider"] == "Памятники степи"
    assert entries[0]["date"] == "1590///159X"
    assert entries[1]["date"] == "1879"
    assert entries[1]["access_date"] == "2026/03/01"
    bib = bibtexparser.parse_string(bibtex(recs)).entries
    assert [e.entry_type for e in bib] == ["unpublished", "book", "misc"]
    assert [e.key for e in bib] == ["steppe-shahnama", "steppe-reader", "steppe-abai"]
    assert bib[2].fields_dict["date"].value == "1896~"  # EDTF as biblatex reads it
    assert bib[1].fields_dict["urldate"].value == "2026-03-01"
    data = json.loads(csl_json(recs))
    assert data[0]["issued"] == {"date-parts": [[1590], [1599]], "raw": "159X"}
    assert data[2]["issued"] == {"date-parts": [[1896]], "circa": True, "raw": "1896~"}
    assert data[1]["author"] == [{"family": "Алтынсарин", "given": "Ибрай"}]


def test_bibtex_escapes_special_characters() -> None:
    rec = {"id": "x/a_b", "type": "book", "title": "50% & {more} #1 $ ~ ^ \\ _",
           "URL": "https://e.org/a%20b#c", "issued": {"date-parts": [[1900]]}}
    library = bibtexparser.parse_string(bibtex([rec]))
    assert not library.failed_blocks
    title = library.entries[0].fields_dict["title"].value
    assert title == r"{50\% \& \{more\} \#1 \$ \textasciitilde{} \textasciicircum{} " \
                    r"\textbackslash{} \_}"
    assert library.entries[0].key == "x-a-b"


# What Zotero's "Embedded Metadata" translator reads, from its source in zotero/translators:
# "Embedded Metadata.js", "lastUpdated": "2026-04-27 15:11:51" (commit f6350edad7f4), read on
# the repository's snapshot of 2026-06-26. HIGHWIRE_MAPPINGS (meta name → Zotero field) and the
# tags addHighwireMetadata() reads itself; DC.* go to the RDF translator, where dc:type holding
# a Zotero item type name becomes the item's type (RDF.js detectType).
ZOTERO_HIGHWIRE = {
    "citation_title": "title", "citation_publication_date": "date",
    "citation_cover_date": "date", "citation_date": "date",
    "citation_journal_title": "publicationTitle", "citation_journal_abbrev":
    "journalAbbreviation", "citation_inbook_title": "publicationTitle",
    "citation_book_title": "bookTitle", "citation_volume": "volume", "citation_issue": "issue",
    "citation_series_title": "series", "citation_conference_title": "conferenceName",
    "citation_conference": "conferenceName", "citation_dissertation_institution": "university",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number", "citation_publisher": "publisher",
    "citation_isbn": "ISBN", "citation_abstract": "abstractNote", "citation_doi": "DOI",
    "citation_public_url": "url", "citation_language": "language",
}
ZOTERO_SEPARATE = {"citation_author", "citation_authors", "citation_editor", "citation_editors",
                   "citation_firstpage", "citation_lastpage", "citation_issn",
                   "citation_eIssn", "citation_pdf_url", "citation_abstract_html_url",
                   "citation_fulltext_html_url", "citation_pmid", "citation_online_date",
                   "citation_year", "citation_keywords"}
# tags that make Zotero guess a type that would override DC.type ("journalArticle", "book" …)
ZOTERO_TYPE_SETTERS = {"citation_journal_title", "citation_technical_report_institution",
                       "citation_conference_title", "citation_conference",
                       "citation_book_title", "citation_inbook_title",
                       "citation_dissertation_institution"}
ZOTERO_ITEM_TYPES = {"manuscript", "book", "letter", "document", "map", "artwork"}


def zotero_authors(values: list[str]) -> list[str]:
    """processHighwireCreators(): one tag split at ";"; a single tag whose text has a comma
    with a space on both sides is split at the comma into several people."""
    out = []
    for value in values:
        people = re.split(r"\s*;\s*", value)
        if len(people) == 1 and len(values) == 1:
            by_comma = re.split(r"\s*,\s*", people[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                people = by_comma
        out += [p.strip() for p in people if p.strip()]
    return out


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("ident", ["shahnama", "reader", "abai"])
def test_highwire_tags_are_what_zotero_reads(site: Site, lang: str, ident: str) -> None:
    _ex, it = item(site, ident)
    tags = highwire_tags(it, lang, site=site, url=url(lang, ident))
    names = [n for n, _ in tags]
    for name in names:
        assert name in ZOTERO_HIGHWIRE or name in ZOTERO_SEPARATE or name == "DC.type", name
    assert not ZOTERO_TYPE_SETTERS & set(names)
    values = dict(tags)
    assert values["citation_title"] == it.record.title.pick(lang, site.codes)
    assert values["citation_public_url"] == url(lang, ident)
    assert values["DC.type"] in ZOTERO_ITEM_TYPES
    authors = [v for n, v in tags if n == "citation_author"]
    assert zotero_authors(authors) == authors  # one person per tag, never split


def test_highwire_values(site: Site) -> None:
    _ex, it = item(site, "reader")
    tags = highwire_tags(it, "ru", site=site, url=url("ru", "reader"), pdf_url="https://x/a.pdf")
    assert tags == (
        ("citation_title", "Киргизская хрестоматия"),
        ("citation_author", "Алтынсарин, Ибрай"),
        ("citation_date", "1879"),
        ("citation_publisher", "Типография Губернского правления"),
        ("citation_language", "kk"),
        ("citation_public_url", "https://example.org/vr/ru/steppe/items/reader/"),
        ("citation_pdf_url", "https://x/a.pdf"),
        ("DC.type", "book"),
    )
    _ex, ms = item(site, "shahnama")
    image = dict(highwire_tags(ms, "en", site=site, url=url("en", "shahnama", "f1v"),
                               image=ms.images[1]))
    assert image["citation_title"] == "Shahnameh, f. 1v"
    assert image["citation_date"] == "1590–1599"
    assert image["citation_publisher"] == "National Library of the Republic of Kazakhstan"
    assert image["DC.type"] == "manuscript"
    _ex, photo = item(site, "abai")
    assert dict(highwire_tags(photo, "kk", site=site, url="u"))["DC.type"] == "artwork"


def test_a_sole_author_with_spaces_on_both_sides_is_not_split() -> None:
    from korme.cite.highwire import _author

    name = {"family": "Ibn Sina", "given": "Abu Ali"}
    assert zotero_authors([_author(name, alone=True)]) == ["Abu Ali Ibn Sina"]
    assert _author(name, alone=False) == "Ibn Sina, Abu Ali"
