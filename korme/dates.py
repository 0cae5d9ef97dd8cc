"""EDTF dates: parsing, sorting and wording per language.

The forms curators use nearly always (``1863``, ``1925-05-12``, ``1890-04``, ``1720~``,
``1720?``, ``159X``, ``15XX`` and intervals of them) are read by a small exact grammar here,
because the ``edtf`` package's general parser costs ~20 ms a date; every other form goes to
``edtf`` itself (the tests check that both agree). Wording uses the theme's ``date_*`` UI
strings and Babel's CLDR data for month names, never the process-wide ``locale``.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date, format_skeleton

from korme.l10n import _

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_SIMPLE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%])?$")
_MASKED = re.compile(r"^(?P<p>\d{2}XX|\d{3}X)(?P<q>[~?%])?$")


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


def century_of(year: int) -> int:
    """The century of a year as curators count it: 1500–1599 → 16 (EDTF ``15XX``)."""
    return year // 100 + 1 if year >= 0 else -((-year - 1) // 100 + 1)


@dataclass(frozen=True)
class EdtfDate:
    """A valid EDTF value with its bounds, for sorting, timelines, facets and wording."""

    text: str
    lower: tuple[int, int, int]
    upper: tuple[int, int, int]
    simple: bool = True  # one of the common forms that :func:`format_edtf` words itself

    @property
    def first_year(self) -> int:
        return self.lower[0]

    @property
    def last_year(self) -> int:
        return self.upper[0]

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return self.lower

    @property
    def centuries(self) -> range:
        """Every century the date touches (a range counts in each)."""
        return range(century_of(self.first_year), century_of(self.last_year) + 1)


def _bounds(part: str) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """Bounds of one simple (non-interval) value, or ``None`` when it is not simple."""
    m = _SIMPLE.match(part)
    if m:
        y = int(m["y"])
        if m["d"]:
            mo, d = int(m["m"]), int(m["d"])
            datetime.date(y, mo, d)  # raises ValueError for impossible days
            return (y, mo, d), (y, mo, d)
        if m["m"]:
            mo = int(m["m"])
            if not 1 <= mo <= 12:
                raise ValueError(part)
            return (y, mo, 1), (y, mo, calendar.monthrange(y, mo)[1])
        return (y, 1, 1), (y, 12, 31)
    m = _MASKED.match(part)
    if m:
        p = m["p"]
        lo, hi = int(p.replace("X", "0")), int(p.replace("X", "9"))
        return (lo, 1, 1), (hi, 12, 31)
    return None


def _not_edtf(text: str) -> ValueError:
    return ValueError(_("'{text}' is not an EDTF date (examples: 1863, 1925-05-12, 1720~, 159X, "
                        "15XX, 1850/1870)", text=text))


@lru_cache(maxsize=4096)
def parse_date(text: str) -> EdtfDate:
    """Parse an EDTF string; raise ``ValueError`` with a curator-friendly message."""
    text = text.strip()
    try:
        parts = text.split("/")
        if len(parts) == 2 and all(parts):
            a, b = _bounds(parts[0]), _bounds(parts[1])
            if a and b:
                if a[0] > b[1]:
                    raise ValueError(_("'{text}': the interval ends before it starts", text=text))
                return EdtfDate(text, a[0], b[1])
        elif len(parts) == 1:
            one = _bounds(text)
            if one:
                return EdtfDate(text, one[0], one[1])
    except ValueError as exc:
        if "interval ends" in str(exc):
            raise
        raise _not_edtf(text) from None
    return _parse_with_edtf(text)


def _parse_with_edtf(text: str) -> EdtfDate:
    """Any other EDTF form, through the ``edtf`` package."""
    from edtf import parse_edtf

    try:
        parsed = parse_edtf(text)
        bounds = [parsed.lower_strict(), parsed.upper_strict()]
    except Exception as exc:  # the package raises several kinds for bad input
        raise _not_edtf(text) from exc
    known = [(b.tm_year, b.tm_mon, b.tm_mday) for b in bounds if hasattr(b, "tm_year")]
    if not known:
        raise ValueError(_("'{text}' is an EDTF date without usable bounds", text=text))
    # an open end ("1985/..") is placed at its known end
    return EdtfDate(text, known[0], known[-1], simple=False)


_QUALIFIED = {"~": "date_approx", "?": "date_uncertain", "%": "date_approx_uncertain"}


@lru_cache(maxsize=4096)
def _day_or_month(core: str, locale: str) -> str:
    """``1925-05-12`` or ``1890-04`` in words (Babel's CLDR patterns are slow: kept)."""
    bits = [int(b) for b in core.split("-")]
    if len(bits) == 3:
        return format_date(datetime.date(*bits), "long", locale=locale)
    return format_skeleton("yMMMM", datetime.date(bits[0], bits[1], 1), locale=locale)


def _word(part: str, locale: str, s: Mapping[str, str]) -> str:
    """Words for one simple value (no interval)."""
    qualifier = part[-1] if part[-1] in "~?%" else ""
    core = part[:-1] if qualifier else part
    if core.endswith("XX"):
        n = int(core[:2]) + 1
        words = s["date_century"].format(roman=roman(n), ordinal=ordinal_en(n), n=n)
    elif core.endswith("X"):
        words = s["date_decade"].format(decade=core[:3] + "0")
    else:
        words = _day_or_month(core, locale) if "-" in core else \
            s["date_year"].format(year=core)
    return s[_QUALIFIED[qualifier]].format(date=words) if qualifier else words


def format_edtf(date: EdtfDate, locale: str, strings: Mapping[str, str]) -> str:
    """The date in words for one language, using its ``date_*`` UI strings."""
    if not date.simple:
        return date.text
    if "/" in date.text:
        lo, hi = date.text.split("/")
        if lo.isdigit() and hi.isdigit():
            return strings["date_year_range"].format(start=lo, end=hi)
        return strings["date_range"].format(start=_word(lo, locale, strings),
                                            end=_word(hi, locale, strings))
    return _word(date.text, locale, strings)
