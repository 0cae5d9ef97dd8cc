"""BibTeX, RIS and CSL-JSON text from CSL-JSON records (one item, or a whole exhibition).

The mappings follow what reference managers read: RIS as Zotero's RIS translator maps its tags
(``DB`` the archive, ``AN`` the shelfmark, ``DP`` the catalogue the item was found in: here the
exhibition), BibTeX as biblatex names its fields (``date`` in EDTF, ``urldate``, ``library``
for the holding institution and shelfmark). Texts are written in UTF-8 as they are; BibTeX's
special characters are escaped and titles are braced so that no style re-cases them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from korme.cite.names import display_name

RIS_TYPES = {"manuscript": "MANSCPT", "book": "BOOK", "graphic": "ART", "map": "MAP"}
BIBTEX_TYPES = {"manuscript": "unpublished", "book": "book"}  # everything else: misc
_TEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_EDTF_CHARS = re.compile(r"^[0-9X~?%/.-]+$")
_TEX_NAMES = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def csl_json(records: Sequence[dict[str, Any]]) -> str:
    """The records as a CSL-JSON array (what citeproc processors and Zotero import), a record
    per line (json's C encoder: an indented dump goes through its Python one, 4× slower)."""
    return csl_json_file([csl_json_entry(r) for r in records])


def csl_json_entry(record: dict[str, Any]) -> str:
    """One record's line of a CSL-JSON file."""
    return json.dumps(record, ensure_ascii=False)


def csl_json_file(entries: Sequence[str]) -> str:
    """A CSL-JSON file of records' entries (:func:`csl_json_entry`)."""
    return "[\n" + ",\n".join(entries) + "\n]\n"


def _date_parts(record: dict[str, Any], key: str) -> list[list[int]]:
    value = record.get(key)
    return list(value.get("date-parts", [])) if isinstance(value, dict) else []


def _ymd(parts: list[int], sep: str) -> str:
    return sep.join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts))


def _ris_lines(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    yield "TY", RIS_TYPES.get(record.get("type", ""), "GEN")
    yield "TI", record.get("title", "")
    for name in record.get("author", []):
        yield "AU", display_name(name, inverted=True)
    issued = _date_parts(record, "issued")
    if issued:
        yield "PY", f"{issued[0][0]:04d}"
        raw = record["issued"].get("raw", "")
        # RIS dates are YYYY/MM/DD/other: a span or a vague date keeps its EDTF in "other"
        yield "DA", _ymd(issued[0], "/") if len(issued) == 1 and not record["issued"].get(
            "circa") else f"{issued[0][0]:04d}///{raw}"
    for tag, key in (("M3", "genre"), ("PB", "publisher"), ("CY", "publisher-place"),
                     ("DB", "archive"), ("AN", "archive_location"),
                     ("DP", "container-title"), ("LA", "language"), ("UR", "URL")):
        if record.get(key):
            yield tag, str(record[key])
    accessed = _date_parts(record, "accessed")
    if accessed:
        yield "Y2", _ymd(accessed[0], "/")
    for word in filter(None, (k.strip() for k in str(record.get("keyword", "")).split(","))):
        yield "KW", word
    yield "ER", ""


def ris(records: Sequence[dict[str, Any]]) -> str:
    """The records as RIS (``TAG  - value`` lines, ``ER`` closing each record)."""
    return ris_file([ris_entry(r) for r in records])


def ris_entry(record: dict[str, Any]) -> str:
    """One record in RIS, from ``TY`` to ``ER``."""
    return "".join(f"{tag}  - {' '.join(str(value).split())}\n"
                   for tag, value in _ris_lines(record))


def ris_file(entries: Sequence[str]) -> str:
    """A RIS file of records' entries (:func:`ris_entry`), a blank line between them."""
    return "\n".join(entries)


def tex(text: str) -> str:
    """A value escaped for BibTeX/biblatex (UTF-8 kept, LaTeX's specials escaped)."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_NAMES.get(m[1], "\\" + m[1]), " ".join(text.split()))


def bibtex_key(record: dict[str, Any]) -> str:
    """An ASCII key from the record's id: ``steppe-shahnama``, ``steppe-shahnama-2``."""
    key = re.sub(r"[^A-Za-z0-9]+", "-", str(record["id"])).strip("-")
    return key or "item"


def _bib_name(name: dict[str, Any]) -> str:
    if "literal" in name:
        return "{" + tex(str(name["literal"])) + "}"  # braced: never split into parts
    return f"{tex(name['family'])}, {tex(name['given'])}"


def _bibtex_fields(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    yield "title", "{" + tex(record.get("title", "")) + "}"
    if record.get("author"):
        yield "author", " and ".join(_bib_name(n) for n in record["author"])
    issued = _date_parts(record, "issued")
    if issued:
        if len(issued) == 1:  # a span (159X, 18XX, 1850/1870) has no year of its own to give
            yield "year", f"{issued[0][0]:04d}"
        raw = str(record["issued"].get("raw", ""))
        # biblatex reads EDTF dates (1896~, 159X, 1850/1870) as they are
        yield "date", raw if _EDTF_CHARS.match(raw) else "/".join(_ymd(p, "-") for p in issued)
    for field, key in (("type", "genre"), ("publisher", "publisher"),
                       ("address", "publisher-place"), ("language", "language")):
        if record.get(key):
            yield field, tex(str(record[key]))
    holding = ", ".join(str(record[k]) for k in ("archive", "archive_location") if record.get(k))
    if holding:
        yield "library", tex(holding)
        yield "note", tex(holding)
    if record.get("container-title"):
        yield "howpublished", tex(str(record["container-title"]))
    if record.get("keyword"):
        yield "keywords", tex(str(record["keyword"]))
    if record.get("URL"):
        yield "url", str(record["URL"]).replace("%", r"\%").replace("#", r"\#")
    accessed = _date_parts(record, "accessed")
    if accessed:
        yield "urldate", _ymd(accessed[0], "-")


def bibtex(records: Sequence[dict[str, Any]]) -> str:
    """The records as BibTeX entries in biblatex's field names."""
    return bibtex_file([bibtex_entry(r) for r in records])


def bibtex_entry(record: dict[str, Any]) -> str:
    """One record as a BibTeX entry."""
    kind = BIBTEX_TYPES.get(record.get("type", ""), "misc")
    lines = [f"@{kind}{{{bibtex_key(record)},"]
    lines += [f"  {field} = {{{value}}}," for field, value in _bibtex_fields(record)]
    lines.append("}")
    return "\n".join(lines)


def bibtex_file(entries: Sequence[str]) -> str:
    """A BibTeX file of records' entries (:func:`bibtex_entry`)."""
    return "\n\n".join(entries) + "\n"
