"""The kinds of pages: one entry each, with its URL pattern, template, view and search role.

Adding a kind of page is adding one :class:`PageKind` to :data:`KINDS`: a function listing its
pages for a language, the template that renders them, the view that prepares their data and
how the search index treats them. Each page has a language-independent key (``("item", ex,
id)``) so the language switcher and ``hreflang`` alternates point at the same page in every
language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from korme import urls
from korme.i18n import Lang
from korme.imagepages import item_page_slugs
from korme.model import Exhibition, Site
from korme.related import related_index
from korme.render.tracking import entity_key
from korme.render.views import lists, pages

Key = tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """One page to render: its kind, key, language, URL and the model objects it is about."""

    kind: str
    key: Key
    lang: Lang
    url: str
    data: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def identity(self) -> tuple[Any, ...]:
        """What makes this page this page (part of its fingerprint): which entities it is
        about by their keys, e.g. the neighbours of an item in its pager."""
        about = tuple((name, entity_key(v) if entity_key(v) else v)
                      for name, v in sorted(self.data.items()))
        return (self.kind, self.key, self.lang.code, self.url, about)


@dataclass(frozen=True)
class PageKind:
    """A kind of page (see the module)."""

    name: str
    template: str
    pages: Callable[[Site, Lang], Iterator[Page]]
    view: Callable[..., Any]
    indexed: bool = True  # whether the search index reads its main content
    in_sitemap: bool = True


def _home(site: Site, lang: Lang) -> Iterator[Page]:
    yield Page("home", ("home",), lang, urls.home(lang.code))


def _site_pages(site: Site, lang: Lang) -> Iterator[Page]:
    for slug, pg in sorted(site.pages.items()):
        if slug != "index":
            yield Page("page", ("page", slug), lang, urls.page(lang.code, slug), {"site_page": pg})


def _search(site: Site, lang: Lang) -> Iterator[Page]:
    yield Page("search", ("search",), lang, urls.search(lang.code))


def _per_exhibition(kind: str, url: Callable[[str, str], str]
                    ) -> Callable[[Site, Lang], Iterator[Page]]:
    def pages_of(site: Site, lang: Lang) -> Iterator[Page]:
        for ex in site.exhibitions:
            yield Page(kind, (kind, ex.slug), lang, url(lang.code, ex.slug), {"exhibition": ex})
    return pages_of


def _neighbours(seq: tuple[Any, ...], n: int) -> dict[str, Any]:
    return {"prev": seq[n - 1] if n else None, "next": seq[n + 1] if n + 1 < len(seq) else None}


def _sections(site: Site, lang: Lang) -> Iterator[Page]:
    for ex in site.exhibitions:
        for n, sec in enumerate(ex.sections):
            yield Page("section", ("section", ex.slug, sec.slug), lang,
                       urls.section(lang.code, ex.slug, sec.slug),
                       {"exhibition": ex, "section": sec, **_neighbours(ex.sections, n)})


def _items(site: Site, lang: Lang) -> Iterator[Page]:
    for ex in site.exhibitions:
        related = related_index(ex, site.codes)  # ids: part of each item page's identity
        for n, it in enumerate(ex.items):
            yield Page("item", ("item", ex.slug, it.id), lang,
                       urls.item(lang.code, ex.slug, it.id),
                       {"exhibition": ex, "item": it, **_neighbours(ex.items, n),
                        "related_ids": related[it.id]})


def _images(site: Site, lang: Lang) -> Iterator[Page]:
    """A page for every image of every item (its slug: :mod:`korme.imagepages`)."""
    for ex in site.exhibitions:
        for it in ex.items:
            for number, slug in item_page_slugs(it, site.codes).items():
                yield Page("image", ("image", ex.slug, it.id, slug), lang,
                           urls.image(lang.code, ex.slug, it.id, slug),
                           {"exhibition": ex, "item": it, "image": number})


def _browse(kind: str) -> Callable[[str, str], str]:
    return lambda lang, ex: urls.browse(lang, ex, kind)


KINDS: tuple[PageKind, ...] = (
    PageKind("home", "home.html", _home, pages.home, indexed=False),
    PageKind("page", "page.html", _site_pages, pages.site_page),
    PageKind("search", "search.html", _search, lists.search, indexed=False, in_sitemap=False),
    PageKind("exhibition", "exhibition.html", _per_exhibition("exhibition", urls.exhibition),
             pages.exhibition),
    PageKind("section", "section.html", _sections, pages.section),
    PageKind("items", "items.html", _per_exhibition("items", urls.items_index), lists.items,
             indexed=False),
    PageKind("timeline", "timeline.html", _per_exhibition("timeline", _browse("timeline")),
             lists.timeline, indexed=False),
    PageKind("subjects", "subjects.html", _per_exhibition("subjects", _browse("subjects")),
             lists.subjects, indexed=False),
    PageKind("institutions", "institutions.html",
             _per_exhibition("institutions", _browse("institutions")), lists.institutions,
             indexed=False),
    PageKind("catalogue", "catalogue.html", _per_exhibition("catalogue", urls.catalogue),
             lists.catalogue, indexed=False),
    PageKind("item", "item.html", _items, pages.item),
    # left out of the search index: their item is the result (naming the image)
    PageKind("image", "image.html", _images, pages.image, indexed=False),
)
BY_NAME = {k.name: k for k in KINDS}


def all_pages(site: Site) -> Iterator[Page]:
    """Every page of every published language, in a stable order."""
    for lang in site.languages:
        for kind in KINDS:
            yield from kind.pages(site, lang)


def exhibition_of(page: Page) -> Exhibition | None:
    """The exhibition a page belongs to, if any."""
    return page.data.get("exhibition")
