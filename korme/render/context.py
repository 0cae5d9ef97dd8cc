"""Per-page helpers that templates call: words in the page's language, Markdown, pictures,
links and cached fragments.

A :class:`PageContext` is made for each page. It never writes HTML itself: a text in another
language than the page's is a :class:`Shown` that the theme's ``partials/lang.html`` marks up,
pictures are data for ``partials/picture.html``. It also gathers what the page's ``<head>``
needs once the body is rendered: the placeholder colours and shapes of its pictures (a hashed
``<style>``, allowed by the page's CSP).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from korme.cache import Store
from korme.i18n import Lang, LangText, Localized
from korme.images.model import Derivative, PlannedImage
from korme.render.fragments import Fragments
from korme.render.markdown import PageMarkdown
from korme.render.tracking import Key, Recorder
from korme.urls import Linker


class Shown(NamedTuple):
    """A text as a page shows it: its words (or sanitised HTML) and, when they are not in
    the page's language, their language, direction and how to set them apart."""

    text: str
    lang: str = ""  # BCP 47 tag when not the page's language
    dir: str = ""
    fallback: bool = False  # shown because the page's language is missing
    html: bool = False  # ``text`` is sanitised HTML (Markdown), not plain text
    kind: str = "inline"  # "inline", "isolate" (right-to-left around) or "block"
    wrap: Callable[..., Any] | None = None  # the theme's macro for another language

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __html__(self) -> str:
        inner = Markup(self.text) if self.html else escape(self.text)
        if not self.lang or self.wrap is None:
            return inner
        return str(self.wrap(self, inner))


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
    alt: Shown
    sizes: str
    eager: bool
    placeholder: str  # class names: the image's shape and placeholder colour
    large: str  # link to the largest fallback derivative
    shape: str = ""  # the class that carries the image's aspect ratio (--ar)


