"""How each kind of page is rendered: one entry per kind, with its pages (their lister and URL
pattern, :mod:`korme.pages`), its template, the view that prepares its data and whether the
search index reads it. A new kind of page is a lister in :mod:`korme.pages` and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from korme import pages as listed
from korme.model import Site
from korme.pages import Lister, Page
from korme.render.views import compare, home, lists, pages, timeline


@dataclass(frozen=True)
class PageKind:
    """A kind of page (see the module)."""

    name: str
    template: str
    pages: Lister
    view: Callable[..., Any]
    indexed: bool = True  # whether the search index reads its main content
    in_sitemap: bool = True
    # a list of every item: rendered after the others, the longest first (this order), and
    # written as it is made (korme.pagesink.PageSink.take_pieces)
    long: int | None = None


KINDS: tuple[PageKind, ...] = (
    PageKind("home", "home.html", listed.home, home.home, indexed=False),
    PageKind("page", "page.html", listed.site_pages, pages.site_page),
    PageKind("search", "search.html", listed.search, lists.search, indexed=False,
             in_sitemap=False, long=5),
    PageKind("exhibition", "exhibition.html", listed.exhibitions, pages.exhibition),
    PageKind("section", "section.html", listed.sections, pages.section),
    PageKind("items", "items.html", listed.items_indexes, lists.items, indexed=False, long=1),
    PageKind("timeline", "timeline.html", listed.timelines, timeline.timeline,
             indexed=False, long=2),
    PageKind("subjects", "subjects.html", listed.subject_lists, lists.subjects, indexed=False,
             long=4),
    PageKind("institutions", "institutions.html", listed.institution_lists, lists.institutions,
             indexed=False, long=3),
    PageKind("catalogue", "catalogue.html", listed.catalogues, lists.catalogue, indexed=False,
             long=0),
    PageKind("item", "item.html", listed.items, pages.item),
    # left out of the search index: their item is the result (naming the image)
    PageKind("image", "image.html", listed.images, pages.image, indexed=False),
    PageKind("compare", "compare.html", listed.compare_pages, compare.compare_page,
             indexed=False, long=6),  # every image of the exhibition, listed
)
BY_NAME = {k.name: k for k in KINDS}


def all_pages(site: Site) -> Iterator[Page]:
    """Every page to render, in the order of :data:`KINDS` for each language."""
    for lang in site.languages:
        for kind in KINDS:
            yield from kind.pages(site, lang)
