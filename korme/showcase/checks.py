"""Words missing in a published language: a type, a language or a field without a label.

Every value the pages show must be in the page's language: a type the theme does not know
needs a label under ``vocabulary: type:``, a language CLDR cannot name in a published language
one under ``vocabulary: language:``, and a field of the site's own one under ``fields:``
(unless the theme has a word for it). Each missing label is one warning (an error under
``--strict``), at the label in site.yaml when it is there, else at the first item showing it.
"""

from __future__ import annotations

from collections.abc import Mapping

from korme.content.records import warn_unknown_keys
from korme.content.schema import KNOWN_KEYS
from korme.errors import Position, Report
from korme.i18n import LangText
from korme.l10n import _
from korme.model import Item, Site
from korme.render.values import KNOWN_FIELDS
from korme.showcase.words import VOCABULARIES, cldr_language, field_text, vocabulary

Strings = Mapping[str, Mapping[str, str]]  # language -> the theme's own UI strings


def _first_uses(site: Site) -> tuple[dict[str, Item], dict[str, Item], dict[str, Item]]:
    """The first item showing each type, language and field of the site's own."""
    types: dict[str, Item] = {}
    langs: dict[str, Item] = {}
    fields: dict[str, Item] = {}
    for ex in site.exhibitions:
        for it in ex.items:
            if it.record.type:
                types.setdefault(it.record.type, it)
            for tag in it.record.language:
                langs.setdefault(tag, it)
            for key, _value in it.custom_fields:
                fields.setdefault(key, it)
    return types, langs, fields


def _missing(own: LangText | None, codes: tuple[str, ...], has: set[str]) -> list[str]:
    """The published languages with neither the site's label nor the theme's (``has``)."""
    return [c for c in codes if c not in has and (own is None or own.get(c) is None)]


def check_words(site: Site, strings: Strings, report: Report) -> None:
    """Warn of each value shown without a label in a published language (see the module)."""
    config, codes = site.config, site.codes
    where = site.config_located
    types, langs, fields = _first_uses(site)

    def at(path: tuple[str, ...], item: Item) -> Position:
        """The label's place in site.yaml when it is there, else the item's."""
        if where is not None and path in where.positions:
            return where.at(path)
        return item.position

    def has(key: str) -> set[str]:
        return {c for c in codes if key in strings.get(c, {})}

    for kind, item in types.items():
        missing = _missing(vocabulary(config, "type", kind), codes, has(f"type_{kind}"))
        if missing:
            report.warning(at(("vocabulary", "type", kind), item), _(
                "type '{value}' has no label in {languages}: add one under vocabulary: type: "
                "in site.yaml", value=kind, languages=", ".join(missing)), kind="fallback")
    for tag, item in langs.items():
        named = {c for c in codes if cldr_language(tag, c)}
        missing = _missing(vocabulary(config, "language", tag), codes, named)
        if missing:
            report.warning(at(("vocabulary", "language", tag), item), _(
                "language '{value}' has no name in {languages}: add one under vocabulary: "
                "language: in site.yaml", value=tag, languages=", ".join(missing)),
                kind="fallback")
    for key, item in fields.items():
        if key in KNOWN_FIELDS:
            continue
        missing = _missing(field_text(config, key), codes, has(f"field_{key}"))
        if missing:
            report.warning(at(("fields", key), item), _(
                "field '{value}' has no label in {languages}: add one under fields: {value}: "
                "label: in site.yaml", value=key, languages=", ".join(missing)), kind="fallback")
    _check_keys(site, report)


def _check_keys(site: Site, report: Report) -> None:
    """Unknown keys under ``fonts:``, ``fields:`` entries and ``vocabulary:``."""
    located = site.config_located
    if located is None:
        return
    warn_unknown_keys(located, KNOWN_KEYS["fonts"], report, at=("fonts",))
    for key in site.config.fields:
        warn_unknown_keys(located, {"label", "type"}, report, at=("fields", key))
    for name in site.config.vocabulary:
        if name not in VOCABULARIES:
            report.warning(located.at(("vocabulary", name)), _(
                "vocabulary: '{name}' is not a kind of value with a vocabulary (type, "
                "language); it is ignored", name=name), kind="unknown-key")
