"""Reading items.yaml record by record, so that a rebuild re-reads only the records an edit changed.

A file that is a plain block sequence (every line at the margin starts a record with ``- ``, or
is a comment) is cut, as bytes, before each record, and each piece is read on its own by the
one YAML reader (:func:`~korme.load.reader.parse_yaml`). If a piece cannot be read alone (an
alias to an anchor in another record, a syntax error), the whole file is read as one document,
so the messages and positions of problems are always the whole file's.

With the build cache, each piece's checked record and the diagnostics it produced are kept in
the ``records`` store under the digest of the piece's bytes, its path and the reader's code,
with line numbers counted from the piece's first line; an unchanged piece is reused wherever it
now stands in the file, without being decoded. (Decoding and NFC act alike on the pieces and
on the whole: the cuts lie between a line break and a ``-``, which never combine.)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from korme.cache import Store
from korme.errors import Diagnostic, Report
from korme.l10n import Text, _
from korme.load.files import BOM, FileProblem, decode_text, read_bytes, rel_path
from korme.load.partial import check_broken_record
from korme.load.reader import Located, YamlProblem, parse_yaml, read_yaml
from korme.load.records import validate_record, warn_unknown_keys
from korme.load.reuse import replay
from korme.load.schema import KNOWN_KEYS, ItemRecord

_MARGIN = re.compile(rb"\n(?=[^ \n])")  # before each line with text at the margin


@dataclass(frozen=True)
class RawItem:
    record: ItemRecord
    located: Located  # positions relative to the record


@dataclass(frozen=True)
class Piece:
    """The lines of one record as in the file (UTF-8) and the number of lines before them."""

    data: bytes
    line_offset: int


@dataclass(frozen=True)
class Checked:
    """One record read and checked on its own; positions count from its first line."""

    located: Located
    context: Text
    item: RawItem | None
    broken: str | None  # the id of a record that failed validation
    diagnostics: tuple[Diagnostic, ...]


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


def _context(data: object, index: int) -> Text:
    ident = data.get("id") if isinstance(data, dict) else None
    return _("item '{id}'", id=ident) if ident else _("item {number}", number=index + 1)


def check_item(sub: Located, index: int, report: Report) -> tuple[RawItem | None, str | None]:
    """Validate one record: the item, or the id of a broken record (if it has one)."""
    data = sub.data
    context = _context(data, index)
    record = validate_record(ItemRecord, sub, report, context)
    if record is None:
        check_broken_record(sub, context, report)  # its other fields, checked on their own
        ident = data.get("id") if isinstance(data, dict) else None
        return None, ident if isinstance(ident, str) else None
    for n in range(len(record.images)):
        warn_unknown_keys(sub, KNOWN_KEYS["image"], report, context, at=("images", n))
    return RawItem(record, sub), None


def _checked(located: Located, index: int) -> Checked:
    scratch = Report()
    item, broken = check_item(located, index, scratch)
    return Checked(located, _context(located.data, index), item, broken,
                   tuple(scratch.diagnostics))


def _read_piece(piece: Piece, rel: str) -> Located | None:
    """A piece read alone (``None`` when it is not one readable record by itself)."""
    try:
        text = unicodedata.normalize("NFC", piece.data.decode("utf-8"))
        located = parse_yaml(text, rel)
    except (UnicodeDecodeError, YamlProblem):
        return None  # the whole file's reader says where and why
    if located.problems or not isinstance(located.data, list) or len(located.data) != 1:
        return None
    return located.elements()[0]


def _piece_key(rel: str, piece: Piece, stamp: str) -> str:
    h = hashlib.blake2b(f"item record\0{stamp}\0{rel}\0".encode(), digest_size=16)
    h.update(piece.data)
    return h.hexdigest()


def _by_piece(data: bytes, rel: str, store: Store[Any] | None, stamp: str
              ) -> list[tuple[Checked, int]] | None:
    pieces = split_records(data.removeprefix(BOM))
    if pieces is None:
        return None
    out = []
    for index, piece in enumerate(pieces):
        key = _piece_key(rel, piece, stamp) if store is not None else ""
        found: Checked | None = store.get(key) if store is not None else None
        if found is None or found.context != _context(found.located.data, index):
            located = found.located if found is not None else _read_piece(piece, rel)
            if located is None:
                return None
            found = _checked(located, index)
            if store is not None:
                store.put(key, found)
        out.append((found, piece.line_offset))
    return out


def _placed(checked: Checked, line_offset: int, report: Report
            ) -> tuple[RawItem | None, str | None]:
    """The piece's item and broken id placed at ``line_offset``; its diagnostics reported."""
    replay(checked.diagnostics, report, line_offset)
    item = checked.item
    if item is not None and line_offset:
        item = RawItem(item.record, item.located.moved(line_offset))
    return item, checked.broken


def _whole(text: str, rel: str, report: Report) -> list[Located] | None:
    """The records of the file read as one document (``None``: unreadable, reported)."""
    located = read_yaml(text, rel, report)
    if located is None:
        return None
    if located.data is None:
        return []
    if not isinstance(located.data, list):
        report.error(located.at(()), _("items.yaml must be a list of items, each starting "
                                       "with '- id: …'"))
        return None
    return located.elements()


@dataclass(frozen=True)
class ItemsRead:
    """What items.yaml holds: the valid records, the ids of invalid ones (``None``: the file
    is unreadable) and the invalid records as read, whose references are still checked."""

    items: tuple[RawItem, ...] = ()
    broken_ids: frozenset[str] | None = frozenset()
    broken: tuple[Located, ...] = ()


def load_items(path: Path, root: Path, report: Report, store: Store[Any] | None = None,
               stamp: str = "") -> tuple[tuple[RawItem, ...], frozenset[str] | None]:
    """Read items.yaml: the valid records, and the ids of invalid ones (``None``: unreadable).
    ``store``: the build cache's ``records`` (``stamp``: the loader's code version)."""
    read = read_items(path, root, report, store, stamp)
    return read.items, read.broken_ids


def read_items(path: Path, root: Path, report: Report, store: Store[Any] | None = None,
               stamp: str = "") -> ItemsRead:
    """:func:`load_items`, with the invalid records as read."""
    if not path.is_file():
        return ItemsRead()
    rel = rel_path(path, root)
    try:
        data = read_bytes(path, rel)
        pieces = _by_piece(data, rel, store, stamp)
        text = decode_text(data, rel) if pieces is None else ""
    except FileProblem as exc:
        report.error(exc.position, exc.message, kind="syntax")
        return ItemsRead(broken_ids=None)
    if pieces is not None:
        results = [(*_placed(checked, line, report), checked.located.moved(line))
                   for checked, line in pieces]
    else:
        records = _whole(text, rel, report)
        if records is None:
            return ItemsRead(broken_ids=None)
        results = [(*check_item(sub, i, report), sub) for i, sub in enumerate(records)]
    return ItemsRead(tuple(item for item, _b, _l in results if item is not None),
                     frozenset(broken for _i, broken, _l in results if broken is not None),
                     tuple(located for item, _b, located in results if item is None))
