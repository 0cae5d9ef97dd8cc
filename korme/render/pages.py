"""Enumerate every page of the site and render it with the theme's templates.

Each page has a language-independent key (``("item", ex, id)``) so the language switcher and
``hreflang`` alternates point at the *same* page in every language.
"""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from korme.errors import Diagnostic, Position, Report
from korme.forking import frozen_heap
from korme.i18n import Lang
from korme.imagepages import image_page, item_page_slugs
from korme.images.model import PlannedImage
from korme.images.progress import ProgressCallback, Tracker
from korme.itemview import item_viewer
from korme.markdown.fragments import CachingEngine, Fragments
from korme.markdown.render import MarkdownEngine, scope_ids
from korme.model import Exhibition, Item, Site
from korme.related import related_index
from korme.render import seo, urls, views
from korme.render.browse import BrowseViews
from korme.render.context import PageContext
from korme.render.deps import fingerprint
from korme.render.parts import PageParts, Part
from korme.render.theme import Theme
from korme.render.urls import Linker
from korme.write import Output, PageSink, text_output

Key = tuple[str, ...]


@dataclass(frozen=True)
class PageSpec:
    """One page to write: where, with which template, about what."""

    key: Key
    lang: Lang
    url: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    deps: tuple[Key, ...] = ()  # what the page shows (see korme.render.deps)


@dataclass(frozen=True)
class RenderOptions:
    offline: bool = False
    asset_version: str = ""
    generator: str = "Kórme"
    compiled: Path | None = None  # where compiled templates are kept between builds


def page_specs(site: Site) -> Iterator[PageSpec]:
    """Every page of every published language, in a stable order, with its dependencies."""
    S: Key = ("site",)
    for lang in site.languages:
        c = lang.code
        yield PageSpec(("home",), lang, urls.home(c), "home.html", {},
                       (S, ("page", "index"), *(("exhibition", e.slug) for e in site.exhibitions)))
        for slug, pg in sorted(site.pages.items()):
            if slug != "index":
                yield PageSpec(("page", slug), lang, urls.page(c, slug), "page.html",
                               {"page": pg}, (S, ("page", slug)))
        yield PageSpec(("search",), lang, urls.search(c), "search.html", {},
                       (S, *(("item-facets", e.slug, it.id) for e in site.exhibitions
                             for it in e.items)))
        for ex in site.exhibitions:
            yield from _exhibition_specs(ex, lang, site.codes)


def _exhibition_specs(ex: Exhibition, lang: Lang, codes: tuple[str, ...]) -> Iterator[PageSpec]:
    c, e = lang.code, ex.slug
    S: Key = ("site",)
    head: Key = ("exhibition-title", e)
    cover: Key = ("exhibition-cover", e)
    yield PageSpec(("exhibition", e), lang, urls.exhibition(c, e), "exhibition.html",
                   {"exhibition": ex}, (S, ("exhibition", e),
                                        *(("item-card", e, it.id) for it in ex.items[:4])))
    for n, sec in enumerate(ex.sections):
        prev = ex.sections[n - 1] if n else None
        nxt = ex.sections[n + 1] if n + 1 < len(ex.sections) else None
        shown = [("item", e, it.id) for it in ex.items if sec.slug in it.featured_in]
        near = [("section-title", e, s.slug) for s in (prev, nxt) if s]
        yield PageSpec(("section", e, sec.slug), lang, urls.section(c, e, sec.slug),
                       "section.html",
                       {"exhibition": ex, "section": sec, "prev": prev, "next": nxt},
                       (S, head, cover, ("section", e, sec.slug), *near, *shown))
    cards = [("item-card", e, it.id) for it in ex.items]
    facets = [("item-facets", e, it.id) for it in ex.items]
    yield PageSpec(("items", e), lang, urls.items_index(c, e), "items.html", {"exhibition": ex},
                   (S, head, cover, *cards, *facets))
    for kind in ("timeline", "subjects", "institutions"):
        yield PageSpec((kind, e), lang, urls.browse(c, e, kind), f"{kind}.html",
                       {"exhibition": ex}, (S, head, cover, *cards, *facets))
    yield PageSpec(("catalogue", e), lang, urls.catalogue(c, e), "catalogue.html",
                   {"exhibition": ex},
                   (S, ("exhibition", e), cover, *(("item", e, it.id) for it in ex.items)))
    related = related_index(ex, codes)  # korme.related
    for n, it in enumerate(ex.items):
        prev_item = ex.items[n - 1] if n else None
        next_item = ex.items[n + 1] if n + 1 < len(ex.items) else None
        near = [("item-card", e, o.id) for o in (prev_item, next_item) if o]
        sections = [("section-title", e, slug) for slug in it.featured_in]
        shown = [("item-card", e, r) for r in related[it.id]]
        yield PageSpec(("item", e, it.id), lang, urls.item(c, e, it.id), "item.html",
                       {"exhibition": ex, "item": it, "prev": prev_item, "next": next_item,
                        "related": related[it.id]},
                       (S, head, ("item", e, it.id), *near, *sections, *shown))
        # one page per image (korme.imagepages); to move to the page registry
        for number, slug in item_page_slugs(it, codes).items():
            yield PageSpec(("image", e, it.id, slug), lang, image_page(c, e, it.id, slug),
                           "image.html", {"exhibition": ex, "item": it, "prev": prev_item,
                                          "next": next_item, "image": number},
                           (S, head, ("item", e, it.id)))


