"""Helpers a page's templates call as ``show.…`` to get the data of one list entry.

Long lists (the items index, the timeline, the catalogue) call these inside cached blocks
(``{% call p.cached("card", item) %}``), so an entry's data is made only when the entry is
rendered again, and what it reads is recorded for that entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from korme import urls
from korme.markdown.render import scope_ids
from korme.render.context import PageContext, Picture, Shown
from korme.render.values import Row, date_text, metadata, period, type_label
from korme.render.views.hero import cover
from korme.search.facets import item_keys

SIZES_ITEM = "(min-width: 1100px) 760px, (min-width: 800px) 66vw, 100vw"
SIZES_CARD = "(min-width: 1100px) 340px, (min-width: 700px) 45vw, 100vw"
SIZES_THUMB = "(min-width: 1100px) 260px, (min-width: 560px) 30vw, 46vw"
SIZES_CATALOGUE = "(min-width: 800px) 320px, 100vw"
SIZES_TINY = "4rem"
_EXACT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Card:
    """An item's card (items index, highlights, featured items)."""

    item: Any
    href: str
    picture: Picture | None
    date: Shown
    type: str
    facets: str  # the item's filter keys, "type:letter century:19"


@dataclass(frozen=True)
class Entry:
    """A compact line of a finding list (timeline, subjects, institutions)."""

    item: Any
    href: str
    picture: Picture | None
    date: Shown
    type: str
    kind: str  # how exact the date is: exact, range, approx, uncertain, period
    datetime: str  # the date for <time datetime> when it is exact


@dataclass(frozen=True)
class CatalogueEntry:
    """An item in the printable catalogue."""

    item: Any
    number: int
    href: str
    picture: Picture | None
    more_images: int
    rows: tuple[Row, ...]
    description: Shown


@dataclass(frozen=True)
class ExhibitionCard:
    exhibition: Any
    href: str
    picture: Picture | None
    period: str


@dataclass(frozen=True)
class InstitutionView:
    record: Any
    logo: str | None


def date_kind(item: Any) -> str:
    """How exact the date is: ``exact``, ``range``, ``approx``, ``uncertain`` or ``period``."""
    text = item.date.text if item.date else ""
    if "/" in text:
        return "range"
    if "~" in text or "%" in text:
        return "approx"
    if "?" in text:
        return "uncertain"
    return "period" if "X" in text else "exact"


class Show:
    """The entry helpers of one page (its context, the tracked site, its exhibition)."""

    def __init__(self, p: PageContext, site: Any, exhibition: Any = None):
        self.p, self.site, self.exhibition = p, site, exhibition

    def item_href(self, item: Any) -> str:
        return self.p.link(urls.item(self.p.lang.code, item.exhibition, item.id))

    def _first_picture(self, item: Any, sizes: str, alt: bool = True, eager: bool = False
                       ) -> Picture | None:
        img = item.images[0] if item.images else None
        if img is None:
            return None
        return self.p.picture(img.rel, img.record.alt if alt else None, sizes, eager)

    def facet_keys(self, item: Any) -> tuple[tuple[str, str], ...]:
        """The item's filter keys as ``(facet, key)`` (the same in every language)."""
        site = self.site

        def make() -> tuple[tuple[str, str], ...]:
            keys = item_keys(item, site.config.facets, site.codes)
            return tuple((n, k) for n, ks in keys.items() for k in ks)
        return self.p.kept(("facets", self.p.digest(item), self.p.digest(site)), make)  # type: ignore[no-any-return]

    def facets(self, item: Any) -> str:
        return " ".join(f"{n}:{k}" for n, k in self.facet_keys(item))

    def card(self, item: Any, eager: bool = False) -> Card:
        """``eager``: the first card of a list (likely in the first screen) loads at once."""
        p = self.p
        return Card(item, self.item_href(item), self._first_picture(item, SIZES_THUMB,
                                                                    eager=eager),
                    date_text(p, item), type_label(p, item, self.site), self.facets(item))

    def entry(self, item: Any, eager: bool = False) -> Entry:
        p = self.p
        exact = item.date.text if item.date and _EXACT.match(item.date.text) else ""
        return Entry(item, self.item_href(item),
                     self._first_picture(item, SIZES_TINY, False, eager),  # decorative
                     date_text(p, item), type_label(p, item, self.site), date_kind(item),
                     exact)

    def catalogue_entry(self, item: Any, number: int) -> CatalogueEntry:
        """The catalogue's ``number``-th entry (the first one's picture loads at once)."""
        p = self.p
        description = p.md(item.record.description)
        if description.html:
            description = description._replace(text=scope_ids(description.text, item.id))
        return CatalogueEntry(item, number, self.item_href(item),
                              self._first_picture(item, SIZES_CATALOGUE, eager=number == 1),
                              max(len(item.images) - 1, 0), metadata(p, self.site, item),
                              description)

    def exhibition_card(self, ex: Any, eager: bool = False) -> ExhibitionCard:
        """The exhibition's card: its cover cropped at its focal point."""
        p = self.p
        return ExhibitionCard(ex, p.link(urls.exhibition(p.lang.code, ex.slug)),
                              cover(p, ex, SIZES_CARD, eager).picture, period(p, ex))

    def nav_pages(self) -> tuple[tuple[str, str], ...]:
        """The site pages of the menu as ``(slug, title)``, in the page's language."""
        code, order = self.p.lang.code, self.site.codes
        return tuple((slug, pg.doc(code, order).meta.title)
                     for slug, pg in sorted(self.site.pages.items()) if slug != "index")

    def institution(self, inst: Any) -> InstitutionView:
        logo = None
        if inst.logo:
            logo = self.p.link(f"media/logos/{inst.id}-{inst.logo.rsplit('/', 1)[-1]}")
        return InstitutionView(inst, logo)
