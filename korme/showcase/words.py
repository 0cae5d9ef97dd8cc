"""Values shown to visitors in the page's language: types, languages, field labels.

A known type (``manuscript``) and a known field (``creator``) are worded by the theme; the
site's own come from site.yaml: ``vocabulary: {type: …, language: …}`` and ``fields: {KEY:
{label: …}}`` (the older ``field_labels: {KEY: …}`` is still read). A language is named by the
site's ``vocabulary:`` first, then by CLDR in the page's language (``chg`` → ``чагатайский``).
These functions read only the site's configuration; :mod:`korme.showcase.checks` warns of a
label missing in a published language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from korme.dates import format_edtf, parse_date
from korme.i18n import LangText, babel_locale, language_name, norm_tag
from korme.render.context import PageContext, Shown

VOCABULARIES = ("type", "language")


def humanise(key: str) -> str:
    """``seal-impression`` → ``seal impression`` (the last resort of a label)."""
    return key.replace("-", " ").replace("_", " ")


def vocabulary(config: Any, name: str, key: str) -> LangText | None:
    """The site's label of a controlled value (``type``/``seal-impression``), if given."""
    labels = config.vocabulary.get(name)
    if not labels:
        return None
    return labels.get(norm_tag(key) if name == "language" else key)


def field_text(config: Any, key: str) -> LangText | None:
    """The site's label of one of its own fields (``fields:``, else ``field_labels:``)."""
    spec = config.fields.get(key)
    if spec is not None and spec.label:
        return spec.label  # type: ignore[no-any-return]
    legacy = config.extra_fields.get("field_labels") or {}
    value = legacy.get(key) if isinstance(legacy, dict) else None
    return LangText.of(value) if isinstance(value, (str, dict)) else None


def cldr_language(tag: str, lang: str) -> str | None:
    """CLDR's name of language ``tag`` in ``lang``, or ``None`` when CLDR has none."""
    loc = babel_locale(lang)
    if loc is None or not loc.languages.get(norm_tag(tag).split("-")[0]):
        return None
    return language_name(tag, lang)


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
