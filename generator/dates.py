"""EDTF dates: parsing, sorting and wording per language.

Parsing is the ``edtf`` package's; wording uses the theme's UI strings (``date_*`` patterns)
and Babel's CLDR data for month names and digits, never the process-wide ``locale``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from babel.dates import format_date, format_skeleton
from edtf import EDTFParseException, parse_edtf
from edtf.parser.parser_classes import (
    Date,
    EDTFObject,
    Interval,
    UncertainOrApproximate,
    Unspecified,
)

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    """Roman numerals, as Kazakh and Russian write centuries."""
    out = []
    for value, sym in ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def ordinal_en(n: int) -> str:
    """English ordinal: 1st, 2nd, 16th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class EdtfDate:
    """A parsed EDTF value with its bounds (years) for sorting, timelines and facets."""

    text: str
    parsed: EDTFObject
    first_year: int
    last_year: int

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return tuple(self.parsed.lower_strict()[:3])  # type: ignore[return-value]

    @property
    def centuries(self) -> range:
        """Every century the date touches (a range counts in each)."""
        return range(century_of(self.first_year), century_of(self.last_year) + 1)


def century_of(year: int) -> int:
    """The century of a year as curators count it: 1500–1599 → 16 (EDTF ``15XX``)."""
    return year // 100 + 1 if year >= 0 else -((-year - 1) // 100 + 1)


def parse_date(text: str) -> EdtfDate:
    """Parse an EDTF string; raise ``ValueError`` with a curator-friendly message."""
    try:
        parsed = parse_edtf(text.strip())
    except (EDTFParseException, Exception) as exc:  # the parser raises several kinds
        raise ValueError(
            f"'{text}' is not an EDTF date (examples: 1863, 1925-05-12, 1720~, 159X, 15XX, "
            f"1850/1870)"
        ) from exc
    try:
        lo, hi = parsed.lower_strict(), parsed.upper_strict()
    except Exception as exc:  # open intervals and other forms the bounds cannot handle
        raise ValueError(f"'{text}' is an EDTF date without usable bounds") from exc
    return EdtfDate(text.strip(), parsed, lo.tm_year, hi.tm_year)


def _simple(obj: EDTFObject, locale: str, s: Mapping[str, str]) -> str:
    """Words for one non-interval EDTF value."""
    text = str(obj)
    if isinstance(obj, UncertainOrApproximate):
        inner = _simple(obj.date, locale, s)
        if obj.ua and obj.ua.is_uncertain and obj.ua.is_approximate:
            return s["date_approx_uncertain"].format(date=inner)
        if obj.ua and obj.ua.is_uncertain:
            return s["date_uncertain"].format(date=inner)
        return s["date_approx"].format(date=inner)
    if isinstance(obj, Unspecified) and text.endswith("XX") and len(text) == 4:
        n = int(text[:2]) + 1
        return s["date_century"].format(roman=roman(n), ordinal=ordinal_en(n), n=n)
    if isinstance(obj, Unspecified) and text.endswith("X") and len(text) == 4:
        return s["date_decade"].format(decade=text[:3] + "0")
    if isinstance(obj, Date):
        parts = text.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return format_date(datetime.date(*map(int, parts)), "long", locale=locale)
        if len(parts) == 2 and all(p.isdigit() for p in parts) and int(parts[1]) <= 12:
            d = datetime.date(int(parts[0]), int(parts[1]), 1)
            return format_skeleton("yMMMM", d, locale=locale)
        if len(parts) == 1 and parts[0].isdigit():
            return s["date_year"].format(year=parts[0])
    return text


def format_edtf(date: EdtfDate, locale: str, strings: Mapping[str, str]) -> str:
    """The date in words for one language, using its ``date_*`` UI strings."""
    obj = date.parsed
    if isinstance(obj, Interval):
        lo, hi = str(obj.lower), str(obj.upper)
        if lo.isdigit() and hi.isdigit():
            return strings["date_year_range"].format(start=lo, end=hi)
        return strings["date_range"].format(
            start=_simple(obj.lower, locale, strings), end=_simple(obj.upper, locale, strings)
        )
    return _simple(obj, locale, strings)
