"""Views of the finding pages: the items index, timeline, subjects, institutions, the printable
catalogue and search; and what an item page gives the search index only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from korme import urls
from korme.collate import sort_key
from korme.render.context import PageContext, Shown
from korme.render.tracking import entity_key, untrack
from korme.render.values import date_text, field_label, period, type_label
from korme.render.views.base import ViewInput
from korme.render.views.citing import catalogue_files
from korme.render.views.show import InstitutionView
from korme.render.words import facet_strings
from korme.search.facets import Facet, facets, text_key
from korme.search.translit import browser_tables

FACET_LABELS = {"type": "field_type", "institution": "field_institution",
                "century": "facet_century", "language": "field_language",
                "subjects": "field_subjects"}


@dataclass(frozen=True)
class BrowseLink:
    href: str
    label: str
    current: bool


def browse_links(p: PageContext, ex: Any, current: str = "") -> tuple[BrowseLink, ...]:
    """Links to the exhibition's timeline, subjects and institutions pages."""
    return tuple(BrowseLink(p.link(urls.browse(p.lang.code, ex.slug, kind)),
                            p.ui(f"{kind}_title"), kind == current)
                 for kind in ("timeline", "subjects", "institutions"))


def facet_list(v: ViewInput, items: Any) -> tuple[Facet, ...]:
    """The filters over these items, with labels and counts in the page's language: kept in
    the build cache under the digests of the items, their institutions and the site (what
    the counts are made from; reading them records them), so that a list page rendered again
    for another reason (a card changed) does not count thousands of items again."""
    p, site = v.p, v.site
    plain = [untrack(it) for it in items]
    read = tuple((p.digest(it), p.digest_of(entity_key(own.institution))
                  if own.institution is not None else "") for it, own in zip(items, plain,
                                                                               strict=True))

    def make() -> tuple[Facet, ...]:
        labels = {n: p.ui(FACET_LABELS[n]) if n in FACET_LABELS else field_label(p, site, n)
                  for n in site.config.facets}
        return tuple(facets(plain, site.config.facets, p.lang.code, site.codes,
                            facet_strings(p, site), labels))
    return p.kept(("facets", p.digest(site), read), make)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ListView:
    """A finding page: the exhibition's links, its filters and its items or groups."""

    exhibition_href: str
    items_href: str
    browse: tuple[BrowseLink, ...]
    items: tuple[Any, ...] = ()
    facets: tuple[Facet, ...] = ()
    groups: tuple[Any, ...] = ()


def _list(v: ViewInput, kind: str, **extra: Any) -> ListView:
    ex, p = v.data["exhibition"], v.p
    return ListView(p.link(urls.exhibition(p.lang.code, ex.slug)),
                    p.link(urls.items_index(p.lang.code, ex.slug)),
                    browse_links(p, ex, kind), **extra)


def items(page: Any, v: ViewInput) -> ListView:
    ex = v.data["exhibition"]
    return _list(v, "", items=ex.items, facets=facet_list(v, ex.items))


@dataclass(frozen=True)
class Group:
    """A group of a finding list: its anchor, heading and items."""

    id: str
    label: Shown | str
    items: tuple[Any, ...]
    record: Any = None  # an institution's record
    logo: str | None = None


def subjects(page: Any, v: ViewInput) -> ListView:
    ex, p = v.data["exhibition"], v.p
    found: dict[str, tuple[Any, str, list[Any]]] = {}
    for it in ex.items:
        for subject in it.record.subjects:
            key = text_key(subject, v.site.codes)
            found.setdefault(key, (p.t(subject), sort_key(p.plain(subject), p.lang.code),
                                   []))[2].append(it)
    groups = sorted(found.items(), key=lambda g: (g[1][1], g[0]))
    return _list(v, "subjects", groups=tuple(Group(k, label, tuple(its))
                                             for k, (label, _, its) in groups))


def institutions(page: Any, v: ViewInput) -> ListView:
    ex, p = v.data["exhibition"], v.p
    groups = []
    for inst in v.site.institutions.values():
        held = tuple(it for it in ex.items if it.institution and it.institution.id == inst.id)
        if held:
            groups.append(Group(inst.id, p.t(inst.name), held, inst,
                                v.show.institution(inst).logo))
    groups.sort(key=lambda g: sort_key(p.plain(g.record.name), p.lang.code))
    return _list(v, "institutions", groups=tuple(groups))


@dataclass(frozen=True)
class CatalogueView:
    exhibition_href: str
    items_href: str
    period: str
    partners: tuple[InstitutionView, ...]
    items: tuple[Any, ...]
    cite_files: tuple[tuple[str, str], ...] = ()  # the whole exhibition's BibTeX, RIS, CSL-JSON


def catalogue(page: Any, v: ViewInput) -> CatalogueView:
    ex, p = v.data["exhibition"], v.p
    return CatalogueView(p.link(urls.exhibition(p.lang.code, ex.slug)),
                         p.link(urls.items_index(p.lang.code, ex.slug)), period(p, ex),
                         tuple(v.show.institution(i) for i in ex.institutions), ex.items,
                         catalogue_files(p, ex))  # korme.cite


@dataclass(frozen=True)
class SearchView:
    facets: tuple[Facet, ...]
    translit: Any


def search(page: Any, v: ViewInput) -> SearchView:
    every = tuple(it for ex in v.site.exhibitions for it in ex.items)
    return SearchView(facet_list(v, every), browser_tables())


@dataclass(frozen=True)
class SearchData:
    """What an item page gives the search index only: filters and meta (the other spellings
    of its words are added by the indexer, korme/search/document.py)."""

    thumb: str
    filters: tuple[tuple[str, str], ...]
    meta_date: str
    meta_type: str


def search_data(v: ViewInput, it: Any) -> SearchData:
    p = v.p
    thumb = ""
    plan = p.images.get(it.images[0].rel) if it.images else None
    if plan and plan.fallback:
        thumb = next((d for d in plan.fallback if d.width >= 240), plan.fallback[-1]).path
    return SearchData(thumb, v.show.facet_keys(it), date_text(p, it).text,
                      type_label(p, it, v.site).text)
