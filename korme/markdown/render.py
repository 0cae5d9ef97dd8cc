"""Markdown to sanitised HTML, with ``::item`` figures and ``item:``/``section:`` links.

A :class:`Renderer` is made per build and language page; it carries two callbacks supplied by
the render stage (a figure's HTML, a reference's URL), so this module knows nothing of URLs or
templates. Output is cleaned by ``nh3`` against an allowlist, so content never executes.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from korme.markdown.directives import Directive, parse_line
from korme.markdown.plain import plain_html

FigureFn = Callable[[Directive], str]  # an ``::item``/``::compare``/``::focus`` line -> HTML
LinkFn = Callable[[str, str], str]  # (kind "item"/"section", target with optional #anchor) -> URL

ALLOWED_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "picture", "pre", "q", "s", "samp", "small", "source", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRS = {
    "*": {"id", "class", "lang", "dir", "title", "role", "aria-label", "aria-hidden"},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding",
            "fetchpriority"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "q": {"cite"},
    "blockquote": {"cite"},
}


class _FigurePreprocessor(Preprocessor):
    """Replaces ``::item``, ``::compare`` and ``::focus`` lines by placeholder paragraphs; the
    figures' HTML (ours, trusted) goes in after the curator's HTML has been sanitised, so the
    allowlist never touches it."""

    def __init__(self, md: markdown.Markdown, figure: FigureFn):
        super().__init__(md)
        self.figure = figure
        self.token = "KORMEFIGURE" + secrets.token_hex(8)  # unguessable: cannot be forged
        self.figures: list[str] = []

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            d = parse_line(line)
            if d is not None and d.bad is None:
                self.figures.append(self.figure(d))
                out.extend(["", f"{self.token}x{len(self.figures) - 1}", ""])
            else:
                out.append(line)
        return out

    def place(self, html: str) -> str:
        """Put the figures where their placeholders are."""
        for n, figure in enumerate(self.figures):
            html = html.replace(f"<p>{self.token}x{n}</p>", figure)
        self.figures = []
        return html


class _LinkTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, link: LinkFn):
        super().__init__(md)
        self.link = link

    def run(self, root: ET.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            kind, _, target = href.partition(":")
            if kind in ("item", "section") and target:
                url = self.link(kind, target)
                if url:
                    a.set("href", url)
                else:  # a draft item left out of this build: keep the words, drop the link
                    a.tag = "span"
                    del a.attrib["href"]


class _KormeExtension(Extension):
    def __init__(self, figure: FigureFn, link: LinkFn):
        super().__init__()
        self.figure = figure
        self.link = link

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # after fenced_code (25) has stashed code blocks, so figures inside code stay text
        md.preprocessors.register(_FigurePreprocessor(md, self.figure), "korme_figures", 20)
        md.treeprocessors.register(_LinkTreeprocessor(md, self.link), "korme_links", 5)


# Parts of the converter that only act on texts with certain characters: a text without them
# is converted by a converter without those parts (the same HTML, less work per text).
_SETEXT = re.compile(r"^[ \t>]*[=-]+[ \t]*$", re.M)  # a possible setext heading underline
_NEEDS: dict[tuple[str, str], Callable[[str], bool]] = {
    ("inline", "backtick"): lambda t: "`" in t,
    ("inline", "escape"): lambda t: "\\" in t,
    ("inline", "image_link"): lambda t: "![" in t,
    ("inline", "image_reference"): lambda t: "![" in t,
    ("inline", "short_image_ref"): lambda t: "![" in t,
    ("inline", "autolink"): lambda t: "<" in t,
    ("inline", "automail"): lambda t: "<" in t,
    ("inline", "html"): lambda t: "<" in t,
    ("inline", "linebreak"): lambda t: "  \n" in t or "\t" in t or "\r" in t,
    ("inline", "entity"): lambda t: "&" in t,
    ("inline", "em_strong"): lambda t: "*" in t or "_" in t,
    ("block", "table"): lambda t: "|" in t,
    ("pre", "fenced_code_block"): lambda t: "```" in t or "~~~" in t,
    ("tree", "attr_list"): lambda t: "{" in t,
    ("tree", "toc"): lambda t: "#" in t or "TOC]" in t or "\r" in t or _SETEXT.search(t)
    is not None,
}
_FOOTNOTE_PARTS = (("inline", "footnote"), ("block", "footnote"), ("tree", "footnote"),
                   ("tree", "footnote-duplicate"), ("post", "footnote"))


def _unneeded(text: str) -> frozenset[tuple[str, str]]:
    """The converter parts that cannot act on this text."""
    out = {part for part, needed in _NEEDS.items() if not needed(text)}
    if "[^" not in text:
        out.update(_FOOTNOTE_PARTS)
    return frozenset(out)


class _Converter:
    """One configured Python-Markdown instance and the parts of it Kórme reconfigures."""

    def __init__(self, without: frozenset[tuple[str, str]]):
        self.korme = _KormeExtension(lambda _d: "", lambda _k, _t: "")
        self.md = markdown.Markdown(
            extensions=["footnotes", "tables", "fenced_code", "sane_lists", "attr_list", "toc",
                        self.korme],
            extension_configs={
                "toc": {"slugify": slugify_unicode, "toc_depth": "2-3"},
                "footnotes": {"BACKLINK_TEXT": "↩"},
            },
            output_format="html",
        )
        registries = {"inline": self.md.inlinePatterns, "block": self.md.parser.blockprocessors,
                      "pre": self.md.preprocessors, "tree": self.md.treeprocessors,
                      "post": self.md.postprocessors}
        for kind, name in without:
            if name in registries[kind]:
                registries[kind].deregister(name)
        self.footnotes = next(e for e in self.md.registeredExtensions
                              if type(e).__name__ == "FootnoteExtension")
        self.figures = next(p for p in self.md.preprocessors
                            if isinstance(p, _FigurePreprocessor))
        self.links = next(p for p in self.md.treeprocessors if isinstance(p, _LinkTreeprocessor))

    def convert(self, text: str, figure: FigureFn, link: LinkFn, backlink_title: str) -> str:
        self.figures.figure, self.links.link = figure, link
        self.footnotes.setConfig("BACKLINK_TITLE", backlink_title)
        self.md.reset()
        self.figures.figures = []
        return self.figures.place(sanitise(self.md.convert(text)))


class MarkdownEngine:
    """Configured Python-Markdown converters, reused for every conversion of a build.

    Building a ``Markdown`` object costs more than converting a short text, so a build makes
    one engine (never a module-level one) and hands each conversion its own callbacks. Each
    text goes to a converter without the parts that cannot act on it (no footnote machinery
    for a text without ``[^``, no table parser without ``|``…): the HTML is the same.
    """

    def __init__(self) -> None:
        self._converters: dict[frozenset[tuple[str, str]], _Converter] = {}
        self._busy = False
        self._nested: MarkdownEngine | None = None

    def convert(self, text: str, figure: FigureFn, link: LinkFn, backlink_title: str) -> str:
        """Markdown to sanitised HTML with this page's figure and link callbacks.

        A conversion started from inside another (a figure's caption) uses a second engine, so
        the outer conversion's state is never reset halfway.
        """
        html = plain_html(text, backlink_title)
        if html is not None:  # plain paragraphs and footnotes: Python-Markdown's HTML, directly
            return sanitise(html)
        return self.convert_long(text, figure, link, backlink_title)

    def convert_long(self, text: str, figure: FigureFn, link: LinkFn,
                     backlink_title: str) -> str:
        """:meth:`convert` for a text already known not to be plain prose: Python-Markdown,
        then the sanitiser."""
        if self._busy:
            if self._nested is None:
                self._nested = MarkdownEngine()
            return self._nested.convert_long(text, figure, link, backlink_title)
        self._busy = True
        try:
            return self.converter(_unneeded(text)).convert(text, figure, link, backlink_title)
        finally:
            self._busy = False

    def converter(self, without: frozenset[tuple[str, str]] = frozenset()) -> _Converter:
        """The converter without these parts (made on first use)."""
        conv = self._converters.get(without)
        if conv is None:
            conv = self._converters[without] = _Converter(without)
        return conv


@dataclass(frozen=True)
class Renderer:
    """Renders Markdown for one page; callbacks resolve figures and links for that page."""

    figure: FigureFn
    link: LinkFn
    backlink_title: str = "Back to the text"
    engine: MarkdownEngine = field(default_factory=MarkdownEngine)

    def html(self, text: str) -> str:
        """Full block Markdown (sections, pages, descriptions) to sanitised HTML."""
        return self.engine.convert(text, self.figure, self.link, self.backlink_title)

    def inline(self, text: str) -> str:
        """A one-paragraph value (summary, caption) without the wrapping ``<p>``."""
        html = self.html(text).strip()
        m = re.fullmatch(r"<p>(.*)</p>", html, flags=re.S)
        return m.group(1) if m and "<p>" not in m.group(1) else html


_ID = re.compile(r' id="([^"]+)"')


def scope_ids(html: str, prefix: str) -> str:
    """Prefix the ids a fragment defines (footnotes, headings) and its links to them, so that
    several fragments on one page (the catalogue's descriptions) never share an id."""
    ids = set(_ID.findall(html))
    if not ids:
        return html
    return re.sub(r' (id|href)="(#?)([^"]+)"',
                  lambda m: f' {m[1]}="{m[2]}{prefix}-{m[3]}"'
                  if m[3] in ids and (m[1] == "id") != (m[2] == "#") else m[0], html)


def sanitise(html: str) -> str:
    """Clean HTML against Kórme's allowlist (no scripts, handlers or ``javascript:`` URLs)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRS,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )
