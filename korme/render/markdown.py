"""Markdown for one page: texts that read nothing of the page come from the build cache.

A text without an ``::item`` figure and without an ``item:``/``section:`` link gives the same
HTML on every page (an item's description on its page, in the catalogue, in its JSON-LD), so
its sanitised HTML is kept in the ``markdown`` store under the digest of the text, the
footnotes' back-link title and the converters' version. Other texts are converted for their
page, since their figures and links are the page's own.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version

from korme.cache import Store
from korme.markdown.directives import Directive
from korme.markdown.render import MarkdownEngine, Renderer
from korme.render.fingerprint import digest

FigureFn = Callable[[Directive], str]
LinkFn = Callable[[str, str], str]


def is_pure(text: str) -> bool:
    """Whether the text's HTML is the same on every page (no figure, no item/section link)."""
    return "::" not in text and "item:" not in text and "section:" not in text


def converter_version() -> str:
    """What else a text's HTML depends on: the converters' versions and our extensions."""
    from korme.markdown import directives, plain, refs, render

    code = "".join(open(m.__file__ or "", encoding="utf-8").read()  # noqa: SIM115
                   for m in (directives, plain, refs, render))
    return digest(version("markdown"), version("nh3"), code)


class PageMarkdown:
    """Converts a page's Markdown texts, taking page-independent ones from ``store``."""

    def __init__(self, engine: MarkdownEngine, store: Store[str] | None, stamp: str,
                 backlink_title: str, figure: FigureFn, link: LinkFn):
        self.store = store
        self.stamp = stamp
        self.backlink_title = backlink_title
        self.renderer = Renderer(figure, link, backlink_title, engine)

    def block(self, text: str) -> str:
        """Block Markdown (a description, a section) to sanitised HTML."""
        if self.store is None or not is_pure(text):
            return self.renderer.html(text)
        key = digest(self.stamp, self.backlink_title, "block", text)
        html = self.store.get(key)
        if html is None:
            html = self.renderer.html(text)
            self.store.put(key, html)
        return html

    def inline(self, text: str) -> str:
        """A one-paragraph value (a summary, a caption) without the wrapping ``<p>``."""
        if self.store is None or not is_pure(text):
            return self.renderer.inline(text)
        key = digest(self.stamp, self.backlink_title, "inline", text)
        html = self.store.get(key)
        if html is None:
            html = self.renderer.inline(text)
            self.store.put(key, html)
        return html
