"""Reading items.yaml record by record, so that a rebuild re-reads only the records an edit changed.

A file that is a plain block sequence (every line at the margin starts a record with ``- ``, or
is a comment) is cut, as bytes, before each record and each piece is parsed on its own with
:func:`~korme.load.reader.parse_plain_element`, which refuses anchors, aliases, tags and
anything invalid. If any piece is refused, the whole file is read as one document, so the
messages and positions of problems are always those of the whole-file reader.

With a :class:`~korme.memo.Memo` (``korme serve``), each piece's parsed and validated
record and the diagnostics it produced are kept, with line numbers counted from the piece's
first line; an unchanged piece is reused wherever it now stands in the file, without even
being decoded. (Decoding and NFC act alike on the pieces and on the whole: the cuts lie between
a line break and a ``-``, which never combine with anything.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from korme.errors import Diagnostic, Report
from korme.load.files import BOM, FileProblem, decode_text, read_bytes, rel_path
from korme.load.reader import Located, YamlProblem, parse_plain_element, parse_yaml
from korme.load.records import validate_record, warn_unknown_keys
from korme.load.reuse import replay
from korme.load.schema import KNOWN_KEYS, ItemRecord
from korme.memo import Memo

_MARGIN = re.compile(rb"\n(?=[^ \n])")  # before each line with text at the margin


@dataclass(frozen=True)
class RawItem:
    record: ItemRecord
    located: Located  # positions relative to the record
    # results of later checks that depend on the record alone (and what the key names),
    # kept as long as the record is
    kept: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Piece:
    """The lines of one record as in the file (UTF-8) and the number of lines before them."""

    data: bytes
    line_offset: int


@dataclass(frozen=True)
class _Checked:
    """One record read and validated on its own; positions count from its first line."""

    located: Located
    context: str
    item: RawItem | None
    broken: str | None  # the id of a record that failed validation
    diagnostics: tuple[Diagnostic, ...]
    placed: dict[int, RawItem] = field(default_factory=dict, compare=False)  # the last one


def split_records(data: bytes) -> list[Piece] | None:
    """The file's bytes (without BOM) cut before each top-level record (comments and blank
    lines stay with the record above), or ``None`` when the file is not a plain block sequence
    of records with ``\\n`` line breaks."""
    if b"\r" in data:
        return None
    starts = []
    margins = (m.end() for m in _MARGIN.finditer(data))
    for at in (0, *margins) if data[:1] not in (b"", b" ", b"\n") else margins:
        if data.startswith(b"-", at) and data[at + 1: at + 2] in (b" ", b"\n", b""):
            starts.append(at)
        elif not data.startswith(b"#", at):
            return None  # a document marker, directive, top-level key, tab …
    if not starts:
        return None
    starts[0] = 0  # leading comments and blank lines go with the first record
    ends = [*starts[1:], len(data)]
    pieces, line = [], 0
    for start, end in zip(starts, ends, strict=True):
        chunk = data[start:end]
        pieces.append(Piece(chunk, line))
        line += chunk.count(b"\n")
    return pieces


def _context(data: object, index: int) -> str:
    ident = data.get("id") if isinstance(data, dict) else None
    return f"item '{ident}'" if ident else f"item {index + 1}"


def check_item(sub: Located, index: int, report: Report) -> tuple[RawItem | None, str | None]:
    """Validate one record: the item, or the id of a broken record (if it has one)."""
    data = sub.data
    context = _context(data, index)
    record = validate_record(ItemRecord, sub, report, context)
    if record is None:
        ident = data.get("id") if isinstance(data, dict) else None
        return None, ident if isinstance(ident, str) else None
    for n in range(len(record.images)):
        warn_unknown_keys(sub, KNOWN_KEYS["image"], report, context, at=("images", n))
    return RawItem(record, sub), None


def _checked(located: Located, index: int) -> _Checked:
    scratch = Report()
    item, broken = check_item(located, index, scratch)
    return _Checked(located, _context(located.data, index), item, broken,
                    tuple(scratch.diagnostics))


def _read_piece(piece: Piece, rel: str, index: int, memo: Memo | None) -> _Checked | None:
    """The checked record of one piece (kept or made), positions from its first line."""
    key = (rel, piece.data)  # hashed once, compared in full: no collisions
    kept = memo.kept("items.yaml records") if memo is not None else None
    found: _Checked | None = kept.get(key) if kept is not None else None
    if found is not None and found.context == _context(found.located.data, index):
        return found
    located = found.located if found is not None else _parse_piece(piece, rel)
    if located is None:
        return None
    checked = _checked(located, index)
    if kept is not None:
        kept.put(key, checked)
    return checked


def _parse_piece(piece: Piece, rel: str) -> Located | None:
    try:
        text = piece.data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # the whole file's reader says where
    return parse_plain_element(unicodedata.normalize("NFC", text), rel)


def _replay(checked: _Checked, line_offset: int, report: Report
            ) -> tuple[RawItem | None, str | None]:
    """The piece's item and broken id placed at ``line_offset``; its diagnostics reported."""
    replay(checked.diagnostics, report, line_offset)
    item = checked.item
    if item is not None and line_offset:
        placed = checked.placed.get(line_offset)
        if placed is None:
            checked.placed.clear()
            placed = checked.placed[line_offset] = RawItem(
                item.record, item.located.moved(line_offset), item.kept)
        item = placed
    return item, checked.broken


def _by_piece(data: bytes, rel: str, memo: Memo | None
              ) -> list[tuple[_Checked, int]] | None:
    pieces = split_records(data.removeprefix(BOM))
    if pieces is None:
        return None
    out = []
    for i, piece in enumerate(pieces):
        checked = _read_piece(piece, rel, i, memo)
        if checked is None:
            return None
        out.append((checked, piece.line_offset))
    return out


def _whole(text: str, rel: str, report: Report) -> list[Located] | None:
    """The records of the file read as one document (``None``: unreadable, reported)."""
    try:
        located = parse_yaml(text, rel)
    except YamlProblem as exc:
        report.error(exc.position, exc.message, kind="syntax")
        return None
    if located.data is None:
        return []
    if not isinstance(located.data, list):
        report.error(located.at(()), "items.yaml must be a list of items, each starting with "
                     "'- id: …'")
        return None
    return located.elements()


def load_items(path: Path, root: Path, report: Report, memo: Memo | None = None
               ) -> tuple[tuple[RawItem, ...], frozenset[str] | None]:
    """Read items.yaml: the valid records, and the ids of invalid ones (``None``: unreadable)."""
    if not path.is_file():
        return (), frozenset()
    rel = rel_path(path, root)
    try:
        data = read_bytes(path, rel)
        pieces = _by_piece(data, rel, memo)
        text = decode_text(data, rel) if pieces is None else ""
    except FileProblem as exc:
        report.error(exc.position, exc.message, kind="syntax")
        return (), None
    if pieces is not None:
        results = [_replay(checked, line, report) for checked, line in pieces]
    else:
        records = _whole(text, rel, report)
        if records is None:
            return (), None
        results = [check_item(sub, i, report) for i, sub in enumerate(records)]
    items = tuple(item for item, _ in results if item is not None)
    return items, frozenset(b for _, b in results if b is not None)
