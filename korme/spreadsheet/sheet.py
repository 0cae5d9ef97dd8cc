"""A sheet read from a file: its label for messages, header and numbered rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from korme.spreadsheet.columns import clean


class SheetProblem(Exception):
    """A file or sheet that cannot be read at all (the message carries its place)."""


@dataclass(frozen=True)
class Sheet:
    """``label`` names the file (and sheet) in messages; rows keep their spreadsheet numbers."""

    label: str
    header: tuple[Any, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]

    @classmethod
    def of(cls, label: str, rows: Iterable[Sequence[Any]]) -> Sheet:
        """Header from the first row; rows with no value are left out (they are spacing)."""
        all_rows = [tuple(clean(v) for v in row) for row in rows]
        if not all_rows:
            return cls(label, (), ())
        body = tuple((n, row) for n, row in enumerate(all_rows[1:], start=2)
                     if any(v is not None for v in row))
        header = all_rows[0]
        while header and header[-1] is None:
            header = header[:-1]
        return cls(label, header, body)
