"""What search engines and social media read: Open Graph and Twitter cards, schema.org JSON-LD,
``sitemap.xml`` and ``robots.txt``.

Absolute URLs need the site's ``base_url``; without one, canonical links, ``og:url``,
``og:image`` and the sitemap are left out (relative URLs mean nothing to a crawler), and
``robots.txt`` has no ``Sitemap:`` line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any
from xml.sax.saxutils import quoteattr

from markupsafe import Markup

from korme.dates import EdtfDate
from korme.images.model import Derivative, PlannedImage
from korme.model import Exhibition, Item, Site
from korme.render import urls
from korme.render.context import PageContext

OG_WIDTH = 1200  # the card image: the first fallback derivative at least this wide
ITEM_TYPES = {
    "manuscript": "Manuscript", "book": "Book", "printed-book": "Book",
    "document": "ArchiveComponent", "letter": "ArchiveComponent",
    "archival-document": "ArchiveComponent", "photograph": "Photograph", "map": "Map",
}


@dataclass(frozen=True)
class CardImage:
    """The image of a social card: an absolute URL with its size and alt text."""

    url: str
    width: int
    height: int
    alt: str
    mime: str


def card_derivative(plan: PlannedImage | None) -> Derivative | None:
    """A JPEG/PNG derivative about :data:`OG_WIDTH` wide (what every card reader shows)."""
    if plan is None or not plan.fallback:
        return None
    return next((d for d in plan.fallback if d.width >= OG_WIDTH), plan.fallback[-1])


def card_image(site: Site, p: PageContext, rel: str | None, alt: Any) -> CardImage | None:
    """The card image of a source image, when the site has a ``base_url``."""
    d = card_derivative(p.images.get(rel)) if rel else None
    if d is None or not site.config.base_url:
        return None
    return CardImage(site.config.base_url + d.path, d.width, d.height, p.plain(alt), d.mime)


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON-LD safe inside ``<script>``: ``<``, ``>`` and ``&`` escaped as ``\\u003c`` etc."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)


_ISO = re.compile(r"-?\d{4}(-\d{2}(-\d{2})?)?")


def iso_date(date: EdtfDate | None) -> str | None:
    """An EDTF date as ISO 8601 for schema.org: exact dates as they are, anything else
    (``159X``, ``~1720``, ``1890/1895``) as the year or the interval of years it spans."""
    if date is None:
        return None
    if _ISO.fullmatch(date.text):
        return date.text
    first, last = date.first_year, date.last_year
    return f"{first:04d}" if first == last else f"{first:04d}/{last:04d}"


_ANY_TAG = re.compile(r"<[^>]*>")


def strip_tags(html: str) -> str:
    """The same text as markupsafe's ``Markup.striptags`` (tags removed, spaces collapsed,
    entities decoded), with one regular expression instead of a copy per tag."""
    return _strip(str(html))


@lru_cache(maxsize=8)  # an item page's description is stripped twice: JSON-LD, meta description
def _strip(html: str) -> str:
    if "<!--" in html:  # comments first, exactly as markupsafe does
        return Markup(html).striptags()
    text = " ".join(_ANY_TAG.sub("", html).split())
    return unescape(text) if "&" in text else text


def _md_text(p: PageContext, value: Any) -> str:
    """A Markdown field as plain text (for descriptions)."""
    return strip_tags(p.md(value))


def _abs(site: Site, url: str) -> str | None:
    return urls.absolute(site.config.base_url, url)


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _org(site: Site, p: PageContext, inst: Any) -> dict[str, Any]:
    return _drop_empty({"@type": "ArchiveOrganization", "name": p.plain(inst.name),
                        "url": inst.url})


def exhibition_ld(site: Site, p: PageContext, ex: Exhibition, url: str,
                  image: CardImage | None) -> dict[str, Any]:
    """schema.org ``ExhibitionEvent`` of an exhibition page."""
    card = ex.card
    return _drop_empty({
        "@context": "https://schema.org", "@type": "ExhibitionEvent",
        "name": p.plain(card.title), "description": _md_text(p, card.summary),
        "url": _abs(site, url), "inLanguage": p.lang.tag,
        "startDate": card.dates.opens.isoformat() if card.dates.opens else None,
        "endDate": card.dates.closes.isoformat() if card.dates.closes else None,
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": _drop_empty({"@type": "VirtualLocation",
                                 "url": _abs(site, url)}),
        "organizer": [_org(site, p, i) for i in ex.institutions],
        "image": image.url if image else None,
    })


def item_ld(site: Site, p: PageContext, ex: Exhibition, it: Item, url: str,
            image: CardImage | None) -> dict[str, Any]:
    """schema.org ``Manuscript``, ``Book``, ``ArchiveComponent``… of an item page."""
    rec = it.record
    kind = ITEM_TYPES.get(rec.type or "", "CreativeWork")
    holder = _org(site, p, it.institution) if it.institution else None
    return _drop_empty({
        "@context": "https://schema.org", "@type": kind,
        "name": p.plain(rec.title), "url": _abs(site, url),
        "description": _md_text(p, rec.description),
        "creator": [{"@type": "Person", "name": p.plain(c)} for c in rec.creator or ()],
        "dateCreated": iso_date(it.date),
        "inLanguage": list(rec.language or ()),
        "identifier": rec.identifier,
        "holdingArchive" if kind == "ArchiveComponent" else "provider": holder,
        "image": _drop_empty({"@type": "ImageObject", "contentUrl": image.url,
                              "width": image.width, "height": image.height,
                              "caption": image.alt}) if image else None,
        "license": rec.rights,
        "keywords": [p.plain(s) for s in rec.subjects or ()],
        "isPartOf": _drop_empty({"@type": "ExhibitionEvent", "name": p.plain(ex.card.title),
                                 "url": _abs(site, urls.exhibition(p.lang.code, ex.slug))}),
    })


def sitemap(site: Site, pages: dict[tuple[str, ...], dict[str, str]],
            excluded: Iterable[tuple[str, ...]] = ()) -> str | None:
    """``sitemap.xml`` with an ``xhtml:link`` alternate per language (``None`` without
    ``base_url``). ``pages``: each page key's URL per language code."""
    base = site.config.base_url
    if not base:
        return None
    skip = set(excluded)
    tags = {lang.code: lang.tag for lang in site.languages}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for key, by_lang in pages.items():
        if key in skip:
            continue
        default = by_lang.get(site.default.code) or next(iter(by_lang.values()))
        for url in by_lang.values():
            out.append(f"<url><loc>{_xml(base + url)}</loc>")
            for code, other in by_lang.items():
                out.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(tags[code])} '
                           f"href={quoteattr(base + other)}/>")
            out.append('<xhtml:link rel="alternate" hreflang="x-default" '
                       f"href={quoteattr(base + default)}/></url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots(site: Site) -> str:
    """``robots.txt``: everything may be crawled; the sitemap's address with a ``base_url``."""
    lines = ["User-agent: *", "Allow: /"]
    if site.config.base_url:
        lines.append(f"Sitemap: {site.config.base_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def site_files(site: Site, pages: dict[tuple[str, ...], dict[str, str]]) -> dict[str, str]:
    """``robots.txt`` and, with a ``base_url``, ``sitemap.xml`` (search pages left out)."""
    out = {"robots.txt": robots(site)}
    xml = sitemap(site, pages, excluded=[("search",)])
    if xml:
        out["sitemap.xml"] = xml
    return out
