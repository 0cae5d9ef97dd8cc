"""Render pages with the theme's templates, recording what each page reads.

For every page (see :mod:`korme.render.kinds`) the renderer makes a :class:`PageContext`,
hands the page's view function and template tracked views of the model
(:mod:`korme.render.tracking`), and keeps the keys the page read as its trace in the build
cache. A page whose fingerprint, recomputed from its last trace, equals the one of the page in
the output folder is not rendered again. Any error while rendering becomes a diagnostic at the
template's file and line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from korme import urls
from korme.cache import BuildCache, Store
from korme.errors import Diagnostic
from korme.i18n import Lang
from korme.images.model import PlannedImage
from korme.markdown.directives import Directive
from korme.markdown.render import MarkdownEngine
from korme.model import Site
from korme.outputs import PageStream
from korme.partners.views import csp_sources
from korme.render import seo
from korme.render.context import PageContext
from korme.render.fingerprint import fingerprint
from korme.render.fragments import Fragments
from korme.render.kinds import BY_NAME, Page, all_pages
from korme.render.markdown import PageMarkdown
from korme.render.notice import fallback_wraps
from korme.render.problems import template_problem
from korme.render.streamed import HeadLast
from korme.render.tracking import Key, Recorder, TrackedMapping, track
from korme.render.values import is_link
from korme.render.views.base import ViewInput
from korme.render.views.figures import section_figure
from korme.render.views.show import Show
from korme.theme import Theme
from korme.urls import Linker


@dataclass(frozen=True)
class RenderOptions:
    offline: bool = False
    asset_version: str = ""
    generator: str = "Kórme"
    compiled: Path | None = None  # where compiled templates are kept between builds
    fonts: Any = None  # the site's web font (korme.fonts.WebFonts), for base.html


@dataclass(frozen=True)
class Alternate:
    """The same page in one published language (switcher and ``hreflang``)."""

    code: str
    tag: str
    name: str
    dir: str
    href: str
    abs: str
    current: bool


@dataclass(frozen=True)
class Rendered:
    """One rendered page: its HTML and the keys it read."""

    html: str
    deps: tuple[Key, ...]


class SiteRenderer:
    """Renders the pages of one build (the model, the theme, the image plan, the cache)."""

    def __init__(self, site: Site, theme: Theme, images: dict[str, PlannedImage],
                 placeholders: dict[str, str], options: RenderOptions, cache: BuildCache,
                 common: str, digests: Mapping[Key, str], markdown_stamp: str):
        self.site, self.theme, self.options = site, theme, options
        self.images, self.placeholders = images, placeholders
        self.common, self.digests = common, digests
        self.env = theme.environment(options.compiled)
        self.env.tests["link"] = is_link  # {% if x is link %}: a part of a value that links
        self.engine = MarkdownEngine()
        self.markdown_store: Store[str] = cache.store("markdown")
        self.traces: Store[tuple[Key, ...]] = cache.store("traces")
        self.fragments = Fragments(self.traces, cache.store("fragments"), common, digests)
        self.values: Store[Any] = cache.store("values")
        self.citations: Store[Any] = cache.store("citations")  # korme.cite.render
        # the theme's macro marking text in another language, per page language: it explains
        # a fallback in the page's words (korme.render.notice)
        self.wraps = fallback_wraps(self.env, theme.ui, site.languages)
        self.markdown_stamp = markdown_stamp
        self.pages = list(all_pages(site))
        self.template_files = {str(p): p for p in theme.template_files().values()}
        self.by_key: dict[Key, dict[str, str]] = {}
        for page in self.pages:
            self.by_key.setdefault(page.key, {})[page.lang.code] = page.url

    # one page ---------------------------------------------------------------------------------
    def context(self, page: Page, rec: Recorder) -> PageContext:
        strings = self.theme.ui(page.lang.code)
        link = Linker(page.url, self.options.offline)
        p = PageContext(
            lang=page.lang, order=self.site.codes, linker=link, strings=strings,
            images=TrackedMapping(self.images, "image", rec), placeholders=self.placeholders,
            markdown=None,  # type: ignore[arg-type]  # set below: its callbacks need p
            rec=rec, wrap=self.wraps[page.lang.code], fragments=self.fragments, values=self.values,
            digests=self.digests, common=self.common, citations=self.citations)
        ex = track(page.data.get("exhibition"), rec)
        p.markdown = PageMarkdown(self.engine, self.markdown_store, self.markdown_stamp,
                                  strings.get("footnote_back", "footnote_back"),
                                  self._figure(p, ex), self._link(p, ex))
        return p

    def _figure(self, p: PageContext, ex: Any) -> Callable[[Directive], str]:
        return lambda d: section_figure(self.env, p, ex, d)  # korme.render.views.figures

    def _link(self, p: PageContext, ex: Any) -> Callable[[str, str], str]:
        def link(kind: str, target: str) -> str:
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

    def render(self, page: Page) -> Rendered:
        """Render one page; raises whatever its view or template raises."""
        made, rec = self.stream(page)
        html = made.whole()
        return Rendered(html, rec.trace())

    def stream(self, page: Page) -> tuple[PageStream, Recorder]:
        """The page's HTML as its template makes it, and what the page read (complete once
        the whole page is taken); taking it raises what the template raises. A long list's
        head is made last (see :mod:`korme.render.streamed`)."""
        rec = Recorder()
        p = self.context(page, rec)
        site = track(self.site, rec)
        data = {k: track(v, rec) for k, v in page.data.items()}
        kind = BY_NAME[page.kind]
        view = kind.view(page, ViewInput(p, site, data, Show(p, site, data.get("exhibition"))))
        values = {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
        fonts = self.options.fonts
        later = None if kind.long is None else HeadLast(fonts.used_in if fonts else None)
        pieces = self.env.get_template(kind.template).generate(
            **self.chrome(page, p, site, data, getattr(view, "summary", None)), **data,
            **values, view=view,
            show=Show(p, site, data.get("exhibition")), streamed=later)
        if later is None:
            return PageStream(pieces), rec
        return PageStream(later.watch(pieces), lambda: later.html), rec

    def alternates(self, page: Page, p: PageContext) -> tuple[Alternate, ...]:
        out = []
        base = self.site.config.base_url
        for lang in self.site.languages:
            url = self.by_key[page.key].get(lang.code)
            if url is not None:
                out.append(Alternate(lang.code, lang.tag, lang.name, lang.dir, p.link(url),
                                     urls.absolute(base, url) or "", lang.code == page.lang.code))
        return tuple(out)

    def chrome(self, page: Page, p: PageContext, site: Any, data: dict[str, Any],
               summary: str | None = None) -> dict[str, Any]:
        """What every page's frame shows: head links, header, language switcher
        (``summary``: the page's main text as plain text, when its view has one)."""
        default_url = self.by_key[page.key].get(site.default.code, page.url)
        version = self.options.asset_version

        def asset(name: str) -> str:
            return p.link("static/" + name) + (f"?v={version}" if version else "")

        return {
            "p": p, "site": site, "lang": page.lang, "page": page, "page_key": page.key,
            "indexed": BY_NAME[page.kind].indexed,
            "alternates": self.alternates(page, p),
            "x_default": p.link(default_url),
            "canonical": urls.absolute(site.config.base_url, page.url),
            "x_default_abs": urls.absolute(site.config.base_url, default_url),
            "home_url": p.link(urls.home(page.lang.code)),
            "search_url": p.link(urls.search(page.lang.code)),
            "asset": asset, "urls": urls,
            "generator": self.options.generator,
            "offline": self.options.offline,
            "partner_origins": csp_sources(site, self.options.offline),  # korme.partners
            "fonts": self.options.fonts,
            "seo": seo.page_seo(site, p, page, data, self.by_key, summary),
        }

    def problem(self, exc: BaseException, page: Page) -> Diagnostic:
        """An error while rendering a page, at the template's file and line."""
        return template_problem(exc, self.template_files, self.site.root,
                                "/" + page.url)

    # the pages to render ----------------------------------------------------------------------
    def fingerprint(self, page: Page) -> str | None:
        """The page's fingerprint from what it read last time (``None``: never rendered)."""
        deps = self.traces.get(("page", page.url))
        if deps is None:
            return None
        return fingerprint(self.common, page.identity, deps, self.digests)

    def keep(self, page: Page, deps: tuple[Key, ...]) -> str:
        """Record what a rendered page read (its ``deps``); its fingerprint."""
        self.traces.put(("page", page.url), deps)
        return fingerprint(self.common, page.identity, deps, self.digests)

    def redirects(self) -> dict[str, str]:
        """Pages at former URLs (``aliases:``) that send visitors to the current ones."""
        pairs: list[tuple[str, str, Lang]] = []
        for lang in self.site.languages:
            c = lang.code
            for ex in self.site.exhibitions:
                for alias in ex.card.aliases:
                    pairs.append((urls.exhibition(c, alias), urls.exhibition(c, ex.slug), lang))
                for sec in ex.sections:
                    pairs += [(urls.section(c, ex.slug, a), urls.section(c, ex.slug, sec.slug),
                               lang) for a in sec.aliases]
                for it in ex.items:
                    pairs += [(urls.item(c, ex.slug, a), urls.item(c, ex.slug, it.id), lang)
                              for a in it.record.aliases]
        template = self.env.get_template("redirect.html")
        out: dict[str, str] = {}
        for old, new, lang in pairs:
            link = Linker(old, self.options.offline)
            out[old + "index.html"] = template.render(
                lang=lang, target=link(new), title=self.theme.ui(lang.code).get("moved", "→"),
                canonical=urls.absolute(self.site.config.base_url, new))
        return out

