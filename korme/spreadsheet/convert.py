"""items.yaml ↔ spreadsheets: export the records, import and validate rows, write curators' YAML.

Problems in a spreadsheet are reported as ``FILE:row:column (header): message``, the column
given by its letter and header, and nothing is written until every row is valid.
"""

from __future__ import annotations

import datetime
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from korme.content.load import load_config, load_items
from korme.content.records import validate_record
from korme.content.schema import ItemRecord
from korme.dates import parse_date
from korme.errors import Position, Report, UsageError
from korme.i18n import pretty_tag
from korme.spreadsheet.columns import (
    CellProblem,
    Column,
    from_cells,
    letter,
    parse_header,
    to_cells,
)
from korme.spreadsheet.csvio import images_path, read_csv, write_csv
from korme.spreadsheet.sheet import Sheet, SheetProblem
from korme.spreadsheet.xlsxio import MAX_CELL, read_xlsx, write_xlsx
from korme.yamlload import Located

FORMATS = (".csv", ".xlsx")


def _folder(site: Path, slug: str) -> Path:
    folder = site / "exhibitions" / slug
    if not (folder / "exhibition.yaml").is_file():
        raise UsageError(f"no exhibition '{slug}' ({folder}/exhibition.yaml not found)")
    return folder


def _format(path: Path) -> str:
    if path.suffix.lower() not in FORMATS:
        raise UsageError(f"{path}: give a .csv or .xlsx file")
    return path.suffix.lower()


# export -------------------------------------------------------------------------------------
def _columns(records: list[dict[str, Any]], langs: list[str], label: str, skip: set[str]
             ) -> tuple[list[Column], list[dict[Column, Any]]]:
    """Columns in the order fields first appear (plain, then languages), and each row's cells."""
    rows: list[dict[Column, Any]] = []
    for n, record in enumerate(records):
        cells: dict[Column, Any] = {}
        for name, value in record.items():
            if name in skip:
                continue
            try:
                cells.update(to_cells(name, value))
            except CellProblem as exc:
                raise SheetProblem(f"{label}: record {n + 1}: {exc}") from None
        rows.append(cells)
    seen = list(dict.fromkeys(c for row in rows for c in row))
    order = {name: i for i, name in enumerate(dict.fromkeys(c.field for c in seen))}
    lang_rank = {lang: i for i, lang in enumerate(dict.fromkeys(
        [*langs, *(c.lang for c in seen if c.lang)]))}
    columns = sorted(seen, key=lambda c: (order[c.field], c.lang is not None,
                                          lang_rank.get(c.lang or "", 0)))
    return columns, rows


