"""``korme import`` of a library catalogue export: records mapped, then merged into items.yaml.

Every record that cannot be mapped is reported with its number (and its line in an XML file)
and the field tag at fault, ``FILE: record 3, field 245: …``; nothing is written unless every
record is valid. Records are matched with items by their identifier (the shelfmark), so a
second import of the same file updates the items and never duplicates them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from korme.catalogue.common import Mapped, lang_tag
from korme.catalogue.source import read_catalogue
from korme.errors import Diagnostic, Position, Report, UsageError
from korme.i18n import is_lang_tag, pretty_tag
from korme.l10n import Catalog, Text, _
from korme.merge.rule import Incoming, merge_items
from korme.merge.summary import print_import
from korme.spreadsheet.importing import exhibition_folder, site_languages


def _incoming(m: Mapped, where: Position) -> Incoming:
    def describe(loc: tuple[Any, ...], ident: str) -> Text:
        tag = m.tags.get(str(loc[0])) if loc else None
        if tag:
            return _("record {number}, field {tag} (item '{id}')", number=m.number, tag=tag,
                     id=ident)
        return _("record {number} (item '{id}')", number=m.number, id=ident)

    return Incoming(m.fields, lambda _loc: where, _("record {number}", number=m.number),
                    m.new_id, describe)


def import_catalogue(site: Path, slug: str, source: Path, prune: bool = False,
                     language: str | None = None, catalog: Catalog | None = None) -> int:
    """Merge a catalogue export's records into the exhibition's items.yaml; the exit status
    (messages in ``catalog``'s language)."""
    if not source.is_file():
        raise UsageError(_("{path}: no such file", path=source))
    lang = None
    if language:
        lang = lang_tag(language) or (pretty_tag(language) if is_lang_tag(language) else None)
        if lang is None:
            raise UsageError(_("--language {language}: not a language code such as ru, kk, en",
                           language=language))
    target = exhibition_folder(site, slug) / "items.yaml"
    languages = site_languages(site)
    catalogue = read_catalogue(source, lang, languages[0] if languages else "en")
    label = str(source)
    report = Report()
    for line, message in catalogue.problems:
        report.error(Position(label, line or 0, 1 if line else 0), message)
    incoming = []
    for m in catalogue.records:
        where = Position(label, m.line or m.number, 1 if m.line else 0)
        for tag, problem in m.problems:
            report.error(where, _("record {number}, field {tag}: {problem}", number=m.number,
                                  tag=tag, problem=problem))
        if not m.problems:
            incoming.append(_incoming(m, where))
    outcome = merge_items(target, incoming, languages, report, prune, source.name)

    def show(d: Diagnostic, catalog: Catalog) -> str:
        if d.position.path == label and d.position.column == 0:  # no line: ISO 2709
            text = d.message if isinstance(d.message, str) else d.message.render(catalog)
            return f"{label}: {text}"
        return d.text(catalog)

    return print_import(report, outcome, target, source.name, show, catalog)