# what rendering a share of the pages gives back: the pages (written or encoded), problems,
# the pages' list entries
Share = tuple[dict[str, Output], list[Diagnostic], dict[str, dict[Any, "Part"]]]


@dataclass(frozen=True)
class Rendered:
    """The render stage's result: the pages rendered again, and every page's fingerprint."""

    pages: dict[str, Output]  # see PageSink: written into the staging folder, or encoded
    fingerprints: dict[str, str]
    parts: dict[str, dict[Any, Part]] = field(default_factory=dict)  # pages' list entries


class SiteRenderer(BrowseViews):
    """Renders pages for one build: the theme, the image plan and the placeholders."""

    def __init__(self, site: Site, theme: Theme, images: dict[str, PlannedImage],
                 placeholders: dict[str, str], options: RenderOptions, report: Report,
                 fragments: Fragments | None = None,
                 parts: dict[str, dict[Any, Part]] | None = None):
        self.site = site
        self.theme = theme
        self.images = images
        self.placeholders = placeholders
        self.options = options
        self.report = report
        self.env = theme.environment(options.compiled)
        self.engine = CachingEngine(fragments) if fragments is not None else MarkdownEngine()
        self.specs = list(page_specs(site))
        self._strings: dict[str, dict[str, str]] = {}
        # serve: the entries of long lists, per page, kept from the previous build
        self.parts = PageParts(parts)
        # what is the same on many pages of this build, in this process (PageContext.shared)
        self.shared: dict[Any, Any] = {}
        self.by_key: dict[Key, dict[str, str]] = {}
        for spec in self.specs:
            self.by_key.setdefault(spec.key, {})[spec.lang.code] = spec.url

    # markdown callbacks ---------------------------------------------------------------------
    def _figure(self, ex: Exhibition) -> Callable[[PageContext, str, int], str]:
        def figure(p: PageContext, ident: str, n: int) -> str:
            item = ex.item(ident)
            if item is None or not item.images:
                return ""
            img = item.images[min(n, len(item.images)) - 1]
            return self.env.get_template("partials/figure.html").render(
                p=p, item=item, image=img, exhibition=ex,
                picture=p.picture(img.rel, img.record.alt, views.SIZES_FIGURE),
                href=p.link(urls.item(p.lang.code, ex.slug, item.id)),
            )
        return figure

    def _links(self, ex: Exhibition | None) -> Callable[[PageContext, str, str], str]:
        def link(p: PageContext, kind: str, target: str) -> str:
            ident, _, anchor = target.partition("#")
            if ex is None:
                return "#"
            if kind == "item":
                if ex.item(ident) is None:
                    return ""
                url = urls.item(p.lang.code, ex.slug, ident)
            else:
                url = urls.section(p.lang.code, ex.slug, ident)
            return p.link(url) + (f"#{anchor}" if anchor else "")
        return link

    # pages ----------------------------------------------------------------------------------
    def _ui(self, code: str) -> dict[str, str]:
        """The theme's UI strings for a language (merged once per build and language)."""
        strings = self._strings.get(code)
        if strings is None:
            strings = self._strings[code] = self.theme.ui(code)
        return strings

    def context(self, spec: PageSpec) -> PageContext:
        ex = spec.data.get("exhibition")
        return PageContext(
            lang=spec.lang, order=self.site.codes,
            link=Linker(spec.url, self.options.offline),
            strings=self._ui(spec.lang.code), images=self.images,
            placeholders=self.placeholders, engine=self.engine,
            figure_fn=self._figure(ex) if ex else None, link_fn=self._links(ex),
            shared=self.shared,
        )

    def alternates(self, spec: PageSpec, p: PageContext) -> list[dict[str, str]]:
        out = []
        for lang in self.site.languages:
            url = self.by_key[spec.key].get(lang.code)
            if url is not None:
                out.append({"code": lang.code, "tag": lang.tag, "name": lang.name,
                            "dir": lang.dir, "href": p.link(url),
                            "abs": urls.absolute(self.site.config.base_url, url) or "",
                            "current": lang.code == spec.lang.code})
        return out

    def render(self, spec: PageSpec) -> str:
        """Render one page to HTML."""
        p = self.context(spec)
        self.parts.start_page(spec.url)
        view = getattr(self, "view_" + spec.template.removesuffix(".html"))(spec, p)
        body_vars = {**spec.data, **view}
        template = self.env.get_template(spec.template)
        common = self.common(spec, p)
        common["seo"] = self.seo(spec, p)
        # the body is rendered first so its pictures' placeholders are known for <head>
        html = template.render(**common, **body_vars)
        style, style_hash = p.head_style()
        # the first of each only: both markers are in <head>, before any text of the page
        return html.replace(" korme-style-hash", f" {style_hash}" if style_hash else "", 1) \
                   .replace("<!--korme:head-style-->",
                            f"<style>{style}</style>" if style else "", 1)

    def common(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        site = self.site
        default_url = self.by_key[spec.key].get(site.default.code, spec.url)
        version = self.options.asset_version
        # static files' links are the same on every page at one depth (like media/'s)
        assets: dict[str, str] = p.shared.setdefault(("assets", p.media_link()), {})

        def asset(name: str) -> str:
            url = assets.get(name)
            if url is None:
                url = assets[name] = p.link("static/" + name) + (f"?v={version}" if version
                                                                 else "")
            return url

        return {
            "p": p, "site": site, "lang": spec.lang, "page_key": spec.key,
            "alternates": self.alternates(spec, p),
            "x_default": p.link(default_url),
            "canonical": urls.absolute(site.config.base_url, spec.url),
            "x_default_abs": urls.absolute(site.config.base_url, default_url),
            "home_url": p.link(urls.home(spec.lang.code)),
            "search_url": p.link(urls.search(spec.lang.code)),
            "asset": asset,
            "nav_pages": [(pg, p.link(urls.page(spec.lang.code, slug)))
                          for slug, pg in sorted(site.pages.items()) if slug != "index"],
            "generator": self.options.generator,
            "offline": self.options.offline,
        }

    def seo(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        """The page's card image, Open Graph type and JSON-LD (see :mod:`seo`)."""
        kind, data = spec.key[0], spec.data
        ex: Exhibition | None = data.get("exhibition")
        if kind == "home" and self.site.exhibitions:
            ex = self.site.exhibitions[0]
        shown: list[Any] = []
        if kind == "item":
            shown = list(data["item"].images[:1])
        elif kind == "section" and ex is not None:
            shown = [it.images[0] for i in data["section"].items
                     if (it := ex.item(i)) is not None and it.images][:1]
        if not shown and ex is not None and ex.cover:
            shown = [ex.cover]
        image = seo.card_image(self.site, p, shown[0].rel, shown[0].record.alt) \
            if shown else None
        ld = seo.exhibition_ld(self.site, p, data["exhibition"], spec.url, image) \
            if kind == "exhibition" else seo.item_ld(
                self.site, p, data["exhibition"], data["item"], spec.url, image) \
            if kind == "item" else None
        return {"og_type": "article" if kind in ("item", "section") else "website",
                "image": image, "json_ld": seo.json_ld(ld) if ld else "",
                "locale": p.lang.locale,
                "locale_alternates": [lang.locale for lang in self.site.languages
                                      if lang.code != p.lang.code
                                      and lang.code in self.by_key[spec.key]]}

    def reuse(self, p: PageContext, name: str, deps: tuple[Key, ...],
              make: Callable[[], Any], shared_by: str | None = None) -> Any:
        """A part of a page (a list entry, the filters); see :mod:`korme.render.parts`."""
        return self.parts.reuse(p, name, deps, make, shared_by)

    def entry(self, p: PageContext, name: str, deps: tuple[Key, ...],
              make: Callable[[], str], shared_by: str | None = None) -> Markup:
        """One entry of a long list (a card, a catalogue entry) as HTML (see :meth:`reuse`)."""
        return Markup(self.reuse(p, name, deps, make, shared_by))

    def macro(self, template: str, name: str) -> Callable[..., str]:
        """A macro of a theme template, to render one entry from Python."""
        return getattr(self.env.get_template(template).module, name)

    # view data per template -------------------------------------------------------------
    def view_home(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        groups = views.exhibition_groups(self.site, views.today())
        intro = self.site.pages.get("index")
        doc = intro.doc(p.lang.code, self.site.codes) if intro else None
        return {
            "groups": [(name, [self.card(p, ex) for ex in exs]) for name, exs in groups.items()
                       if exs],
            "intro_title": doc.meta.title if doc else "",
            "intro_html": self.doc_html(p, doc) if doc else Markup(""),
            "intro_lang": self.doc_lang(p, doc) if doc else None,
            "institutions": [self.institution(p, i) for i in self.site.institutions.values()],
        }

    def card(self, p: PageContext, ex: Exhibition) -> dict[str, Any]:
        return {
            "exhibition": ex, "href": p.link(urls.exhibition(p.lang.code, ex.slug)),
            "picture": p.picture(ex.cover.rel, ex.cover.record.alt, views.SIZES_CARD)
            if ex.cover else None,
            "period": views.period(p, ex),
        }

    def institution(self, p: PageContext, inst: Any) -> dict[str, Any]:
        return {"record": inst, "logo": self.logo_url(p, inst)}

    def logo_url(self, p: PageContext, inst: Any) -> str | None:
        if not inst.logo:
            return None
        target = f"media/logos/{inst.id}-{inst.logo.rsplit('/', 1)[-1]}"
        return p.link(target)

    def doc_lang(self, p: PageContext, doc: Any) -> dict[str, str] | None:
        if doc.lang == p.lang.code:
            return None
        lang = next(lang for lang in self.site.languages if lang.code == doc.lang)
        return {"tag": lang.tag, "dir": lang.dir}

    def doc_html(self, p: PageContext, doc: Any) -> Markup:
        return Markup(p.renderer().html(doc.body))

    def view_page(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        doc = spec.data["page"].doc(p.lang.code, self.site.codes)
        return {"doc": doc, "body": self.doc_html(p, doc), "doc_lang": self.doc_lang(p, doc)}

    def view_exhibition(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        ex: Exhibition = spec.data["exhibition"]
        c = p.lang.code
        return {
            "cover_href": p.link(urls.item(c, ex.slug, ex.cover_item.id))
            if ex.cover_item else "",
            "hero": p.picture(ex.cover.rel, ex.cover.record.alt, views.SIZES_HERO)
            if ex.cover else None,
            "period": views.period(p, ex),
            "toc": [(sec, p.link(urls.section(c, ex.slug, sec.slug)),
                     sec.doc(c, self.site.codes)) for sec in ex.sections],
            "items_href": p.link(urls.items_index(c, ex.slug)),
            "browse": self.browse_links(p, ex),
            "partners": [self.institution(p, i) for i in ex.institutions],
            "highlights": [self.item_card(p, ex, it) for it in ex.items[:4]],
            "catalogue_href": p.link(urls.catalogue(c, ex.slug)),
        }

    def item_card(self, p: PageContext, ex: Exhibition, it: Item) -> dict[str, Any]:
        img = it.images[0] if it.images else None
        return {
            "item": it, "href": p.link(urls.item(p.lang.code, ex.slug, it.id)),
            "picture": p.picture(img.rel, img.record.alt, views.SIZES_THUMB) if img else None,
            "date": views.date_text(p, it), "type": views.type_label(p, it),
        }

    def view_section(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        ex: Exhibition = spec.data["exhibition"]
        sec = spec.data["section"]
        c = p.lang.code
        doc = sec.doc(c, self.site.codes)
        body = self.doc_html(p, doc)
        nav = {}
        for k in ("prev", "next"):
            other = spec.data[k]
            nav[k] = {"href": p.link(urls.section(c, ex.slug, other.slug)),
                      "title": other.doc(c, self.site.codes).meta.title} if other else None
        return {
            "doc": doc, "body": body, "doc_lang": self.doc_lang(p, doc),
            "featured": [self.item_card(p, ex, ex.item(i)) for i in sec.items if ex.item(i)],
            "exhibition_href": p.link(urls.exhibition(c, ex.slug)),
            "nav": nav, "position": ex.sections.index(sec) + 1, "total": len(ex.sections),
        }

    def view_items(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        ex: Exhibition = spec.data["exhibition"]
        card = self.macro("partials/card.html", "item_card")
        return {
            "cards": [self.entry(p, "card", (("item-card", ex.slug, it.id),
                                             ("item-facets", ex.slug, it.id)),
                                 lambda it=it: card(self.item_card(p, ex, it), p,
                                                    self.facet_attr(it)))
                      for it in ex.items],
            "exhibition_href": p.link(urls.exhibition(p.lang.code, ex.slug)),
            **self.items_facets(p, ex),
        }

    def view_catalogue(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        ex: Exhibition = spec.data["exhibition"]
        c = p.lang.code
        macro = self.macro("partials/catalogue-entry.html", "catalogue_entry")

        def make(n: int, it: Item) -> str:
            img = it.images[0] if it.images else None
            return macro({
                "item": it, "number": n, "href": p.link(urls.item(c, ex.slug, it.id)),
                "picture": p.picture(img.rel, img.record.alt, views.SIZES_CATALOGUE)
                if img else None,
                "more_images": len(it.images) - 1,
                "rows": views.metadata(p, self.site, ex, it),
                "description": Markup(scope_ids(p.md(it.record.description), it.id)),
            }, p)

        entries = [self.entry(p, f"catalogue-{n}", (("item", ex.slug, it.id),),
                              lambda n=n, it=it: make(n, it))
                   for n, it in enumerate(ex.items, start=1)]
        return {
            "entries": entries, "period": views.period(p, ex),
            "exhibition_href": p.link(urls.exhibition(c, ex.slug)),
            "items_href": p.link(urls.items_index(c, ex.slug)),
            "partners": [self.institution(p, i) for i in ex.institutions],
        }

    def view_item(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        ex: Exhibition = spec.data["exhibition"]
        it: Item = spec.data["item"]
        c = p.lang.code
        # the viewer first: its current image is the page's one eager picture (korme.itemview)
        viewer = item_viewer(p, self.site, ex, it, self.images, spec.data.get("image", 0),
                             single="image" in spec.data)
        sections = []
        for slug in it.featured_in:
            sec = ex.section(slug)
            if sec:
                sections.append((p.link(urls.section(c, ex.slug, slug)),
                                 sec.doc(c, self.site.codes).meta.title))
        nav = {k: ({"href": p.link(urls.item(c, ex.slug, o.id)), "title": p.t(o.record.title)}
                   if (o := spec.data[k]) else None) for k in ("prev", "next")}
        related = [self.item_card(p, ex, o) for i in spec.data.get("related", ())
                   if (o := ex.item(i)) is not None]
        return {
            "viewer": viewer, "related": related,
            "item_href": p.link(urls.item(c, ex.slug, it.id)),
            "rows": views.metadata(p, self.site, ex, it),
            "description": p.md(it.record.description),
            "citation": views.citation(p, self.site, ex, it, spec.url),
            "sections": sections, "nav": nav,
            "date": views.date_text(p, it), "type": views.type_label(p, it),
            "exhibition_href": p.link(urls.exhibition(c, ex.slug)),
            "items_href": p.link(urls.items_index(c, ex.slug)),
            "search": self.search_data(p, ex, it),
        }

    def view_image(self, spec: PageSpec, p: PageContext) -> dict[str, Any]:
        """One image's page: the item's view with that image current."""
        return self.view_item(spec, p)

    def redirects(self) -> dict[str, str]:
        """Pages at former URLs (``aliases:``) that send visitors to the current ones."""
        pairs: list[tuple[str, str, Lang]] = []
        for lang in self.site.languages:
            c = lang.code
            for ex in self.site.exhibitions:
                for alias in ex.card.aliases:
                    pairs.append((urls.exhibition(c, alias), urls.exhibition(c, ex.slug), lang))
                for sec in ex.sections:
                    for alias in sec.aliases:
                        pairs.append((urls.section(c, ex.slug, alias),
                                      urls.section(c, ex.slug, sec.slug), lang))
                for it in ex.items:
                    for alias in it.record.aliases:
                        pairs.append((urls.item(c, ex.slug, alias), urls.item(c, ex.slug, it.id),
                                      lang))
        template = self.env.get_template("redirect.html")
        out: dict[str, str] = {}
        taken = {spec.url for spec in self.specs}
        for old, new, lang in pairs:
            if old in taken:
                self.report.error(Position(old), f"the alias /{old} is the address of a page")
                continue
            link = Linker(old, self.options.offline)
            out[old + "index.html"] = template.render(
                lang=lang, target=link(new), title=self.theme.ui(lang.code).get("moved", "→"),
                canonical=urls.absolute(self.site.config.base_url, new))
        return out

    # whole site -------------------------------------------------------------------------
    def render_all(self, hashes: dict[Key, str] | None = None,
                   previous: dict[str, str] | None = None,
                   workers: int | None = None,
                   progress: ProgressCallback | None = None,
                   sink: PageSink | None = None) -> Rendered:
        """Render every page whose fingerprint differs from ``previous``.

        Returns the new pages (handed to ``sink``: written into the staging folder by the
        process that rendered them, or kept as bytes), and the fingerprints of all pages (so
        unchanged ones can be taken from the previous build). Many pages are rendered on every
        core; template errors become diagnostics.
        """
        prints: dict[str, str] = {}
        todo: list[int] = []
        previous = previous or {}
        self.parts.hashes = hashes
        for n, spec in enumerate(self.specs):
            path = spec.url + "index.html"
            if path in prints:
                self.report.error(Position(spec.url), f"two pages would be written to {path}")
                continue
            prints[path] = fingerprint(spec.template, spec.lang.code, spec.deps, hashes) \
                if hashes is not None else ""
            if hashes is None or previous.get(path) != prints[path]:
                todo.append(n)
        sink = sink or PageSink()
        out, problems, parts = render_pages(self, todo, workers, progress, sink)
        for d in problems:
            self.report.diagnostics.append(d)
        out.update({path: text_output(html) for path, html in self.redirects().items()})
        return Rendered(out, prints, parts)

    def render_indices(self, indices: list[int], sink: PageSink) -> Share:
        """Render the pages at these positions of :attr:`specs` (in a worker or in-process)
        and hand each to ``sink``."""
        out: dict[str, Output] = {}
        problems: list[Diagnostic] = []
        self.parts.made = {}
        for n in indices:
            spec = self.specs[n]
            path = spec.url + "index.html"
            try:
                out[path] = sink.take(path, self.render(spec))
            except jinja2.TemplateError as exc:
                name = getattr(exc, "filename", None) or getattr(exc, "name", None) or "template"
                line = getattr(exc, "lineno", None) or 1
                problems.append(Diagnostic(Position(str(name), line, 1), "template error while "
                                           f"rendering /{spec.url}: {exc}", kind="template"))
        return out, problems, self.parts.made


# Rendering on several cores: the renderer is handed to forked workers (no pickling of the
# model); each renders a share of the pages and sends back HTML. Only the worker processes
# hold it, as their one piece of module state.
_WORKER: dict[str, Any] = {}
PARALLEL_MIN_PAGES = 200
CHUNK = 100  # pages per task: small enough for even load and a moving progress count


def _init_worker(renderer: SiteRenderer, sink: PageSink) -> None:
    _WORKER["renderer"], _WORKER["sink"] = renderer, sink


def _render_share(indices: list[int]) -> Share:
    renderer: SiteRenderer = _WORKER["renderer"]
    return renderer.render_indices(indices, _WORKER["sink"])


def render_pages(renderer: SiteRenderer, indices: list[int], workers: int | None,
                 progress: ProgressCallback | None = None,
                 sink: PageSink | None = None) -> Share:
    """Render pages, on every core when there are many and the system can fork."""
    n = workers or os.cpu_count() or 1
    chunks = [indices[i:i + CHUNK] for i in range(0, len(indices), CHUNK)]
    tracker = Tracker(len(indices), progress) if progress and indices else None
    sink = sink or PageSink()
    out: dict[str, Output] = {}
    problems: list[Diagnostic] = []
    parts: dict[str, dict[Any, Part]] = {}

    def take(result: Share) -> None:
        out.update(result[0])
        problems.extend(result[1])
        parts.update(result[2])
        if tracker is not None:
            tracker.step(len(result[0]) + len(result[1]))

    if n <= 1 or len(indices) < PARALLEL_MIN_PAGES or \
            "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            take(renderer.render_indices(chunk, sink))
        return out, problems, parts
    ctx = multiprocessing.get_context("fork")
    with frozen_heap(), \
            ctx.Pool(n, initializer=_init_worker, initargs=(renderer, sink)) as pool:
        for result in pool.imap_unordered(_render_share, chunks):
            take(result)
    return out, problems, parts


def csp_hash(text: str) -> str:
    """A CSP ``'sha256-…'`` source for an inline block."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
