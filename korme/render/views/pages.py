"""Views of the reading pages: site pages, an exhibition, a section, an item (the home page's
is :func:`korme.render.views.home.home`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from korme import urls
from korme.render.context import Shown
from korme.render.values import (
    Row,
    date_text,
    metadata,
    period,
    type_label,
)
from korme.render.views.base import DocLang, Nav, ViewInput, doc_lang
from korme.render.views.citing import CiteView, cite_view
from korme.render.views.hero import SIZES_HERO, Cover, cover
from korme.render.views.lists import BrowseLink, browse_links, search_data
from korme.render.views.openin import OpenIn, open_in
from korme.render.views.show import Card, InstitutionView
from korme.render.views.story import StoryView, story_view
from korme.render.views.viewer import ItemViewer, item_viewer


@dataclass(frozen=True)
class PageView:
    doc: Any
    body: Shown
    doc_lang: DocLang | None


def site_page(page: Any, v: ViewInput) -> PageView:
    doc = v.data["site_page"].doc(v.p.lang.code, v.site.codes)
    return PageView(doc, Shown(v.p.markdown.block(doc.body), html=True), doc_lang(v, doc))


@dataclass(frozen=True)
class TocEntry:
    section: Any
    href: str
    doc: Any


@dataclass(frozen=True)
class ExhibitionView:
    cover_href: str
    hero: Cover  # cropped at its focal point, never enlarged (korme.render.views.hero)
    period: str
    toc: tuple[TocEntry, ...]
    items_href: str
    browse: tuple[BrowseLink, ...]
    partners: tuple[InstitutionView, ...]
    highlights: tuple[Card, ...]
    catalogue_href: str


def exhibition(page: Any, v: ViewInput) -> ExhibitionView:
    ex, p = v.data["exhibition"], v.p
    c = p.lang.code
    return ExhibitionView(
        p.link(urls.item(c, ex.slug, ex.cover_item.id)) if ex.cover_item else "",
        cover(p, ex, SIZES_HERO, eager=True, hero=True),
        period(p, ex),
        tuple(TocEntry(sec, p.link(urls.section(c, ex.slug, sec.slug)),
                       sec.doc(c, v.site.codes)) for sec in ex.sections),
        p.link(urls.items_index(c, ex.slug)),
        browse_links(p, ex),
        tuple(v.show.institution(i) for i in ex.institutions),
        tuple(v.show.card(it) for it in ex.items[:4]),
        p.link(urls.catalogue(c, ex.slug)))


@dataclass(frozen=True)
class SectionView:
    doc: Any
    body: Shown
    doc_lang: DocLang | None
    featured: tuple[Card, ...]
    exhibition_href: str
    nav: dict[str, Nav | None]
    position: int
    total: int
    story: StoryView | None = None  # ``layout: story`` (korme.render.views.story)
    has_compare: bool = False  # a ``::compare`` figure: the page loads compare.js


def section(page: Any, v: ViewInput) -> SectionView:
    ex, sec, p = v.data["exhibition"], v.data["section"], v.p
    c = p.lang.code
    doc = sec.doc(c, v.site.codes)
    nav: dict[str, Nav | None] = {}
    for k in ("prev", "next"):
        other = v.data[k]
        nav[k] = Nav(p.link(urls.section(c, ex.slug, other.slug)),
                     other.doc(c, v.site.codes).meta.title) if other else None
    body = p.markdown.block(doc.body)
    story = story_view(p, ex, doc.body, body) if getattr(
        sec.doc(v.site.codes[0], v.site.codes).meta, "layout", "") == "story" else None
    return SectionView(
        doc, Shown(body, html=True), doc_lang(v, doc),
        tuple(v.show.card(it) for i in sec.items if (it := ex.item(i)) is not None),
        p.link(urls.exhibition(c, ex.slug)), nav,
        [s.slug for s in ex.sections].index(sec.slug) + 1, len(ex.sections), story,
        "::compare" in doc.body)


@dataclass(frozen=True)
class ItemView:
    viewer: ItemViewer
    rows: tuple[Row, ...]
    description: Shown
    summary: str  # the description as plain text (meta description, JSON-LD)
    cite: CiteView  # citations, citation_* tags, the re-use panel (korme.cite)
    sections: tuple[Nav, ...]
    nav: dict[str, Nav | None]
    date: Shown
    type: str
    exhibition_href: str
    items_href: str
    item_href: str
    related: tuple[Any, ...]  # items (korme.related), shown as cards
    search: Any
    open_in: OpenIn | None = None  # manifest, IIIF viewer, compare with… (views.openin)


def item(page: Any, v: ViewInput) -> ItemView:
    ex, it, p, site = v.data["exhibition"], v.data["item"], v.p, v.site
    c = p.lang.code
    viewer = item_viewer(p, site, ex, it)  # first: its current image is the eager picture
    sections = tuple(Nav(p.link(urls.section(c, ex.slug, slug)),
                         sec.doc(c, site.codes).meta.title)
                     for slug in it.featured_in if (sec := ex.section(slug)))
    nav = {k: (Nav(p.link(urls.item(c, ex.slug, o.id)), p.t(o.record.title))
               if (o := v.data[k]) else None) for k in ("prev", "next")}
    description = p.md(it.record.description)
    return ItemView(
        viewer, metadata(p, site, it), description,
        Markup(description.text).striptags() if description.html else description.text,
        cite_view(p, site, ex, it),
        sections, nav, date_text(p, it), type_label(p, it, site),
        p.link(urls.exhibition(c, ex.slug)), p.link(urls.items_index(c, ex.slug)),
        p.link(urls.item(c, ex.slug, it.id)),
        tuple(o for i in v.data.get("related_ids", ()) if (o := ex.item(i)) is not None),
        search_data(v, it),
        open_in(p, site, ex.slug, it.id, viewer.current.slug) if viewer.current else None)


@dataclass(frozen=True)
class ImagePageView:
    """One image's own page: the item's viewer with that image current, and the links up."""

    viewer: ItemViewer
    summary: str  # the image's caption, else its alt text, as plain text
    cite: CiteView  # citations with the folio, citation_* tags, the re-use panel (korme.cite)
    date: Shown
    type: str
    exhibition_href: str
    items_href: str
    item_href: str
    open_in: OpenIn | None = None  # manifest, IIIF viewer, compare with… (views.openin)


def image(page: Any, v: ViewInput) -> ImagePageView:
    ex, it, p, site = v.data["exhibition"], v.data["item"], v.p, v.site
    c = p.lang.code
    viewer = item_viewer(p, site, ex, it, v.data["image"], single=True)
    cur = viewer.current
    summary = ""
    if cur is not None:
        summary = Markup(cur.caption.text).striptags() if cur.caption.html else cur.caption.text
        summary = summary or (cur.picture.alt.text if cur.picture else "")
    image = next((i for i in it.images if i.number == v.data["image"]), None)
    return ImagePageView(
        viewer, summary, cite_view(p, site, ex, it, image), date_text(p, it),
        type_label(p, it, site),
        p.link(urls.exhibition(c, ex.slug)), p.link(urls.items_index(c, ex.slug)),
        p.link(urls.item(c, ex.slug, it.id)),
        open_in(p, site, ex.slug, it.id, cur.slug) if cur is not None else None)
