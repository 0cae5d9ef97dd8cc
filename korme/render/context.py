"""Per-page helpers: text in the page's language, Markdown, pictures and links.

A :class:`PageContext` is made for each page; templates call its methods (``p.t(value)``) and
never compute anything else. It also gathers what the page's ``<head>`` needs afterwards: the
placeholder colours of its pictures (a hashed ``<style>`` block, allowed by the page's CSP).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from korme.i18n import Lang, LangText, Localized
from korme.images.model import Derivative, PlannedImage
from korme.markdown.fragments import is_pure
from korme.markdown.render import MarkdownEngine, Renderer
from korme.render.urls import Linker

try:  # markupsafe's own escaping of a plain string (C, else Python; both since markupsafe 3)
    from markupsafe._speedups import _escape_inner as escape_text  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    try:
        from markupsafe._native import _escape_inner as escape_text
    except ImportError:
        def escape_text(s: str, /) -> str:
            """``markupsafe.escape`` of a plain string, as a ``str``."""
            return str(escape(s))

# ``Markup(text)`` for a plain ``str`` without the check for ``__html__``
_markup: Callable[[str], Markup] = partial(str.__new__, Markup)  # type: ignore[assignment]


def html_escape(text: str) -> Markup:
    """``markupsafe.escape`` of a string (the same result, a little quicker for a ``str``)."""
    return _markup(escape_text(text)) if type(text) is str else escape(text)


@dataclass(frozen=True)
class Source:
    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """Everything a template needs to write one ``<picture>``."""

    sources: tuple[Source, ...]
    src: str
    srcset: str
    width: int
    height: int
    alt: Localized
    alt_lang: str  # the alt text's language when it differs from the page's
    sizes: str
    eager: bool
    placeholder: str  # class names: the image's shape and placeholder colour
    large: str  # link to the largest fallback derivative
    shape: str = ""  # the class that carries the image's aspect ratio (--ar)


class _Links(NamedTuple):
    """What a picture shows of an image that does not depend on the page's text (the same on
    every page at one depth)."""

    plan: PlannedImage
    sources: tuple[Source, ...]
    src: str
    srcset: str
    width: int
    height: int
    large: str
    shape: str
    ratio: str  # the shape's CSS declaration
    cls: str
    colour_rule: tuple[str, str] | None  # the placeholder colour's class and declaration


@dataclass
class PageContext:
    """Helpers bound to one page: its language, its location and the site's data."""

    lang: Lang
    order: tuple[str, ...]  # published language codes, default first
    link: Linker
    strings: dict[str, str]
    images: dict[str, PlannedImage]
    placeholders: dict[str, str]  # rel -> "#rrggbb"
    engine: MarkdownEngine = field(default_factory=MarkdownEngine)
    figure_fn: Callable[[PageContext, str, int], str] | None = None
    link_fn: Callable[[PageContext, str, str], str] | None = None
    used_styles: dict[str, str] = field(default_factory=dict)  # class -> CSS declarations
    pictures: int = 0
    # what is the same on many pages of a build (a picture's links at one depth), shared by
    # the pages' contexts (see SiteRenderer.context)
    shared: dict[Any, Any] = field(default_factory=dict)
    # made on first use: the link to media/, the Markdown renderer (never copied to another page)
    _media: str | None = field(default=None, init=False, repr=False, compare=False)
    _renderer: Renderer | None = field(default=None, init=False, repr=False, compare=False)

    # text -----------------------------------------------------------------------------------
    def ui(self, key: str, **kw: object) -> str:
        """A UI string in the page's language (English, then the key, when missing)."""
        text = self.strings.get(key, key)
        return text.format(**kw) if kw else text

    def loc(self, value: LangText | str | None) -> Localized:
        if value is None:
            return Localized("", "", "")
        if isinstance(value, str):
            return Localized(value, "", "")
        return value.resolve(self.lang.code, self.order)

    def plain(self, value: LangText | str | None) -> str:
        """The text only (for attributes such as ``alt`` and ``<title>``)."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return value.pick(self.lang.code, self.order)

    def t(self, value: LangText | Localized | str | None) -> Markup:
        """Inline text, wrapped with its own ``lang``/``dir`` when not in the page's language."""
        if type(value) is LangText:  # the common cases first: plain, or in the page's language
            if value.plain is not None:
                return html_escape(value.plain)
            code = self.lang.code
            for k, v in value.texts:
                if k == code:
                    return html_escape(v)
        loc = value if isinstance(value, Localized) else self.loc(value)
        if not loc.lang or loc.lang.lower() == self.lang.code:
            return escape(loc.text)
        return self.wrap(loc, escape(loc.text))

    def wrap(self, loc: Localized, html: Markup | str, block: bool = False) -> Markup:
        if not loc.lang or loc.lang.lower() == self.lang.code:
            return html if type(html) is Markup else Markup(html)
        tag = "div" if block else "bdi" if loc.dir == "rtl" or self.lang.dir == "rtl" else "span"
        cls = ' class="fallback"' if loc.fallback else ""
        return Markup(f'<{tag} lang="{loc.lang}" dir="{loc.dir}"{cls}>{html}</{tag}>')

    def originals(self, value: LangText | None) -> tuple[Markup, ...]:
        """Texts in unpublished languages (a Persian title), each isolated with lang/dir."""
        if value is None:
            return ()
        return tuple(Markup(f'<bdi lang="{o.lang}" dir="{o.dir}">{escape(o.text)}</bdi>')
                     for o in value.originals(self.order))

    # markdown -------------------------------------------------------------------------------
    def renderer(self) -> Renderer:
        """The page's Markdown renderer (made once per page)."""
        made = self._renderer
        if made is None:
            made = self._renderer = Renderer(
                figure=lambda ident, n: self.figure_fn(self, ident, n) if self.figure_fn else "",
                link=lambda kind, target: self.link_fn(self, kind, target) if self.link_fn
                else "#",
                backlink_title=self.ui("footnote_back"),
                engine=self.engine,
            )
        return made

    def html(self, text: str) -> str:
        """Block Markdown to HTML for this page. A text that gives the same HTML on every page
        (see :func:`~korme.markdown.fragments.is_pure`) is converted once per build and
        language, and kept in :attr:`shared`."""
        if not is_pure(text):
            return self.renderer().html(text)
        key = ("md", text, self.strings.get("footnote_back", "footnote_back"))
        html = self.shared.get(key)
        if html is None:
            html = self.shared[key] = self.renderer().html(text)
        return html

    def md(self, value: LangText | str | None) -> Markup:
        """Block Markdown of a field (a description), marked with its language if it differs."""
        loc = self.loc(value)
        if not loc.text:
            return Markup("")
        return self.wrap(loc, Markup(self.html(loc.text)), block=True)

    def md_original(self, value: LangText | None) -> Markup:
        """Block Markdown of a text kept in its own language (a transcription): the page's
        language when present, else the first given; never marked as a fallback."""
        if value is None or not value:
            return Markup("")
        own = value.get(self.lang.code)
        loc = Localized(own, "", "") if own is not None else value.resolve(
            value.langs[0] if value.langs else self.lang.code, ())
        return self.wrap(loc, Markup(self.html(loc.text)), block=True)

    def md_inline(self, value: LangText | str | None) -> Markup:
        """One-paragraph Markdown (a summary or caption) without the ``<p>``."""
        loc = self.loc(value)
        if not loc.text:
            return Markup("")
        return self.wrap(loc, Markup(self.renderer().inline(loc.text)))

    # pictures -------------------------------------------------------------------------------
    def picture(self, rel: str, alt: LangText | str | None, sizes: str) -> Picture | None:
        """A ``<picture>`` for a source image; the first on a page loads eagerly."""
        plan = self.images.get(rel)
        if plan is None or not plan.derivatives:
            return None
        self.pictures += 1
        # the links and styles of an image are the same on every page at the same depth: made
        # once per build and depth (``shared``), keyed by the pages' link to media/
        key = ("picture", rel, self.media_link())
        made = self.shared.get(key)
        if made is None or made.plan is not plan:
            made = self._picture_links(plan, rel)
            if all(d.path.startswith("media/") for d in plan.derivatives):
                self.shared[key] = made
        # per-image rules in the page's hashed <style>: the placeholder colour, and the shape
        # (so a large image reserves its exact box before it loads: no layout shift)
        styles = self.used_styles
        styles[made.shape] = made.ratio
        if made.colour_rule is not None:
            styles[made.colour_rule[0]] = made.colour_rule[1]
        text = self.loc(alt)
        alt_lang = text.lang if text.lang and text.lang.lower() != self.lang.code else ""
        return Picture(made.sources, made.src, made.srcset, made.width, made.height, text,
                       alt_lang, sizes, self.pictures == 1, made.cls, made.large, made.shape)

    def media_link(self) -> str:
        """The link from this page to ``media/`` (what a picture's links depend on)."""
        media = self._media
        if media is None:
            media = self._media = self.link("media/")
        return media

    def _picture_links(self, plan: PlannedImage, rel: str) -> _Links:
        """What :meth:`picture` shows of an image that does not depend on the page's text."""
        # the derivatives by format in one pass (the settings' order: fallback last)
        groups: dict[str, list[Derivative]] = {}
        for d in plan.derivatives:
            groups.setdefault(d.format, []).append(d)
        *modern, fallback = groups.values()
        link = self.link
        sources = tuple(Source(ds[0].mime, ", ".join([f"{link(d.path)} {d.width}w" for d in ds]))
                        for ds in modern)
        mid = next((d for d in fallback if d.width >= 960), fallback[-1])
        biggest = fallback[-1]
        key = plan.digest[:8]
        shape = f"ar-{key}"
        cls = shape
        colour = self.placeholders.get(rel, "")
        colour_rule = None
        if colour:
            colour_rule = (f"ph-{key}", f"background-color:{colour}")
            cls += f" ph-{key}"
        return _Links(plan, sources, link(mid.path),
                      ", ".join([f"{link(d.path)} {d.width}w" for d in fallback]),
                      biggest.width, biggest.height, link(biggest.path), shape,
                      f"--ar:{biggest.width / biggest.height:.4f}", cls, colour_rule)

    def srcset(self, plan: PlannedImage, fmt: str) -> str:
        return ", ".join(f"{self.link(d.path)} {d.width}w" for d in plan.by_format(fmt))

    def head_style(self) -> tuple[str, str]:
        """The page's per-image ``<style>`` text and its CSP hash source (or empty)."""
        if not self.used_styles:
            return "", ""
        css = "".join(f".{c}{{{v}}}" for c, v in sorted(self.used_styles.items()))
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        return css, f"'sha256-{digest}'"
