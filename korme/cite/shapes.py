"""Citations formatted once per shape, not once per record: citeproc-py's cost (2-20 ms a
citation) paid a few times per style and language instead of once per page.

Items of a collection differ in their texts (title, shelfmark, address, year), rarely in their
shape (which fields they have, their type and language, their authors). A record's shape is
the record with each plain text replaced by a stand-in ("sentinel") and a 4-digit year by a
stand-in year; the shape is formatted, and the stand-ins in the result are replaced by the
record's own texts. This gives the engine's own output because what citeproc-py does to a text
it does not test (nothing but the fields named in ``is-numeric``, ``<number>``, ``<label>``,
page and locator, which are never stood in for) depends only on the style's context and on:

- the text's case, periods and words (``text-case``, ``strip-periods``): each stand-in has a
  first letter whose upper case is itself exactly when the text's first character's is, then a
  lower-case start of a word, an all-lower-case word, a capital and a period, so what changes
  the text changes it, and is then seen (below) and the field keeps its own text;
- its first and last characters where pieces meet (a doubled space or ``.,;:!?`` is dropped):
  a stand-in starts and ends with the text's own character when that is one of them.

Each shape is formatted twice, with two sets of stand-ins differing in every letter and
digit; it is used only when the second output is the first with its stand-ins swapped for the
second set's, i.e. every stand-in passed through untouched. Otherwise the fields whose
stand-ins were changed keep their own texts (when few records share those texts) or the
record is formatted on its own. The shapes are kept per process (``lru_cache``: pure
functions of the style, language and shape).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lxml import etree

from korme.cite.styles import CSL_NS, style_xml

Point = tuple[str, str] | None  # the locator (label, identifier), escaped
Engine = Callable[[dict[str, Any], str, str, Point, bool], str]  # formats one record (HTML)

_SEAM = frozenset(" .,;:!?")  # where pieces meet, citeproc-py drops a doubled one of these
_YEARS = ("1357", "2468")  # the stand-in years of the two sets: every digit differs
_NOT_TEXT = frozenset({"id", "type", "language"})
# texts that are each record's own: when one of them must keep its text, shapes are not shared
_OWN = frozenset({"title", "original-title", "URL", "archive_location", "issued", "keyword",
                  "dimensions", "number-of-pages", "note", "abstract"})


def _stand_in(text: str, index: int, which: int) -> str:
    """The stand-in of text field ``index`` in set ``which`` (0 or 1): the text's own first
    and last characters where those are dropped when doubled, else a first letter whose upper
    case is itself exactly when the text's first character's is; then a lower-case start of a
    word, an all-lower-case word, a capital and a period."""
    head = text[0]
    if head not in _SEAM:
        head = "A" if head.upper() == head else "a"  # (which case, not which letter)
    return _stand(head, text[-1] if text[-1] in _SEAM else "", index, which)


@lru_cache(maxsize=1024)
def _stand(head: str, tail: str, index: int, which: int) -> str:
    low, mid = ("q", "a") if which == 0 else ("w", "b")
    if head not in _SEAM:
        head = low.upper() if head == "A" else low
    return f"{head}{mid}{index:02d}x {low}{mid}k {low.upper()}{mid}.z{tail}"


def _index(stand: str) -> str:
    """The part of a stand-in that case and periods leave recognisable (``a05x``)."""
    return stand.lstrip("".join(_SEAM))[1:5].lower()


@lru_cache(maxsize=16)
def tested_fields(style: str, lang: str) -> frozenset[str]:
    """The variables a style reads the content of (numbers, plurals, ranges): never stood in."""
    root = etree.fromstring(style_xml(style, lang))
    out = {"locator", "page", "page-first", "citation-number", "year-suffix"}
    for el in root.iter(f"{{{CSL_NS}}}if", f"{{{CSL_NS}}}else-if"):
        out.update(el.get("is-numeric", "").split())
    for tag in ("number", "label"):
        for el in root.iter(f"{{{CSL_NS}}}{tag}"):
            out.update(el.get("variable", "").split())
    return frozenset(out)


def _year(record: dict[str, Any]) -> int | None:
    """The year of a single date whose year alone may be stood in for (4 digits)."""
    issued = record.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if not parts or len(parts) != 1 or not parts[0]:
        return None
    year = parts[0][0]
    return year if isinstance(year, int) and 1000 <= year <= 9999 else None


def _candidates(record: dict[str, Any], style: str, lang: str) -> list[str]:
    """The fields whose texts may be stood in for, in a fixed order."""
    tested = tested_fields(style, lang)
    out = [k for k, v in sorted(record.items())
           if k not in _NOT_TEXT and k not in tested and isinstance(v, str) and v]
    issued = record.get("issued")
    if isinstance(issued, dict) and isinstance(issued.get("literal"), str) and \
            issued["literal"] and "issued" not in tested:
        out.append("issued")
    return out


Stands = tuple[tuple[str, str, str], ...]  # (field or "year", set A's stand-in, set B's)


def _stands(record: dict[str, Any], fields: list[str], year: bool) -> Stands:
    """The stand-ins of the fields' texts (and of the year) in both sets."""
    out = []
    for n, key in enumerate(fields):
        text = record["issued"]["literal"] if key == "issued" else record[key]
        out.append((key, _stand_in(text, n, 0), _stand_in(text, n, 1)))
    if year:
        out.append(("year", *_YEARS))
    return tuple(out)


