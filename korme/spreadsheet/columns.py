"""Spreadsheet columns: a record's fields as flat cells and back.

A column is a field name, optionally with a language (``title.kk``). Multilingual texts get one
column per language, the same text in every language one plain column (``identifier``); list
fields put ``; `` between values (``subjects.kk``: ``Поэзия; Тарих``). A custom list field is
marked ``[]`` in its header (``keywords[]``), since nothing else tells it from a text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, get_origin

from korme.i18n import is_lang_tag, pretty_tag
from korme.l10n import _
from korme.load.schema import ItemRecord

SEP = ";"
LIST_FIELDS = frozenset(n for n, f in ItemRecord.model_fields.items()
                        if get_origin(f.annotation) is list and n != "images")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class CellProblem(ValueError):
    """A value that cannot be put in, or read from, a cell."""


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: a field, its language (None: plain), and whether it is a list."""

    field: str
    lang: str | None = None
    is_list: bool = False

    @property
    def header(self) -> str:
        mark = "[]" if self.is_list and self.field not in LIST_FIELDS else ""
        return f"{self.field}{mark}" + (f".{self.lang}" if self.lang else "")


def parse_header(text: Any) -> Column:
    """``title.kk`` → Column("title", "kk"); raise :class:`CellProblem` for a bad header."""
    raw = str(text if text is not None else "").strip()
    name, _sep, lang = raw.partition(".")
    is_list = name.endswith("[]") or name in LIST_FIELDS
    name = name.removesuffix("[]")
    if not NAME.match(name):
        raise CellProblem(_("'{header}' is not a column name such as title.kk, date or "
                            "keywords[]", header=raw))
    if lang and not is_lang_tag(lang):
        raise CellProblem(_("'{lang}' in '{header}' is not a language code such as kk or ru",
                            lang=lang, header=raw))
    return Column(name, pretty_tag(lang) if lang else None, is_list)


def letter(n: int) -> str:
    """1 → A, 27 → AA: the spreadsheet name of a column number."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, datetime.date)) and not isinstance(value, bool)


def _lang_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(
        isinstance(k, str) and is_lang_tag(k) and _scalar(v) for k, v in value.items())


def _text(value: Any) -> str:
    """A list element as cell text: a ';' inside it is written '\\;' (and '\\' as '\\\\')."""
    return str(value).replace("\\", "\\\\").replace(SEP, "\\" + SEP)


def split_list(text: str) -> list[str]:
    """A list cell's values: split at ';' except where written '\\;'."""
    parts, current, chars = [], [], iter(str(text))
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, ""))
        elif ch == SEP:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts


def to_cells(name: str, value: Any) -> dict[Column, Any]:
    """The cells of one field's value; raise :class:`CellProblem` when it does not fit."""
    if value is None:
        return {}
    if name in LIST_FIELDS and not isinstance(value, list):
        value = [value]
    if _scalar(value):
        return {Column(name): value if isinstance(value, (int, float)) else str(value)}
    if _lang_map(value):
        return {Column(name, pretty_tag(k)): str(v) for k, v in value.items()}
    if isinstance(value, list) and all(_scalar(v) or _lang_map(v) for v in value):
        if all(_scalar(v) for v in value):
            return {Column(name, None, True): f"{SEP} ".join(_text(v) for v in value)}
        langs = list(dict.fromkeys(pretty_tag(k) for v in value if isinstance(v, dict) for k in v))
        cells = {}
        for lang in langs:
            parts = [_text(v) if _scalar(v) else _text({pretty_tag(k): t for k, t in v.items()}
                                                       .get(lang, "")) for v in value]
            while parts and not parts[-1]:
                parts.pop()
            cells[Column(name, lang, True)] = f"{SEP} ".join(parts)
        return cells
    raise CellProblem(_("field '{name}' holds nested values that do not fit a spreadsheet "
                        "cell", name=name))


def clean(value: Any) -> Any:
    """A cell as read: one-line text stripped, ``None`` when empty, whole floats as ints."""
    if isinstance(value, str):
        if not value.strip():
            return None
        return value if "\n" in value.strip() else value.strip()  # Markdown stays as written
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    return value


def from_cells(name: str, cells: dict[Column, Any]) -> Any:
    """One field's value from its non-empty cells; raise :class:`CellProblem` if they clash."""
    plain = [c for c in cells if c.lang is None]
    langs = [c for c in cells if c.lang is not None]
    if plain and langs:
        raise CellProblem(_("give either '{plain}' or the per-language columns ('{first}' …), "
                            "not both", plain=plain[0].header, first=langs[0].header))
    if plain:
        col = plain[0]
        value = cells[col]
        if not col.is_list:
            return value
        parts = [p for p in split_list(value) if p]
        return parts[0] if len(parts) == 1 and name == "creator" else parts
    if not any(c.is_list for c in langs):
        return {c.lang: str(cells[c]) for c in langs}
    split = {c.lang: split_list(cells[c]) for c in langs}
    elements = []
    for i in range(max(len(p) for p in split.values())):
        element = {lang: parts[i] for lang, parts in split.items() if i < len(parts) and parts[i]}
        if element:
            elements.append(element)
    return elements[0] if len(elements) == 1 and name == "creator" else elements
