"""The visual timeline: the exhibition's dated items on an axis of whole centuries.

Each item is a row with a span on the axis: a point for a day, month or year, a bar for a
range (``1850/1870``), a lighter bar over the whole period for a masked date (``159X``:
somewhen in the 1590s), and a dashed outline for an approximate (``~``) or uncertain (``?``)
date or end. Positions are in thousandths of the axis (an SVG's ``viewBox``), so the page needs
no per-item style; the axis is worked out on the timeline page only.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from korme import urls
from korme.dates import EdtfDate, century_of, ordinal_en, roman
from korme.render.context import PageContext
from korme.render.views.base import ViewInput
from korme.render.views.lists import Group, ListView, browse_links
from korme.search.facets import century_label

SCALE = 1000  # the axis's length in the bars' viewBox units
MIN_WIDTH = 8  # a point's width on the axis, in those units (0.8 %)
MIN_FUZZY = 16  # an approximate or uncertain point's: wide enough to show its dashed outline


@dataclass(frozen=True)
class Axis:
    """The axis: whole centuries from ``lo`` to ``hi`` (years)."""

    lo: int
    hi: int
    ticks: tuple[str, ...]  # the centuries' short names, in order
    style: str  # the class of the page's style that sets the number of centuries

    def at(self, year: float) -> float:
        return (year - self.lo) / (self.hi - self.lo) * SCALE

    def span(self, date: EdtfDate | None) -> Span | None:
        """Where and how a date is drawn on this axis (see :func:`span`)."""
        return span(date, self) if date is not None else None


@dataclass(frozen=True)
class Span:
    """An item's mark on the axis: where (``x``, ``width`` in thousandths) and how."""

    x: float
    width: float
    kind: str  # point, range, period
    fuzzy: str  # "", "approx" or "uncertain": drawn dashed and lighter


@dataclass(frozen=True)
class TimelineView(ListView):
    axis: Axis | None = None


def _fraction(day: tuple[int, int, int], end: bool) -> float:
    """A date as a year with its fraction (the end of the day when ``end``)."""
    y, m, d = day
    try:
        n = datetime.date(y, m, d).timetuple().tm_yday - (0 if end else 1)
    except ValueError:  # years outside Python's calendar
        n = 365 if end else 0
    return y + n / 366


def fuzziness(text: str) -> str:
    """``uncertain`` for ``?`` (or ``%``), ``approx`` for ``~``, else empty."""
    if "?" in text or "%" in text:
        return "uncertain"
    return "approx" if "~" in text else ""


def span(date: EdtfDate, axis: Axis) -> Span:
    """Where and how an item's date is drawn on ``axis``."""
    text = date.text
    start, end = axis.at(_fraction(date.lower, False)), axis.at(_fraction(date.upper, True))
    kind = "range" if "/" in text else "period" if "X" in text else "point"
    fuzzy = fuzziness(text)
    least = MIN_FUZZY if fuzzy else MIN_WIDTH
    width = end - start
    if width < least:
        start, width = (start + end - least) / 2, least
    start = min(max(start, 0.0), SCALE - width)
    return Span(round(start, 1), round(width, 1), kind, fuzzy)


def axis(p: PageContext, dates: list[EdtfDate]) -> Axis | None:
    """Whole centuries around every date; ``None`` when nothing is dated."""
    if not dates:
        return None
    lo = math.floor(min(d.first_year for d in dates) / 100) * 100
    hi = math.floor(max(d.last_year for d in dates) / 100) * 100 + 100
    short = p.strings.get("century_short", "{roman}")
    ticks = tuple(short.format(roman=roman(abs(n)), ordinal=ordinal_en(abs(n)), n=n)
                  for n in (century_of(y) for y in range(lo, hi, 100)))
    style = f"tl-c{len(ticks)}"
    p.styles[style] = f"--centuries:{len(ticks)}"
    return Axis(lo, hi, ticks, style)


def timeline(page: Any, v: ViewInput) -> TimelineView:
    """The exhibition's items by date, grouped by the century they start in."""
    ex, p = v.data["exhibition"], v.p
    dated = sorted((it for it in ex.items if it.date),
                   key=lambda it: (it.date.sort_key, it.date.upper, p.plain(it.record.title)))
    groups: list[tuple[int, list[Any]]] = []
    for it in dated:
        n = century_of(it.date.first_year)
        if not groups or groups[-1][0] != n:
            groups.append((n, []))
        groups[-1][1].append(it)
    out = [Group(f"c{n}", century_label(n, p.strings), tuple(its)) for n, its in groups]
    undated = tuple(it for it in ex.items if not it.date)
    if undated:
        out.append(Group("undated", p.ui("undated"), undated))
    return TimelineView(p.link(urls.exhibition(p.lang.code, ex.slug)),
                        p.link(urls.items_index(p.lang.code, ex.slug)),
                        browse_links(p, ex, "timeline"), groups=tuple(out),
                        axis=axis(p, [it.date for it in dated]))
