"""What search engines and social media read of a page: Open Graph and Twitter cards,
schema.org JSON-LD.

Absolute URLs need the site's ``base_url``; without one, ``og:url`` and ``og:image`` are left
out (relative URLs mean nothing to a crawler).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from korme import urls
from korme.dates import EdtfDate
from korme.images.model import Derivative, PlannedImage
from korme.model import Exhibition, Item, Site
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
    url = d.path if "://" in d.path else site.config.base_url + d.path  # (a partner's: as is)
    return CardImage(url, d.width, d.height, p.plain(alt), d.mime)


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


def _md_text(p: PageContext, value: Any) -> str:
    """A Markdown field as plain text (for descriptions)."""
    shown = p.md(value)
    return Markup(shown.text).striptags() if shown.text else ""


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
            image: CardImage | None, summary: str | None = None) -> dict[str, Any]:
    """schema.org ``Manuscript``, ``Book``, ``ArchiveComponent``… of an item page."""
    rec = it.record
    kind = ITEM_TYPES.get(rec.type or "", "CreativeWork")
    holder = _org(site, p, it.institution) if it.institution else None
    return _drop_empty({
        "@context": "https://schema.org", "@type": kind,
        "name": p.plain(rec.title), "url": _abs(site, url),
        "description": _md_text(p, rec.description) if summary is None else summary,
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


def image_ld(site: Site, p: PageContext, ex: Exhibition, it: Item, img: Any, url: str,
             image: CardImage | None, summary: str | None) -> dict[str, Any]:
    """schema.org ``ImageObject`` of an image's own page, part of its item."""
    rec, own = it.record, img.record
    return _drop_empty({
        "@context": "https://schema.org", "@type": "ImageObject",
        "name": p.plain(own.label) or p.ui("viewer_image", n=img.number),
        "url": _abs(site, url), "inLanguage": p.lang.tag,
        "contentUrl": image.url if image else None,
        "width": image.width if image else None, "height": image.height if image else None,
        "caption": summary, "creditText": p.plain(own.credit),
        "license": own.rights or rec.rights,
        "isPartOf": _drop_empty({"@type": ITEM_TYPES.get(rec.type or "", "CreativeWork"),
                                 "name": p.plain(rec.title),
                                 "url": _abs(site, urls.item(p.lang.code, ex.slug, it.id))}),
    })


@dataclass(frozen=True)
class PageSeo:
    """A page's card image, Open Graph type, locales and JSON-LD."""

    og_type: str
    image: CardImage | None
    json_ld: Markup | str
    locale: str
    locale_alternates: tuple[str, ...]


def page_seo(site: Any, p: PageContext, page: Any, data: dict[str, Any],
             by_key: dict[Any, dict[str, str]], summary: str | None = None) -> PageSeo:
    """What a page gives search engines and link previews (``site`` and ``data``, the page's
    model objects, are the renderer's tracked views)."""
    kind = page.kind
    ex = data.get("exhibition")
    if ex is None and kind == "home" and site.exhibitions:
        ex = site.exhibitions[0]
    shown: list[Any] = []
    item = data.get("item")
    number = data.get("image", 1)  # an image's page: its own image
    if item is not None:
        shown = list(item.images[number - 1:number])
    elif kind == "section" and ex is not None:
        shown = [it.images[0] for i in data["section"].items
                 if (it := ex.item(i)) is not None and it.images][:1]
    if not shown and ex is not None and ex.cover:
        shown = [ex.cover]
    image = card_image(site, p, shown[0].rel, shown[0].record.alt) if shown else None
    ld = exhibition_ld(site, p, ex, page.url, image) if kind == "exhibition" else \
        image_ld(site, p, ex, item, shown[0], page.url, image, summary) if kind == "image" \
        else item_ld(site, p, ex, item, page.url, image, summary) if item is not None else None
    return PageSeo("article" if kind in ("item", "section", "image") else "website", image,
                   json_ld(ld) if ld else "", p.lang.locale,
                   tuple(lang.locale for lang in site.languages
                         if lang.code != p.lang.code and lang.code in by_key[page.key]))