def _table(columns: list[Column], rows: list[dict[Column, Any]], first: list[str],
           firsts: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
    header = first + [c.header for c in columns]
    body = [lead + [row.get(c) for c in columns] for lead, row in zip(firsts, rows, strict=True)]
    return header, body


def export_items(site: Path, slug: str, output: Path, force: bool = False) -> int:
    """Write the exhibition's items (and their images) to a CSV or XLSX file; exit status."""
    kind = _format(output)
    folder = _folder(site, slug)
    report = Report()
    items, broken = load_items(folder / "items.yaml", site.resolve(), report)
    if report.errors or broken is None:
        for d in report.sorted():
            print(d, file=sys.stderr)
        print("export stopped: fix items.yaml first", file=sys.stderr)
        return 1
    targets = [output] if kind == ".xlsx" else [output, images_path(output)]
    for target in targets:
        if target.exists() and not force:
            raise UsageError(f"{target} exists; use --force to overwrite it")
    loaded = load_config(site.resolve(), Report())
    langs = [pretty_tag(t) for t in loaded[0].languages] if loaded else []
    records = [dict(it.located.data) for it in items]
    images = [(r["id"], dict(img)) for r in records for img in r.get("images") or []]
    try:
        cols, cells = _columns(records, langs, str(output), {"images"})
        item_table = _table(cols, cells, [], [[] for _ in cells])
        icols, icells = _columns([img for _, img in images], langs, str(output), set())
        icols = [c for c in icols if c.field != "file"]
        image_table = _table(icols, icells, ["item", "file"],
                             [[ident, img.get("file")] for ident, img in images])
    except SheetProblem as exc:
        print(exc, file=sys.stderr)
        return 1
    if kind == ".xlsx":
        for header, rows in (item_table, image_table):
            for row in rows:
                for name, value in zip(header, row, strict=True):
                    if isinstance(value, str) and len(value) > MAX_CELL:
                        print(f"{output}: item '{row[0]}': {name} is longer than a "
                              f"spreadsheet cell holds ({MAX_CELL} characters)", file=sys.stderr)
                        return 1
        write_xlsx(output, {"items": item_table, "images": image_table})
    else:
        write_csv(output, *item_table)
        write_csv(images_path(output), *image_table)
    print(f"exported {len(records)} items and {len(images)} images to "
          + " and ".join(str(t) for t in targets))
    return 0


# import -------------------------------------------------------------------------------------
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
                self.report.error(Position(sheet.label, 1, n), str(exc))
                out.append(None)
                continue
            if col in seen:
                self.report.error(Position(sheet.label, 1, n), f"the column '{text}' is "
                                  "given twice")
            seen.add(col)
            out.append(col)
        return out

    def records(self, sheet: Sheet, columns: list[Column | None]
                ) -> list[tuple[int, dict[str, Any], dict[tuple[Any, ...], Position]]]:
        """(row number, record, positions keyed by field path) for every row."""
        out = []
        for row_no, row in sheet.rows:
            fields: dict[str, dict[Column, Any]] = {}
            positions: dict[tuple[Any, ...], Position] = {(): Position(sheet.label, row_no, 1)}
            for n, col in enumerate(columns, start=1):
                value = row[n - 1] if n - 1 < len(row) else None
                if col is None:
                    if value is not None:
                        self.report.error(Position(sheet.label, row_no, n),
                                          "a value in a column without a header")
                    continue
                positions.setdefault((col.field,), Position(sheet.label, row_no, n))
                if value is not None:
                    fields.setdefault(col.field, {})[col] = value
            record: dict[str, Any] = {}
            for name, cells in fields.items():
                try:
                    record[name] = from_cells(name, cells)
                except CellProblem as exc:
                    self.report.error(positions[(name,)], f"{name}: {exc}")
            out.append((row_no, record, positions))
        return out

    def message(self, d: Any) -> str:
        p = d.position
        header = self.headers.get((p.path, p.column), "")
        where = f"{letter(p.column)} ({header})" if header else letter(p.column)
        tag = "" if d.severity.value == "error" else "warning: "
        return f"{p.path}:{p.line}:{where}: {tag}{d.message}"


def _read(path: Path) -> tuple[Sheet, Sheet | None]:
    label = str(path)
    if _format(path) == ".xlsx":
        return read_xlsx(path, label)
    companion = images_path(path)
    return read_csv(path, label), read_csv(companion, str(companion)) \
        if companion.is_file() else None


def rows_to_records(items: Sheet, images: Sheet | None
                    ) -> tuple[list[dict[str, Any]], _Reader]:
    """Validated records from the sheets; problems are in the reader's report."""
    reader = _Reader()
    columns = reader.columns(items)
    if not any(c is not None and c.field == "id" for c in columns):
        reader.report.error(Position(items.label, 1, 1), "no 'id' column")
    rows = reader.records(items, columns)
    by_id: dict[str, tuple[dict[str, Any], dict]] = {}
    for _, record, positions in rows:
        ident = record.get("id")
        if isinstance(ident, str) and ident in by_id:
            reader.report.error(positions[("id",)], f"item '{ident}': the id is given twice")
        elif ident is not None:
            by_id[str(ident)] = record, positions
    if images is not None:
        icolumns = reader.columns(images)
        for need in ("item", "file"):
            if not any(c is not None and c.field == need for c in icolumns):
                reader.report.error(Position(images.label, 1, 1), f"no '{need}' column")
        for _, image, ipos in reader.records(images, icolumns):
            ident = str(image.pop("item", ""))
            if ident not in by_id:
                reader.report.error(ipos.get(("item",), ipos[()]), f"unknown item '{ident}'")
                continue
            record, positions = by_id[ident]
            n = len(record.setdefault("images", []))
            record["images"].append(image)
            positions.update({("images", n, *k): v for k, v in ipos.items()})
    out = []
    for _, record, positions in rows:
        context = f"item '{record.get('id')}'" if record.get("id") else "item"
        located = Located(items.label, record, positions)
        valid = validate_record(ItemRecord, located, reader.report, context)
        if valid is not None and valid.date:
            try:
                parse_date(valid.date)
            except ValueError as exc:
                reader.report.error(located.at(("date",)), f"{context}: date: {exc}")
        out.append(record)
    return out, reader


class _Quoted(str):
    """A string always written in double quotes (EDTF dates: ``"1900"``, ``"159X"``)."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # lists indented under their key


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Quoted, lambda d, v: d.represent_scalar(
    "tag:yaml.org,2002:str", str(v), style='"'))


def records_yaml(records: list[dict[str, Any]], source: str) -> str:
    """Readable YAML: block style, Unicode as is, quoted dates, a blank line between items."""
    parts = [f"# Imported by `korme import` from {source} on "
             f"{datetime.date.today().isoformat()}.\n"]
    for record in records:
        record = {"id": record.get("id"), **record}
        if isinstance(record.get("date"), str):
            record = {**record, "date": _Quoted(record["date"])}
        parts.append(yaml.dump([record], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                               width=10**6, default_flow_style=False, indent=2))
    return "\n".join(parts)


def import_items(site: Path, slug: str, source: Path, force: bool = False) -> int:
    """Replace the exhibition's items.yaml with the spreadsheet's rows; exit status."""
    _format(source)
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    target = _folder(site, slug) / "items.yaml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to replace it (a backup is kept)")
    try:
        items, images = _read(source)
    except SheetProblem as exc:
        print(exc, file=sys.stderr)
        return 1
    records, reader = rows_to_records(items, images)
    for d in reader.report.sorted():
        print(reader.message(d), file=sys.stderr)
    if reader.report.errors:
        print(f"import stopped: {len(reader.report.errors)} error(s); {target} is unchanged",
              file=sys.stderr)
        return 1
    if target.exists():
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup, n = target.with_name(f"items.yaml.bak-{stamp}"), 1
        while backup.exists():
            backup, n = target.with_name(f"items.yaml.bak-{stamp}-{n}"), n + 1
        shutil.copy2(target, backup)
        print(f"kept the previous items in {backup}")
    temporary = target.with_name(".items.yaml.korme-import")
    temporary.write_text(records_yaml(records, source.name), "utf-8")
    temporary.replace(target)
    count = sum(len(r.get("images", [])) for r in records)
    print(f"imported {len(records)} items and {count} images into {target}; "
          "run `korme check` to check the image files and links")
    if images is None and _format(source) == ".csv":
        print(f"note: no {images_path(source).name} beside {source.name}: the items have no "
              "images")
    return 0
