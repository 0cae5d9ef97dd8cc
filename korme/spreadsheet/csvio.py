"""CSV files: UTF-8 (with a BOM, so spreadsheet programs read it right), comma or semicolon."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from korme.l10n import _
from korme.spreadsheet.sheet import Sheet, SheetProblem


def images_path(path: Path) -> Path:
    """The companion file of the images: ``items.csv`` → ``items.images.csv``."""
    return path.with_name(f"{path.stem}.images{path.suffix}")


def read_csv(path: Path, label: str) -> Sheet:
    """Read a CSV file into a sheet; its delimiter (``,``, ``;`` or tab) is detected."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SheetProblem(_("{path}: cannot read the file: {error}", path=label,
                             error=exc.strerror)) from None
    except UnicodeDecodeError as exc:
        line = text_line(path.read_bytes()[: exc.start])
        raise SheetProblem(_("{path}:{line}: the file is not UTF-8; save it as 'CSV UTF-8'",
                             path=label, line=line)) from None
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SheetProblem(_("{path}: {error}", path=label, error=str(exc))) from None
    return Sheet.of(label, rows)


def text_line(data: bytes) -> int:
    return data.count(b"\n") + 1


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    """Write a sheet as CSV (UTF-8 with BOM, comma-separated, every cell as text)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
