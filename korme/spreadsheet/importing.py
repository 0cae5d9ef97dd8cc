"""``korme import`` of a spreadsheet (CSV with FILE.images.csv, or XLSX): rows merged into
items.yaml by the rule of :mod:`korme.merge.rule`.

Problems are reported as ``FILE:row:column (header): message``, the column given by its letter
and header, and nothing is written until every row is valid.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from korme.errors import Diagnostic, Position, Report, UsageError
from korme.i18n import pretty_tag
from korme.l10n import Catalog, _, catalog_for, message_of, shown
from korme.load.site import load_config
from korme.merge.rule import Incoming, merge_items
from korme.merge.summary import print_import
from korme.spreadsheet.columns import CellProblem, Column, from_cells, letter, parse_header
from korme.spreadsheet.csvio import images_path, read_csv
from korme.spreadsheet.sheet import Sheet, SheetProblem
from korme.spreadsheet.xlsxio import read_xlsx

FORMATS = (".csv", ".xlsx")
Positions = dict[tuple[Any, ...], Position]


def exhibition_folder(site: Path, slug: str) -> Path:
    folder = site / "exhibitions" / slug
    if not (folder / "exhibition.yaml").is_file():
        raise UsageError(_("no exhibition '{slug}' ({path} not found)", slug=slug,
                           path=folder / "exhibition.yaml"))
    return folder


def site_languages(site: Path) -> tuple[str, ...]:
    """The published languages of the site (empty when site.yaml cannot be read)."""
    loaded = load_config(site.resolve(), Report())
    return tuple(pretty_tag(t) for t in loaded[0].languages) if loaded else ()


class _Reader:
    """Turns sheets into record dicts with cell positions, collecting problems."""

    def __init__(self) -> None:
        self.report = Report()
        self.headers: dict[tuple[str, int], str] = {}

    def columns(self, sheet: Sheet) -> list[Column | None]:
        out: list[Column | None] = []
        seen: set[Column] = set()
        for n, text in enumerate(sheet.header, start=1):
            self.headers[(sheet.label, n)] = str(text or "")
            if text is None:
                out.append(None)
                continue
            try:
                col = parse_header(text)
            except CellProblem as exc:
                self.report.error(Position(sheet.label, 1, n), message_of(exc))
                out.append(None)
                continue
            if col in seen:
                self.report.error(Position(sheet.label, 1, n),
                                  _("the column '{header}' is given twice", header=text))
            seen.add(col)
            out.append(col)
        return out

    def records(self, sheet: Sheet, columns: list[Column | None]
                ) -> list[tuple[dict[str, Any], Positions]]:
        """(record, positions keyed by field path) for every row."""
        out = []
        for row_no, row in sheet.rows:
            fields: dict[str, dict[Column, Any]] = {}
            positions: Positions = {(): Position(sheet.label, row_no, 1)}
            for n, col in enumerate(columns, start=1):
                value = row[n - 1] if n - 1 < len(row) else None
                if col is None:
                    if value is not None:
                        self.report.error(Position(sheet.label, row_no, n),
                                          _("a value in a column without a header"))
                    continue
                positions.setdefault((col.field,), Position(sheet.label, row_no, n))
                if value is not None:
                    fields.setdefault(col.field, {})[col] = value
            record: dict[str, Any] = {}
            for name, cells in fields.items():
                try:
                    record[name] = from_cells(name, cells)
                except CellProblem as exc:
                    self.report.error(positions[(name,)], _("{field}: {message}", field=name,
                                                            message=message_of(exc)))
            out.append((record, positions))
        return out

    def message(self, d: Diagnostic, catalog: Catalog) -> str:
        p = d.position
        if not any(path == p.path for path, _n in self.headers):
            return d.text(catalog)  # not a cell (items.yaml itself)
        header = self.headers.get((p.path, p.column), "")
        where = f"{letter(p.column)} ({header})" if header else letter(p.column)
        text = d.message.render(catalog) if not isinstance(d.message, str) else d.message
        if d.severity.value != "error":
            text = _("warning: {message}", message=text).render(catalog)
        return f"{p.path}:{p.line}:{where}: {text}"


def _at(positions: Positions) -> Callable[[tuple[Any, ...]], Position]:
    """Where a field path of one row is: its cell, else the row."""
    def at(loc: tuple[Any, ...]) -> Position:
        key = tuple(loc)
        while key not in positions and key:
            key = key[:-1]
        return positions[key]
    return at


def rows_to_incoming(items: Sheet, images: Sheet | None) -> tuple[list[Incoming], _Reader]:
    """The rows as records to merge (cells checked); problems are in the reader's report."""
    reader = _Reader()
    columns = reader.columns(items)
    if not any(c is not None and c.field in ("id", "identifier") for c in columns):
        reader.report.error(Position(items.label, 1, 1),
                            _("no 'id' column and no 'identifier' column: rows cannot be "
                              "matched with items"))
    rows = reader.records(items, columns)
    by_id: dict[str, tuple[dict[str, Any], Positions]] = {}
    kept = []
    for record, positions in rows:
        ident = record.get("id")
        if ident is not None and str(ident) in by_id:
            reader.report.error(positions[("id",)], _("item '{id}': the id is given twice",
                                                      id=ident))
            continue
        if ident is not None:
            by_id[str(ident)] = record, positions
        kept.append((record, positions))
    if images is not None:
        icolumns = reader.columns(images)
        for need in ("item", "file"):
            if not any(c is not None and c.field == need for c in icolumns):
                reader.report.error(Position(images.label, 1, 1),
                                    _("no '{column}' column", column=need))
        for image, ipos in reader.records(images, icolumns):
            ident = str(image.pop("item", ""))
            if ident not in by_id:
                reader.report.error(ipos.get(("item",), ipos[()]),
                                    _("unknown item '{id}'", id=ident))
                continue
            record, positions = by_id[ident]
            n = len(record.setdefault("images", []))
            record["images"].append(image)
            positions.update({("images", n, *k): v for k, v in ipos.items()})
    incoming = [Incoming(record, _at(positions), _("row {number}", number=positions[()].line))
                for record, positions in kept if record]
    return incoming, reader


def _read(path: Path) -> tuple[Sheet, Sheet | None]:
    label = str(path)
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path, label)
    companion = images_path(path)
    return read_csv(path, label), read_csv(companion, str(companion)) \
        if companion.is_file() else None


def import_sheet(site: Path, slug: str, source: Path, prune: bool = False,
                 catalog: Catalog | None = None) -> int:
    """Merge the spreadsheet's rows into the exhibition's items.yaml; the exit status."""
    if source.suffix.lower() not in FORMATS:
        raise UsageError(_("{path}: give a .csv or .xlsx file", path=source))
    if not source.is_file():
        raise UsageError(_("{path}: no such file", path=source))
    target = exhibition_folder(site, slug) / "items.yaml"
    try:
        items, images = _read(source)
    except SheetProblem as exc:
        print(shown(exc, catalog or catalog_for()), file=sys.stderr)
        return 1
    incoming, reader = rows_to_incoming(items, images)
    outcome = merge_items(target, incoming, site_languages(site), reader.report, prune,
                          source.name)
    return print_import(reader.report, outcome, target, source.name, reader.message, catalog)
