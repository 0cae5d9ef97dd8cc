"""XLSX workbooks (via openpyxl): a sheet ``items`` and a sheet ``images``."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from korme.l10n import _
from korme.spreadsheet.sheet import Sheet, SheetProblem

MAX_CELL = 32767  # the longest text a spreadsheet cell holds


def read_xlsx(path: Path, label: str) -> tuple[Sheet, Sheet | None]:
    """The items sheet (``items``, else the first) and the ``images`` sheet if there is one."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SheetProblem(_("{path}: cannot read the file as an XLSX workbook ({error})",
                             path=label, error=str(exc))) from None
    try:
        names = book.sheetnames
        items_name = "items" if "items" in names else names[0]
        items = Sheet.of(label, book[items_name].iter_rows(values_only=True))
        images = Sheet.of(f"{label}[images]", book["images"].iter_rows(values_only=True)) \
            if "images" in names else None
    finally:
        book.close()
    return items, images


def write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list[Any]]]]) -> None:
    """Write sheets (name → header and rows); texts stay texts, headers bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        ws = book.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula or a number
                    if "\n" in cell.value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "B2"
        for i, title in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(title) + 4))
    book.save(path)