def _shape(record: dict[str, Any], stands: Stands, which: int) -> dict[str, Any]:
    """The record with the fields' texts (and the year) replaced by set ``which``'s
    stand-ins (a shape of set A gives the same shape of set B)."""
    shape = {**record, "id": "shape"}
    for key, *both in stands:
        stand = both[which]
        if key == "year":
            issued = shape["issued"]
            parts = issued["date-parts"][0]
            shape["issued"] = {**issued, "date-parts": [[int(stand), *parts[1:]]]}
            if issued.get("raw") == str(parts[0]):  # the EDTF form of a plain year
                shape["issued"]["raw"] = stand
        elif key == "issued":
            shape["issued"] = {**shape["issued"], "literal": stand}
        else:
            shape[key] = stand
    return shape


@lru_cache(maxsize=256)
def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def _swap(text: str, pairs: dict[str, str]) -> str:
    """Every stand-in replaced in one pass (a replacement is never read again)."""
    if not pairs:
        return text
    return _pattern(tuple(sorted(pairs))).sub(lambda m: pairs[m.group(0)], text)


def _changed(out: str, stands: dict[str, str]) -> set[str]:
    """The fields whose stand-ins did not come through whole (their index is still there)."""
    found = set()
    for key, stand in stands.items():
        if key == "year":
            continue
        if out.count(stand) != out.lower().count(_index(stand)):
            found.add(key)
    return found


@lru_cache(maxsize=4096)
def _formatted(key: str, stands: Stands, engine: Engine) -> tuple[str, bool]:
    """A shape formatted with set A's stand-ins (``key``: its JSON, see :func:`_key`), and
    whether every stand-in came through whole: formatted with set B's, the output is the
    first with each stand-in swapped for set B's."""
    style, lang, point, note, shape = json.loads(key)
    point = tuple(point) if point else None
    out_a = engine(shape, style, lang, point, note)
    out_b = engine(_shape(shape, stands, 1), style, lang, point, note)
    return out_a, _swap(out_a, {a: b for _k, a, b in stands}) == out_b


def _key(style: str, lang: str, point: Point, note: bool, shape: dict[str, Any]) -> str:
    return json.dumps([style, lang, point, note, shape], ensure_ascii=False, sort_keys=True)


def shaped(record: dict[str, Any], style: str, lang: str, point: Point, note: bool,
           engine: Engine) -> str:
    """What ``engine(record, …)`` returns, from the record's shape where that is known to
    give the same (see the module); ``record`` is escaped for HTML as the engine is given it."""
    fields = _candidates(record, style, lang)
    year = _year(record) is not None and "issued" not in tested_fields(style, lang)
    if not fields and not year:
        return engine(record, style, lang, point, note)
    # first every candidate stood in: the fields whose stand-ins are changed keep their texts
    stands = _stands(record, fields, year)
    out, through = _formatted(_key(style, lang, point, note, _shape(record, stands, 0)),
                              stands, engine)
    if not through:
        keep = _changed(out, {k: a for k, a, _b in stands})
        if not keep or keep & _OWN:  # unknown, or a shape per record: formatted on its own
            return engine(record, style, lang, point, note)
        stands = _stands(record, [f for f in fields if f not in keep], year)
        out, through = _formatted(_key(style, lang, point, note, _shape(record, stands, 0)),
                                  stands, engine)
        if not through:
            return engine(record, style, lang, point, note)
    own = {a: (str(_year(record)) if k == "year" else
               record[k]["literal"] if k == "issued" else record[k]) for k, a, _b in stands}
    return _swap(out, own)
