"""EDTF dates for citations: CSL-JSON date objects, the ГОСТ forms and plain wording.

ГОСТ Р 7.0.100-2018 writes a date the cataloguer supplies in square brackets, with the ISBD
conventions for uncertainty: ``[159-]`` a decade, ``[15--]`` a century, ``[ок. 1720]`` about,
``[1720?]`` probably. The other styles get exact dates as CSL date parts (the style words them)
and anything vaguer as a literal in the citation's language.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from babel.dates import format_date

from korme.dates import EdtfDate, format_edtf

_SIMPLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MASK = re.compile(r"^(\d{2}XX|\d{3}X)$")

# wording of vague dates inside a citation (years bare: styles add no "г."/"ж.")
_WORDS: dict[str, dict[str, str]] = {
    "en": {"date_year": "{year}", "date_decade": "{decade}s", "date_century": "{ordinal} century",
           "date_approx": "ca. {date}", "date_uncertain": "{date}?",
           "date_approx_uncertain": "ca. {date}?", "date_range": "{start}–{end}",
           "date_year_range": "{start}–{end}"},
    "ru": {"date_year": "{year}", "date_decade": "{decade}-е гг.", "date_century": "{roman} в.",
           "date_approx": "ок. {date}", "date_uncertain": "{date}?",
           "date_approx_uncertain": "ок. {date}?", "date_range": "{start}–{end}",
           "date_year_range": "{start}–{end}"},
    "kk": {"date_year": "{year}", "date_decade": "{decade} жж.", "date_century": "{roman} ғ.",
           "date_approx": "шамамен {date}", "date_uncertain": "{date}?",
           "date_approx_uncertain": "шамамен {date}?", "date_range": "{start}–{end}",
           "date_year_range": "{start}–{end}"},
}
_ABOUT = {"ru": "ок.", "kk": "шамамен", "en": "ca."}


def _lang(lang: str) -> str:
    base = lang.lower().split("-")[0]
    return base if base in _WORDS else "en"


def _parts(core: str) -> list[int] | None:
    m = _SIMPLE.match(core)
    return [int(x) for x in m.groups() if x] if m else None


def csl_date(date: EdtfDate) -> dict[str, Any]:
    """The date as CSL-JSON: date parts (two for a span), ``circa`` for ``~``/``?``/``%``, and
    the EDTF text itself as ``raw``."""
    out = _csl_parts(date)
    out["raw"] = date.text
    return out


def _csl_parts(date: EdtfDate) -> dict[str, Any]:
    text = date.text
    qualifier = text[-1] in "~?%" and "/" not in text
    core = text[:-1] if qualifier else text
    parts = _parts(core)
    if parts and date.simple:
        out: dict[str, Any] = {"date-parts": [parts]}
        if qualifier:
            out["circa"] = True
        return out
    lo, hi = date.lower, date.upper
    if "/" in text and date.simple:
        a, b = (p.rstrip("~?%") for p in text.split("/"))
        pa, pb = _parts(a), _parts(b)
        if pa and pb:
            return {"date-parts": [pa, pb]}
    # masked (159X, 15XX) and every other EDTF form: the years it spans
    out = {"date-parts": [[lo[0]]] if lo[0] == hi[0] else [[lo[0]], [hi[0]]]}
    if not date.simple or qualifier:
        out["circa"] = True
    return out


def is_exact(date: EdtfDate) -> bool:
    """A plain year, month or day (no qualifier, mask or span): CSL styles word it."""
    return date.simple and _SIMPLE.match(date.text) is not None


def words(date: EdtfDate, lang: str) -> str:
    """A vague date in plain words for a citation (``1590s``, ``ок. 1720``, ``XVI в.``)."""
    code = _lang(lang)
    return format_edtf(date, code, _WORDS[code])


def _gost_one(part: str, lang: str) -> tuple[str, bool]:
    """One value in the ISBD form and whether the cataloguer supplied it (brackets)."""
    qualifier = part[-1] if part[-1] in "~?%" else ""
    core = part[:-1] if qualifier else part
    supplied = bool(qualifier)
    if _MASK.match(core):
        core = core.replace("X", "-")
        supplied = True
    else:
        bits = _parts(core)
        if bits and len(bits) == 3:
            core = format_date(datetime.date(*bits), "long", locale=_lang(lang))
        elif bits and len(bits) == 2:
            core = f"{bits[1]:02d}.{bits[0]}"
    if qualifier in "~%" and qualifier:
        core = f"{_ABOUT[_lang(lang)]} {core}"
    if qualifier in "?%" and qualifier:
        core += "?"
    return core, supplied


def gost_date(date: EdtfDate, lang: str) -> str:
    """The date as ГОСТ Р 7.0.100-2018 writes it (``1863``, ``[159-]``, ``[ок. 1720]``)."""
    if not date.simple:
        return f"[{date.first_year}–{date.last_year}]" if date.first_year != date.last_year \
            else f"[{date.first_year}]"
    pieces = [_gost_one(p, lang) for p in date.text.split("/")]
    text = "–".join(p for p, _ in pieces)
    return f"[{text}]" if any(s for _, s in pieces) else text
