"""items.yaml → spreadsheets: ``korme export`` (the import: :mod:`korme.spreadsheet.importing`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from korme.errors import Report, UsageError
from korme.i18n import pretty_tag
from korme.l10n import Catalog, _, catalog_for, message_of, shown
from korme.load.site import load_config, load_items
from korme.spreadsheet.columns import (
    CellProblem,
    Column,
    to_cells,
)
from korme.spreadsheet.csvio import images_path, write_csv
from korme.spreadsheet.sheet import SheetProblem
from korme.spreadsheet.xlsxio import MAX_CELL, write_xlsx

FORMATS = (".csv", ".xlsx")


def _folder(site: Path, slug: str) -> Path:
    folder = site / "exhibitions" / slug
    if not (folder / "exhibition.yaml").is_file():
        raise UsageError(_("no exhibition '{slug}' ({path} not found)", slug=slug,
                           path=folder / "exhibition.yaml"))
    return folder


def _format(path: Path) -> str:
    if path.suffix.lower() not in FORMATS:
        raise UsageError(_("{path}: give a .csv or .xlsx file", path=path))
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
                raise SheetProblem(_("{path}: record {number}: {message}", path=label,
                                     number=n + 1, message=message_of(exc))) from None
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


def export_items(site: Path, slug: str, output: Path, force: bool = False,
                 catalog: Catalog | None = None) -> int:
    """Write the exhibition's items (and their images) to a CSV or XLSX file; exit status.
    Messages in ``catalog``'s language (default: :func:`~korme.l10n.catalog_for`)."""
    catalog = catalog or catalog_for()
    kind = _format(output)
    folder = _folder(site, slug)
    report = Report()
    items, broken = load_items(folder / "items.yaml", site.resolve(), report)
    if report.errors or broken is None:
        for d in report.sorted():
            print(d.text(catalog), file=sys.stderr)
        print(_("export stopped: fix items.yaml first").render(catalog), file=sys.stderr)
        return 1
    targets = [output] if kind == ".xlsx" else [output, images_path(output)]
    for target in targets:
        if target.exists() and not force:
            raise UsageError(_("{path} exists; use --force to overwrite it", path=target))
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
        print(shown(exc, catalog), file=sys.stderr)
        return 1
    if kind == ".xlsx":
        for header, rows in (item_table, image_table):
            for row in rows:
                for name, value in zip(header, row, strict=True):
                    if isinstance(value, str) and len(value) > MAX_CELL:
                        print(_("{path}: item '{id}': {field} is longer than a spreadsheet "
                                "cell holds ({limit} characters)", path=output, id=row[0],
                                field=name, limit=MAX_CELL).render(catalog), file=sys.stderr)
                        return 1
        write_xlsx(output, {"items": item_table, "images": image_table})
    else:
        write_csv(output, *item_table)
        write_csv(images_path(output), *image_table)
    files = _("{first} and {second}", first=targets[0], second=targets[1]) \
        if len(targets) > 1 else str(targets[0])
    print(_("exported {items} items and {images} images to {files}", items=len(records),
            images=len(images), files=files).render(catalog))
    return 0
