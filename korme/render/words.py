"""Values shown to visitors in the page's language: types, languages, field labels, the
filters' words (what the site says of them is read by :mod:`korme.words`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from korme.dates import format_edtf, parse_date
from korme.i18n import LangText, language_name
from korme.render.context import PageContext, Shown
from korme.words import field_text, humanise, vocabulary


def type_label(p: PageContext, site: Any, kind: str | None) -> Shown:
    """A type in the page's language: the site's vocabulary, the theme's word, the value."""
    if not kind:
        return Shown("")
    own = vocabulary(site.config, "type", kind)
    if own:
        return p.t(own)
    return Shown(p.strings.get(f"type_{kind}", humanise(kind)))


def language_label(p: PageContext, site: Any, tag: str) -> Shown:
    """A language's name in the page's language: the site's vocabulary, CLDR, the code."""
    own = vocabulary(site.config, "language", tag)
    if own:
        return p.t(own)
    return Shown(language_name(tag, p.lang.code))


def field_label(p: PageContext, site: Any, key: str, known: bool) -> Shown:
    """A field's label: the theme's for the format's fields (``known``), else the site's
    ``fields:`` label, the theme's word for it, the key."""
    if not known:
        own = field_text(site.config, key)
        if own:
            return p.t(own)
    return Shown(p.strings.get(f"field_{key}", humanise(key).capitalize() if not known
                               else f"field_{key}"))


def facet_strings(p: PageContext, site: Any) -> Mapping[str, str]:
    """The page's UI strings with the site's types and languages in its language, as the
    filters read them (``type_<key>``, ``lang_<code>``)."""
    vocab = site.config.vocabulary

    def make() -> dict[str, str]:
        out = dict(p.strings)
        for key, label in (vocab.get("type") or {}).items():
            out[f"type_{key}"] = p.plain(label)
        for key, label in (vocab.get("language") or {}).items():
            out[f"lang_{key}"] = p.plain(label)
        return out
    if not vocab:
        return p.strings
    return p.kept(("facet-strings", p.digest(site)), make)  # type: ignore[no-any-return]


def field_parts(p: PageContext, site: Any, key: str, value: Any) -> tuple[Any, ...] | None:
    """A field declared with a ``type`` of markdown or date as parts of a metadata row;
    ``None`` for the others (shown as given: lists item by item, web addresses as links)."""
    spec = site.config.fields.get(key)
    kind = spec.type if spec is not None else "text"
    if kind == "markdown" and isinstance(value, (str, dict)):
        return (p.md_inline(LangText.of(_texts(value))),)
    if kind == "date" and isinstance(value, str):
        try:
            return (format_edtf(parse_date(value), p.lang.locale, p.strings),)
        except ValueError:
            return (value,)
    return None


def _texts(value: str | dict[Any, Any]) -> str | dict[str, str]:
    return value if isinstance(value, str) else {str(k): str(v) for k, v in value.items()}
