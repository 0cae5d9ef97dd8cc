"""The pages of a site: which pages there are, in every published language, and where.

Each kind of page has a lister here (its URL pattern, from :mod:`korme.urls`); how a kind is
rendered (its template, view and search role) is its entry in :mod:`korme.render.kinds`. Each
page has a language-independent key (``("item", ex, id)``) so the language switcher and
``hreflang`` alternates point at the same page in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from korme import urls
from korme.i18n import Lang
from korme.imagepages import own_pages
from korme.model import Exhibition, Item, Section, Site, SitePage
from korme.related import related_index

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
        about = tuple((name, entity_id(v)) for name, v in sorted(self.data.items()))
        return (self.kind, self.key, self.lang.code, self.url, about)


def entity_id(value: Any) -> Any:
    """A model object by what identifies it (a value as it is)."""
    if isinstance(value, Item):
        return ("item", value.exhibition, value.id)
    if isinstance(value, Section):
        return ("section", value.exhibition, value.slug)
    if isinstance(value, Exhibition):
        return ("exhibition", value.slug)
    if isinstance(value, SitePage):
        return ("page", value.slug)
    return value


Lister = Callable[[Site, Lang], Iterator[Page]]


def home(site: Site, lang: Lang) -> Iterator[Page]:
    yield Page("home", ("home",), lang, urls.home(lang.code))


def site_pages(site: Site, lang: Lang) -> Iterator[Page]:
    for slug, pg in sorted(site.pages.items()):
        if slug != "index":
            yield Page("page", ("page", slug), lang, urls.page(lang.code, slug), {"site_page": pg})


def search(site: Site, lang: Lang) -> Iterator[Page]:
    yield Page("search", ("search",), lang, urls.search(lang.code))


def per_exhibition(kind: str, url: Callable[[str, str], str]
                    ) -> Callable[[Site, Lang], Iterator[Page]]:
    def pages_of(site: Site, lang: Lang) -> Iterator[Page]:
        for ex in site.exhibitions:
            yield Page(kind, (kind, ex.slug), lang, url(lang.code, ex.slug), {"exhibition": ex})
    return pages_of


def _neighbours(seq: tuple[Any, ...], n: int) -> dict[str, Any]:
    return {"prev": seq[n - 1] if n else None, "next": seq[n + 1] if n + 1 < len(seq) else None}


def sections(site: Site, lang: Lang) -> Iterator[Page]:
    for ex in site.exhibitions:
        for n, sec in enumerate(ex.sections):
            yield Page("section", ("section", ex.slug, sec.slug), lang,
                       urls.section(lang.code, ex.slug, sec.slug),
                       {"exhibition": ex, "section": sec, **_neighbours(ex.sections, n)})


def items(site: Site, lang: Lang) -> Iterator[Page]:
    for ex in site.exhibitions:
        related = related_index(ex, site.codes)  # ids: part of each item page's identity
        for n, it in enumerate(ex.items):
            yield Page("item", ("item", ex.slug, it.id), lang,
                       urls.item(lang.code, ex.slug, it.id),
                       {"exhibition": ex, "item": it, **_neighbours(ex.items, n),
                        "related_ids": related[it.id]})


def images(site: Site, lang: Lang) -> Iterator[Page]:
    """A page for every image of every item with several (:mod:`korme.imagepages`)."""
    for ex in site.exhibitions:
        for it in ex.items:
            for number, slug in own_pages(it, site.codes).items():
                yield Page("image", ("image", ex.slug, it.id, slug), lang,
                           urls.image(lang.code, ex.slug, it.id, slug),
                           {"exhibition": ex, "item": it, "image": number})


def browse(kind: str) -> Callable[[str, str], str]:
    return lambda lang, ex: urls.browse(lang, ex, kind)


exhibitions = per_exhibition("exhibition", urls.exhibition)
items_indexes = per_exhibition("items", urls.items_index)
timelines = per_exhibition("timeline", browse("timeline"))
subject_lists = per_exhibition("subjects", browse("subjects"))
institution_lists = per_exhibition("institutions", browse("institutions"))
catalogues = per_exhibition("catalogue", urls.catalogue)
compare_pages = per_exhibition("compare", urls.compare)  # any two of its images side by side

LISTERS: tuple[Lister, ...] = (home, site_pages, search, exhibitions, sections, items_indexes,
                               timelines, subject_lists, institution_lists, catalogues, items,
                               images, compare_pages)


def all_pages(site: Site) -> Iterator[Page]:
    """Every page of every published language, in a stable order."""
    for lang in site.languages:
        for lister in LISTERS:
            yield from lister(site, lang)
