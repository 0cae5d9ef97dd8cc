"""What the search index takes from one rendered page: a :class:`SearchDoc`.

Only the page's ``data-pagefind-body`` element is read, without the parts marked
``data-pagefind-ignore`` (interface strings such as "download the image" or "section 1 of 3");
its ``data-pagefind-filter`` and ``data-pagefind-meta`` values are read wherever they are in
the body (ignored parts included, as Pagefind does). Every word of the text gets its other
spellings (:func:`korme.search.translit.index_forms`): Kazakh in Latin and ASCII, Arabic
letter variants. They are indexed after :data:`FORMS_MARK`, which the search page never shows.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

from lxml.html import builder as E
from lxml.html import fragment_fromstring, tostring
from selectolax.lexbor import LexborHTMLParser

from korme.search.translit import index_forms

# Starts the index-only spellings in a page's indexed text: not a word (Pagefind indexes no
# part of it) and never in a page, so the search page cuts the text there for excerpts.
FORMS_MARK = "\u2042"  # ⁂
_BLOCK = re.compile(
    r"</?(?:address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer"
    r"|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|td|th|tr|ul)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchDoc:
    """One page as the index sees it (plain values: kept in the cache between builds)."""

    url: str  # the site path of the page ("kk/ex/items/x/")
    lang: str  # its language code
    title: str
    text: str  # the visible indexed text, words separated by single spaces
    body: str  # the body element's HTML as Pagefind reads it (ignored parts left out)
    forms: str  # other spellings of the words, separated by spaces
    meta: tuple[tuple[str, str], ...] = ()
    filters: tuple[tuple[str, str], ...] = ()
    page_meta: tuple[tuple[str, str], ...] = ()  # the meta the page itself gave

    def html(self) -> str:
        """The page as given to Pagefind: its body (filters and meta in a hidden block at its
        end), then the spellings after the mark; built as elements, serialised by lxml."""
        body = fragment_fromstring(self.body) if self.body.strip() else E.DIV()
        body.set("data-pagefind-body", "")
        if self.meta or self.filters:
            body.append(E.DIV(*(E.SPAN(**{f"data-pagefind-{kind}": f"{k}:{v}"})
                                for kind, pairs in (("filter", self.filters),
                                                    ("meta", self.page_meta))
                                for k, v in pairs), hidden="hidden"))
        if self.forms:
            body.append(E.DIV(f"{FORMS_MARK} {self.forms}", **{"data-pagefind-weight": "4"}))
        page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(self.title)), E.BODY(body),
                      lang=self.lang)
        return "<!doctype html>" + tostring(page, encoding="unicode", method="html")

    def to_json(self) -> list[object]:
        return [self.url, self.lang, self.title, self.text, self.body, self.forms,
                [list(m) for m in self.meta], [list(f) for f in self.filters],
                [list(m) for m in self.page_meta]]

    @classmethod
    def from_json(cls, data: list[object]) -> SearchDoc:
        url, lang, title, text, body, forms, meta, filters, page_meta = data
        return cls(str(url), str(lang), str(title), str(text), str(body), str(forms),
                   tuple((str(k), str(v)) for k, v in meta),  # type: ignore[attr-defined]
                   tuple((str(k), str(v)) for k, v in filters),  # type: ignore[attr-defined]
                   tuple((str(k), str(v)) for k, v in page_meta))  # type: ignore[attr-defined]


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment: block elements part words, inline ones do not."""
    return _SPACE.sub(" ", htmllib.unescape(_TAG.sub("", _BLOCK.sub(" ", fragment)))).strip()


def _pair(value: str, content: str) -> tuple[str, str] | None:
    """``(key, value)`` of a ``data-pagefind-filter``/``-meta`` attribute: ``key:value``, or
    ``key`` with the element's text as the value."""
    key, sep, given = value.partition(":")
    found = (given if sep else content).strip()
    return (key.strip(), found) if key.strip() and found else None


def page_document(url: str, lang: str, html: str) -> SearchDoc | None:
    """The search document of a rendered page; ``None`` for a page that is not indexed.
    Its language is the page's ``<html lang>`` (``lang`` when it has none)."""
    if "data-pagefind-body" not in html:
        return None
    tree = LexborHTMLParser(html)
    root = tree.css_first("html")
    lang = ((root.attributes.get("lang") if root is not None else None) or lang).lower()
    body = tree.css_first("[data-pagefind-body]")
    if body is None:
        return None
    meta: list[tuple[str, str]] = []
    filters: list[tuple[str, str]] = []
    for node in body.css("[data-pagefind-meta], [data-pagefind-filter]"):
        for attr, out in (("data-pagefind-meta", meta), ("data-pagefind-filter", filters)):
            value = node.attributes.get(attr)
            if value:
                pair = _pair(value, node.text(deep=True))
                if pair is not None:
                    out.append(pair)
    for node in body.css("[data-pagefind-ignore], script, style, template"):
        node.decompose()  # scripts' data (the viewer's JSON) is no text, as for Pagefind
    h1 = body.css_first("h1")
    title = plain_text(h1.html or "") if h1 is not None else ""
    cleaned = body.html or ""
    text = plain_text(cleaned)
    # what Pagefind reads: the body without its ignored parts (so that a change there, such
    # as the pager's neighbour titles, changes no shard), its filters and meta given again
    given_meta = tuple(meta)
    if title and "title" not in {k for k, _ in meta}:
        meta.insert(0, ("title", title))
    return SearchDoc(url, lang, title, text, cleaned, index_forms([text]),
                     tuple(meta), tuple(sorted(set(filters))), given_meta)
