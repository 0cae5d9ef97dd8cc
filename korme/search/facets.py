"""Facets: the values of the site's ``facets`` (type, institution, century, language, subjects
or a field of the curators' own) for each item, with labels and counts in a page's language.

Keys are language-independent slugs (``letter``, ``19``, ``poeziia``); they are what the items
index and the search index filter on. A date range counts in every century it touches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from korme.collate import sort_key
from korme.dates import century_of, ordinal_en, roman
from korme.i18n import LangText, language_name, norm_tag
from korme.model import Item
from korme.search.translit import slugify

Key = tuple[str, ...]
KNOWN = ("type", "institution", "century", "language", "subjects")


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: tuple[FacetValue, ...]


def _text(value: Any) -> LangText | None:
    if isinstance(value, LangText):
        return value
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return LangText.of(str(value))
    if isinstance(value, dict):
        try:
            return LangText.of({str(k): str(v) for k, v in value.items()})
        except (TypeError, ValueError):
            return None
    return None


def _texts(value: Any) -> list[LangText]:
    values = value if isinstance(value, list) else [value]
    return [t for t in (_text(v) for v in values) if t]


def text_key(value: LangText, order: tuple[str, ...]) -> str:
    """The slug of a value from its default-language text: ``Поэзия`` → ``poeziia``."""
    return slugify(value.pick(order[0] if order else "", order))


def century_label(n: int, strings: dict[str, str]) -> str:
    """``XVI ғасыр`` / ``XVI век`` / ``16th century``."""
    return strings["date_century"].format(roman=roman(abs(n)), ordinal=ordinal_en(abs(n)), n=n)


def item_values(item: Item, name: str, lang: str, order: tuple[str, ...],
                strings: Mapping[str, str]) -> list[tuple[str, str, Any]]:
    """An item's values of one facet as ``(key, label, sort key)`` in language ``lang``."""
    rec = item.record

    def say(t: LangText) -> str:
        return t.pick(lang, order)

    if name == "type":
        kind = rec.type or ""
        label = strings.get(f"type_{kind}", kind.replace("-", " ").replace("_", " "))
        return [(slugify(kind), label, sort_key(label, lang))] if kind else []
    if name == "institution":
        inst = item.institution
        if not inst:
            return []
        name_text = say(inst.name)
        return [(inst.id, name_text, sort_key(name_text, lang))]
    if name == "century":
        if item.date is None:
            return []
        return [(str(n), century_label(n, strings), n) for n in item.date.centuries]
    if name == "language":
        return [(norm_tag(t), n, sort_key(n, lang)) for t in rec.language  # (lang_: vocabulary)
                for n in (strings.get(f"lang_{norm_tag(t)}") or language_name(t, lang),)]
    raw = rec.subjects if name == "subjects" else rec.extra_fields.get(name)
    return [(text_key(t, order), text, sort_key(text, lang)) for t in _texts(raw)
            for text in (say(t),)]


def _keys(item: Item, name: str, order: tuple[str, ...]) -> list[str]:
    """The keys of :func:`item_values` alone (no labels to look up)."""
    rec = item.record
    if name == "type":
        return [slugify(rec.type)] if rec.type else []
    if name == "institution":
        return [item.institution.id] if item.institution else []
    if name == "century":
        return [str(n) for n in item.date.centuries] if item.date is not None else []
    if name == "language":
        return [norm_tag(t) for t in rec.language]
    raw = rec.subjects if name == "subjects" else rec.extra_fields.get(name)
    return [text_key(t, order) for t in _texts(raw)]


def item_keys(item: Item, names: Iterable[str], order: tuple[str, ...]) -> dict[str, list[str]]:
    """An item's facet keys, for data attributes and search filters."""
    return {n: _keys(item, n, order) for n in names}


def facets(items: Iterable[Item], names: Iterable[str], lang: str, order: tuple[str, ...],
           strings: Mapping[str, str], labels: dict[str, str]) -> list[Facet]:
    """The facets of these items with every value's label and count; empty facets left out."""
    items = list(items)
    out = []
    for name in names:
        found: dict[str, tuple[str, Any]] = {}
        counts: dict[str, int] = {}
        for item in items:
            for key, label, sort in item_values(item, name, lang, order, strings):
                if key not in counts:
                    found[key] = (label, sort)
                counts[key] = counts.get(key, 0) + 1
        values = sorted(found, key=lambda k: (found[k][1], k))
        if values:
            out.append(Facet(name, labels.get(name, name), tuple(
                FacetValue(k, found[k][0], counts[k]) for k in values)))
    return out


__all__ = ["Facet", "FacetValue", "century_label", "century_of", "facets",
           "item_keys", "item_values", "text_key"]
