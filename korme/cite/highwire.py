"""Highwire Press ``citation_*`` meta tags (and ``DC.type``) for item and image pages.

Written for what Zotero's "Embedded Metadata" translator reads (zotero/translators,
``Embedded Metadata.js``): ``citation_title``, ``citation_author`` (one tag per person, written
``Family, Given``), ``citation_date``, ``citation_publisher``, ``citation_public_url``,
``citation_language``, ``citation_keywords``, ``citation_pdf_url``; the item type comes from
``DC.type`` holding a Zotero item type name (the translator passes ``DC.*`` to Zotero's RDF
import, which takes a known type name as the type). The tags carry the page language's texts.
"""

from __future__ import annotations

from korme.cite.names import display_name, parse_name
from korme.cite.record import text_of
from korme.dates import EdtfDate
from korme.model import Item, ItemImage, Site

ZOTERO_TYPES = {"manuscript": "manuscript", "book": "book", "letter": "letter",
                "document": "document", "map": "map", "photograph": "artwork",
                "artwork": "artwork", "object": "artwork"}


def highwire_date(date: EdtfDate) -> str:
    """``1925/05/12``, ``1890/04``, ``1863``; a vague date as the years it spans."""
    text = date.text.rstrip("~?%")
    if date.simple and "/" not in text and "X" not in text:
        return text.replace("-", "/")
    if date.first_year == date.last_year:
        return f"{date.first_year:04d}"
    return f"{date.first_year:04d}–{date.last_year:04d}"


def _author(name: dict[str, object], alone: bool) -> str:
    """One author as Zotero splits it: ``Family, Given``; a sole author whose both parts hold a
    space is written ``Given Family`` (Zotero would read such a comma as two authors)."""
    if "literal" in name:
        return str(name["literal"])
    family, given = str(name["family"]), str(name["given"])
    if alone and " " in family and " " in given:
        return display_name(name)
    return display_name(name, inverted=True)


def highwire_tags(item: Item, lang: str, *, site: Site, url: str,
                  image: ItemImage | None = None, pdf_url: str | None = None
                  ) -> tuple[tuple[str, str], ...]:
    """The ``(name, content)`` pairs of the page's citation meta tags, in page order."""
    order = site.codes
    rec = item.record
    title = rec.title.pick(lang, order)
    if image is not None and image.record.label:
        title = f"{title}, {image.record.label.pick(lang, order)}"
    tags: list[tuple[str, str]] = [("citation_title", title)]
    names = [parse_name(text_of(c, lang, order)) for c in rec.creator]
    tags += [("citation_author", _author(n, len(names) == 1)) for n in names]
    if item.date is not None:
        tags.append(("citation_date", highwire_date(item.date)))
    publisher = text_of(rec.extra_fields.get("publisher"), lang, order) or (
        item.institution.name.pick(lang, order) if item.institution else "")
    if publisher:
        tags.append(("citation_publisher", publisher))
    if rec.language:
        tags.append(("citation_language", rec.language[0]))
    if rec.subjects:
        tags.append(("citation_keywords", "; ".join(s.pick(lang, order) for s in rec.subjects)))
    tags.append(("citation_public_url", url))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    tags.append(("DC.type", ZOTERO_TYPES.get(rec.type or "", "artwork")))
    return tuple(tags)
