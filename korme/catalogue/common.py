"""What the catalogue readers share: mapped records, dates as EDTF, language codes, scripts.

A catalogue record becomes a :class:`Mapped` record: the item fields in the curator's format
(multilingual values keyed by language: the catalogue's own language for its text, the
original language for alternate-script fields), the field tag each came from (for messages),
and the problems that stop it from being imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import langcodes

from korme.dates import parse_date
from korme.l10n import Text

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
_PUNCT = " /:;,=+.\u00a0"


@dataclass
class Mapped:
    """One catalogue record mapped to item fields (see the module)."""

    number: int  # 1-based place in the file
    line: int | None = None  # its line in an XML file
    fields: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)  # item field → source tag
    problems: list[tuple[str, Text]] = field(default_factory=list)
    new_id: str | None = None

    def set(self, name: str, value: Any, tag: str) -> None:
        if value not in (None, "", [], {}):
            self.fields[name] = value
            self.tags[name] = tag

    def problem(self, tag: str, message: Text) -> None:
        self.problems.append((tag, message))


def clean(text: str) -> str:
    """A subfield's text without ISBD/AACR punctuation at its ends (``Shahnama /``,
    ``Firdawsī,``); a final full stop stays after an abbreviation (``312 л.``, ``32 cm.``)."""
    text = " ".join(text.split()).strip(_PUNCT.replace(".", ""))
    while text.endswith("."):
        word = text[:-1].rsplit(" ", 1)[-1]
        if (word.isalpha() and len(word) <= 3) or text.endswith(".."):
            break
        text = text[:-1].rstrip(_PUNCT.replace(".", ""))
    if text.startswith("[") and text.endswith("]") and "[" not in text[1:]:
        text = text[1:-1]
    return text.strip()


def joined(parts: list[str], sep: str = " ") -> str:
    return sep.join(p for p in (clean(x) for x in parts) if p)


def lang_tag(code: str) -> str | None:
    """A MARC/ISO 639-2 (or 639-1, 639-3) code as a BCP 47 tag: ``per`` → ``fa``; None when
    it is not a language code."""
    code = code.strip().lower()
    if not code or not code.isalpha() or len(code) not in (2, 3):
        return None
    try:
        if not langcodes.tag_is_valid(code):
            return None
        return langcodes.standardize_tag(code)
    except (ValueError, LookupError):
        return None


def split_codes(value: str) -> list[str]:
    """``perara`` (codes run together, as older MARC records do) → ``[per, ara]``."""
    value = value.strip()
    if len(value) > 3 and len(value) % 3 == 0 and value.isalpha():
        return [value[i:i + 3] for i in range(0, len(value), 3)]
    return [value] if value else []


def script_of(lang: str) -> str | None:
    """The usual script of a language (``fa`` → ``Arab``), if known."""
    try:
        return langcodes.Language.get(lang).maximize().script
    except (ValueError, LookupError):
        return None


def original_key(item_langs: list[str], catalogue_lang: str, script: str | None) -> str:
    """The language key of an alternate-script value: the item's language (with the script
    when that language is usually written otherwise, ``kk-Arab``), ``und-Arab`` when the
    item's language is unknown."""
    lang = next((x for x in item_langs if script is None or script_of(x) == script),
                item_langs[0] if item_langs else None)
    if lang is None:
        return f"und-{script}" if script else "und"
    if script and (script_of(lang) != script or lang == catalogue_lang):
        return f"{lang}-{script}"
    return lang


def _valid(edtf: str) -> str | None:
    try:
        parse_date(edtf)
    except ValueError:
        return None
    return edtf


def _roman(text: str) -> int | None:
    total, last = 0, 0
    for ch in reversed(text.upper()):
        if ch not in ROMAN:
            return None
        value = ROMAN[ch]
        total, last = (total - value, last) if value < last else (total + value, value)
    return total or None


_WORDS = re.compile(r"\b(?:ca?|circa|approximately|около|ок|приблизительно|шамамен|шам|"
                    r"cop|copyright|p|г|гг|год|ж|жыл|s\.\s*l)\b\.?", re.I)
_CENTURY = re.compile(r"^([IVXL]+)\s*(?:в|век|вв|ғ|ғасыр|c|cent|century)?\.?$", re.I)


def text_to_edtf(text: str) -> str | None:
    """A catalogue's written date as EDTF, when it can be read: ``1590`` → ``1590``,
    ``[ca. 1720]`` → ``1720~``, ``1720?`` → ``1720?``, ``1850-1870`` → ``1850/1870``, ``159-``
    → ``159X``, ``18--`` → ``18XX``, ``XVI в.`` → ``15XX``; None otherwise."""
    t = text.strip().strip(".,;:").strip()
    approximate = bool(re.search(r"\b(?:ca?|circa|около|ок|приблизительно|шамамен|шам)\b",
                                 t, re.I))
    uncertain = "?" in t
    t = re.sub(r"^[\[\s]*[cp©]\s*(?=\d{4})", "", t)  # c1999, p1987: copyright, phonogram
    t = _WORDS.sub(" ", t.replace("[", " ").replace("]", " ").replace("?", " "))
    t = " ".join(t.split()).strip(" .,;:©")
    mark = "%" if approximate and uncertain else "~" if approximate else "?" if uncertain \
        else ""
    if m := re.fullmatch(r"(\d{4})\s*[-–—/]\s*(\d{4})", t):
        return _valid(f"{m[1]}{mark}/{m[2]}{mark}")
    if m := re.fullmatch(r"(\d{4})", t):
        return _valid(m[1] + mark)
    if m := re.fullmatch(r"(\d{3})[-–_u]", t):
        return _valid(f"{m[1]}X")
    if m := re.fullmatch(r"(\d{2})(?:--|––|uu|__)", t):
        return _valid(f"{m[1]}XX")
    if m := _CENTURY.fullmatch(t):
        n = _roman(m[1])
        return _valid(f"{n - 1:02d}XX") if n and 1 <= n <= 21 else None
    return None


def coded_date(kind: str, first: str, second: str, ranges: str, single: str,
               open_end: str = "") -> str | None:
    """A fixed-field date (MARC 21 008/06-14, UNIMARC 100 $a/8-16) as EDTF: ``kind`` is the
    date type; types in ``ranges`` give ``first/second``, in ``single`` the first date, in
    ``open_end`` ``first/..``. Unknown digits (``u``, blank, ``-``) become ``X``."""
    def year(value: str) -> str | None:
        value = "".join("X" if c in "u -?|#" else c for c in value)
        if len(value) != 4 or value == "XXXX" or not re.fullmatch(r"\d{1,4}X*", value):
            return None
        return value if value not in ("9999",) else None

    d1, d2 = year(first), year(second)
    if d1 is None:
        return None
    if kind in open_end:
        return _valid(f"{d1}/..")
    if kind in ranges and d2 is not None and d2 != d1:
        return _valid(f"{d1}/{d2}")
    if kind in ranges or kind in single:
        return _valid(d1)
    return None
