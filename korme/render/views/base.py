"""What a view function receives: the page's context, the tracked model and the helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from korme.render.context import PageContext, Shown
from korme.render.views.show import Show
from korme.render.words import language_label


@dataclass(frozen=True)
class ViewInput:
    """A view's inputs: the page's helpers and its (tracked, read-only) model objects."""

    p: PageContext
    site: Any  # the tracked Site
    data: dict[str, Any]  # the page's model objects by name (exhibition, item…), tracked
    show: Show


@dataclass(frozen=True)
class Nav:
    """A link to a neighbouring page (previous or next section or item)."""

    href: str
    title: Shown | str


@dataclass(frozen=True)
class DocLang:
    """The language of a text shown in another language than the page's (a fallback)."""

    tag: str
    dir: str
    name: Shown | str = ""  # the language's name in the page's language (the notice says it)


def doc_lang(v: ViewInput, doc: Any) -> DocLang | None:
    """A page's text's language when it is not the page's own."""
    if doc.lang == v.p.lang.code:
        return None
    lang = next(lang for lang in v.site.languages if lang.code == doc.lang)
    return DocLang(lang.tag, lang.dir, language_label(v.p, v.site, lang.tag))
