"""Values shown to visitors in the page's language: types, languages, field labels.

A known type (``manuscript``) and a known field (``creator``) are worded by the theme; the
site's own come from site.yaml: ``vocabulary: {type: …, language: …}`` and ``fields: {KEY:
{label: …}}`` (the older ``field_labels: {KEY: …}`` is still read). A language is named by the
site's ``vocabulary:`` first, then by CLDR in the page's language (``chg`` → ``чагатайский``).
These functions read only the site's configuration (the page's wording of them is
:mod:`korme.render.words`); :func:`check_words` warns of a label missing in a published
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from korme.errors import Position, Report
from korme.fieldcheck import declared_fields
from korme.i18n import LangText, babel_locale, language_name, norm_tag
from korme.l10n import _
from korme.load.records import warn_unknown_keys
from korme.load.schema import KNOWN_KEYS
from korme.model import Item, Site
from korme.suggest import closest

VOCABULARIES = ("type", "language")
KNOWN_FIELDS = frozenset({"title", "creator", "date", "type", "language", "extent", "dimensions",
                          "reading_direction", "subjects", "institution", "identifier",
                          "rights", "credit"})  # the format's own fields: the theme words them


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


# words missing in a published language ----------------------------------------------------
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

    known_types = {k.removeprefix("type_") for s in strings.values() for k in s
                   if k.startswith("type_")} | set(config.vocabulary.get("type", {}))
    for kind, item in types.items():
        missing = _missing(vocabulary(config, "type", kind), codes, has(f"type_{kind}"))
        near = closest(kind, known_types, 0.75) if kind not in known_types else None
        if near:  # manscript: a typo, not a type of the site's own
            report.warning(item.position, _("type '{value}' is not a known type (did you mean "
                                            "'{suggestion}'?)", value=kind, suggestion=near),
                           kind="unknown-type")
        elif missing:
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
    declared = declared_fields(config) | {k.removeprefix("field_") for s in strings.values()
                                          for k in s if k.startswith("field_")}
    for key, item in fields.items():
        if key in KNOWN_FIELDS or key not in declared:  # undeclared: korme.fieldcheck says so
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