@dataclass
class PageContext:
    """Helpers bound to one page: its language, its place in the site, what it reads."""

    lang: Lang
    order: tuple[str, ...]  # published language codes, default first
    linker: Linker
    strings: Mapping[str, str]
    images: Mapping[str, PlannedImage]  # recorded reads (see tracking.TrackedMapping)
    placeholders: Mapping[str, str]  # rel -> "#rrggbb"
    markdown: PageMarkdown
    rec: Recorder
    wrap: Callable[..., Any] | None = None  # the theme's macro for text in another language
    fragments: Fragments | None = None
    values: Store[Any] | None = None  # the build cache's small values made from the model
    digests: Mapping[Key, str] | None = None  # the model's entities' digests
    common: str = ""  # the digest of the build's common inputs (theme, code): part of keys
    styles: dict[str, str] = field(default_factory=dict)  # class -> CSS declarations
    citations: Store[Any] | None = None  # formatted citations by digest (korme.cite.render)

    def link(self, target: str) -> str:
        """A relative link from this page to ``target`` (a page folder or a file path)."""
        if self.rec.nested:
            self.rec.target(target)
        return self.linker(target)

    # text -----------------------------------------------------------------------------------
    def ui(self, key: str, **kw: object) -> str:
        """A UI string in the page's language (English, then the key, when missing)."""
        text = self.strings.get(key, key)
        return text.format(**kw) if kw else text

    def loc(self, value: LangText | str | None) -> Localized:
        """The text of a value for this page, with its real language."""
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

    def shown(self, loc: Localized, html: bool = False, block: bool = False) -> Shown:
        """A chosen text as :class:`Shown` (marked with its language unless the page's)."""
        if not loc.lang or loc.lang.lower() == self.lang.code:
            return Shown(loc.text, html=html)
        kind = "block" if block else "isolate" if "rtl" in (loc.dir, self.lang.dir) else "inline"
        return Shown(loc.text, loc.lang, loc.dir, loc.fallback, html, kind, self.wrap)

    def t(self, value: LangText | Localized | str | None) -> Shown:
        """Inline text in the page's language, else marked with its own ``lang``/``dir``."""
        return self.shown(value if isinstance(value, Localized) else self.loc(value))

    def originals(self, value: LangText | None) -> tuple[Shown, ...]:
        """Texts in unpublished languages (a Persian title), each isolated with lang/dir."""
        if value is None:
            return ()
        return tuple(Shown(o.text, o.lang, o.dir, False, False, "isolate", self.wrap)
                     for o in value.originals(self.order))

    def kept(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """A small value made from plain values (a date in words), kept in the build cache
        under ``key``, the page's language and the build's common inputs. ``key`` must name
        everything ``make`` reads: for an entity, its digest (:meth:`digest`)."""
        store = self.values
        if store is None:
            return make()
        full = (self.common, self.lang.code, *key)
        value = store.get(full)
        if value is None:
            value = make()
            store.put(full, value)
        return value

    def digest(self, entity: Any) -> str:
        """The digest of a (tracked) entity's record; reading it records the entity."""
        return self.digest_of(entity.dep_key)

    def digest_of(self, key: Key) -> str:
        """The digest of what a dependency key names (an entity, an image's plan: ``("image",
        rel)``); reading it records the key."""
        self.rec.add(key)
        return self.digests.get(key, "") if self.digests is not None else ""

    # markdown -------------------------------------------------------------------------------
    def md(self, value: LangText | str | None) -> Shown:
        """Block Markdown of a field (a description) as sanitised HTML."""
        loc = self.loc(value)
        if not loc.text:
            return Shown("")
        return self.shown(loc._replace(text=self.markdown.block(loc.text)), html=True,
                          block=True)

    def md_original(self, value: LangText | None) -> Shown:
        """Block Markdown of a text kept in its own language (a transcription): the page's
        language when present, else the first given; never marked as a fallback."""
        if value is None or not value:
            return Shown("")
        own = value.get(self.lang.code)
        loc = Localized(own, "", "") if own is not None else value.resolve(
            value.langs[0] if value.langs else self.lang.code, ())
        return self.shown(loc._replace(text=self.markdown.block(loc.text), fallback=False),
                          html=True, block=True)

    def md_inline(self, value: LangText | str | None) -> Shown:
        """One-paragraph Markdown (a summary or caption) without the ``<p>``."""
        loc = self.loc(value)
        if not loc.text:
            return Shown("")
        return self.shown(loc._replace(text=self.markdown.inline(loc.text)), html=True)

    # pictures -------------------------------------------------------------------------------
    def picture(self, rel: str, alt: LangText | str | None, sizes: str,
                eager: bool = False, upto: int = 0, styled: bool = True) -> Picture | None:
        """A ``<picture>`` of a source image at the given display ``sizes`` (``upto``: only
        the widths up to the first of at least that many pixels, for thumbnails;
        ``styled=False``: its files only, for a script to show, no rules in the page's
        ``<style>``)."""
        plan = self.images.get(rel)
        if plan is None or not plan.derivatives:
            return None
        groups: dict[str, list[Derivative]] = {}
        top: dict[str, Derivative] = {}  # the largest of each format (upto or not)
        for d in plan.derivatives:  # by format, in the settings' order: the fallback last
            group = groups.setdefault(d.format, [])
            top[d.format] = d
            if not upto or not group or group[-1].width < upto:
                group.append(d)
        *modern, fallback = groups.values()
        # derivatives are files in media/: one link for all (made to a file in media/, as an
        # offline build ends links to folders with index.html)
        media = self.link("media/_")[:-1]

        def link(path: str) -> str:
            if "://" in path:  # a partner's image (korme.partners): from the partner
                return path
            return media + path[6:] if path.startswith("media/") else self.link(path)

        sources = tuple(Source(ds[0].mime, ", ".join(f"{link(d.path)} {d.width}w" for d in ds))
                        for ds in modern)
        mid = next((d for d in fallback if d.width >= 960), fallback[-1])
        biggest = top[fallback[0].format]
        key = plan.digest[:8]
        shape = f"ar-{key}"
        # per-image rules for the page's hashed <style>: the shape (so the image reserves its
        # box before it loads) and the placeholder colour
        cls = shape
        colour = self.placeholders.get(rel, "")
        if colour:
            cls += f" ph-{key}"
        if styled:
            self.styles[shape] = f"--ar:{biggest.width / biggest.height:.4f}"
            if colour:
                self.styles[f"ph-{key}"] = f"background-color:{colour}"
        return Picture(sources, link(mid.path),
                       ", ".join(f"{link(d.path)} {d.width}w" for d in fallback),
                       biggest.width, biggest.height, self.t(alt), sizes, eager, cls,
                       link(biggest.path), shape)

    def head_style(self) -> tuple[str, str]:
        """The page's per-image ``<style>`` text and its SHA-256 in base64 (for the CSP's
        ``'sha256-…'`` source), or empty strings."""
        if not self.styles:
            return "", ""
        css = "".join(f".{c}{{{v}}}" for c, v in sorted(self.styles.items()))
        return css, base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()

    # fragments ------------------------------------------------------------------------------
    def cached(self, name: str, *args: Any, caller: Callable[[], str]) -> Markup:
        """``{% call p.cached("card", item) %}…{% endcall %}``: the block's HTML, kept from an
        earlier render while nothing it read has changed (see :mod:`.fragments`)."""
        if self.fragments is None:
            return Markup(caller())
        ident = (name, self.lang.code, self.linker.offline, *(_ident(a) for a in args))
        hit = self.fragments.get(ident, self.linker)
        if hit is not None:
            self.rec.update(hit.deps)
            self.rec.targets(hit.targets)
            self.styles.update(hit.styles)
            return Markup(hit.html)
        outer, self.styles = self.styles, {}
        self.rec.push()
        try:
            html = str(caller())
        finally:
            deps, targets = self.rec.pop()
            styles, self.styles = self.styles, outer
            outer.update(styles)
        self.fragments.put(ident, deps, targets, self.linker, html, styles)
        return Markup(html)


def _ident(value: Any) -> Any:
    """An argument of a kept part as its identity names it: an entity by its key, a run of
    entities (``items | batch(100)``) by theirs."""
    key = getattr(value, "dep_key", None)
    if key is not None:
        return key
    if isinstance(value, (list, tuple)):
        return tuple(_ident(v) for v in value)
    return value
