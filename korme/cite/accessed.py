"""The date of access: its words in each style and language, and how a visitor's browser
writes today's date the same way.

The date of access is the day the reader consulted the page, which a static page cannot know
when it is built. So each citation shows the build's date (what a reader without scripts
sees) in an element the theme marks (``<time class="cite-accessed" datetime="…"
data-format="…">``, from :class:`Accessed`), and ``cite.js`` writes the visitor's today there
from ``data-format``: the style's own order and separators
with ``{d}``/``{dd}`` (day, zero-padded), ``{m}``/``{mm}``/``{M}`` (month; ``{M}`` a name
from ``data-months``) and ``{y}``. The format is learnt from citeproc-py itself: a one-line
probe record is formatted with a few dates, the date's words are cut out of it, and the format
is kept only if it writes two other dates exactly as the engine does.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from korme.cite.engine import engine, plain

STAND_IN = datetime.date(1111, 11, 11)  # the date citations are formatted and kept with
_OTHER = datetime.date(2345, 10, 28)  # every part differs from the stand-in's
_BEFORE = " (\u00a0"  # where the words of a date start: after one of these
_AFTER = " ).,;\u00a0"  # and where they end
_PROBE = {"id": "probe", "type": "webpage", "title": "Probe", "URL": "https://example.org/"}
_CHECKS = (datetime.date(2031, 2, 3), datetime.date(2027, 12, 31))


@dataclass(frozen=True)
class DateFormat:
    """How a style writes a date of access in one language (see the module)."""

    format: str
    months: tuple[str, ...] = ()

    def fill(self, day: datetime.date) -> str:
        out = self.format
        for token, value in (("{dd}", f"{day.day:02d}"), ("{d}", str(day.day)),
                             ("{mm}", f"{day.month:02d}"), ("{m}", str(day.month)),
                             ("{M}", self.months[day.month - 1] if self.months else ""),
                             ("{y}", str(day.year))):
            out = out.replace(token, value)
        return out


@lru_cache(maxsize=512)
def _text(style: str, lang: str, day: datetime.date) -> str:
    record = {**_PROBE, "accessed": {"date-parts": [[day.year, day.month, day.day]]}}
    return plain(engine(record, style, lang, None, False))


def _split(a: str, b: str) -> tuple[int, int] | None:
    """Where two texts differ, widened to whole words: (start, length of the common end)."""
    if a == b:
        return None
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    while start > 0 and a[start - 1] not in _BEFORE:
        start -= 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    while end > 0 and a[len(a) - end] not in _AFTER:
        end -= 1
    return start, end


@lru_cache(maxsize=64)
def frame(style: str, lang: str) -> tuple[str, str] | None:
    """The probe's text before and after the date of access (``None``: none is shown)."""
    a = _text(style, lang, STAND_IN)
    cut = _split(a, _text(style, lang, _OTHER))
    if cut is None:
        return None
    return a[:cut[0]], a[len(a) - cut[1]:]


@lru_cache(maxsize=256)
def words(style: str, lang: str, day: datetime.date) -> str | None:
    """A date of access as the style writes it in ``lang`` (``None``: it writes none)."""
    found = frame(style, lang)
    if found is None:
        return None
    text = _text(style, lang, day)
    head, tail = found
    if len(text) < len(head) + len(tail) or not text.startswith(head) or \
            not text.endswith(tail):
        return None
    return text[len(head):len(text) - len(tail)]


def _named_months(style: str, lang: str, base: str) -> tuple[int, int, list[str]] | None:
    """The month names, and where the month is in ``base`` (the words of ``_OTHER``)."""
    texts = [words(style, lang, _OTHER.replace(month=m)) for m in range(1, 13)]
    if any(t is None for t in texts) or texts[9] != base:
        return None
    shown = [t for t in texts if t is not None]
    start = 0
    while all(len(t) > start and t[start] == base[start] for t in shown):
        start += 1
    end = 0
    while all(len(t) > end + start and t[-1 - end] == base[-1 - end] for t in shown):
        end += 1
    while start > 0 and _wordy(base[start - 1]):
        start -= 1
    while end > 0 and _wordy(base[len(base) - end]):
        end -= 1
    return start, len(base) - end, [t[start:len(t) - end] for t in shown]


def _wordy(ch: str) -> bool:
    return ch == "." or unicodedata.category(ch)[0] in "LM"


@lru_cache(maxsize=64)
def date_format(style: str, lang: str) -> DateFormat | None:
    """How the style writes any date of access in ``lang``, checked against the engine."""
    base = words(style, lang, _OTHER)
    fifth = words(style, lang, _OTHER.replace(day=5))
    if base is None or fifth is None or base.count("2345") != 1 or base.count("28") != 1:
        return None
    spans = {"{y}": base.index("2345"), "{dd}" if fifth == base.replace("28", "05") else
             "{d}" if fifth == base.replace("28", "5") else "": base.index("28")}
    if "" in spans:
        return None  # days in words or ordinals: left as built
    january = words(style, lang, _OTHER.replace(month=1))
    months: list[str] = []
    if january is not None and base.count("10") == 1 and january in (
            base.replace("10", "01"), base.replace("10", "1")):
        month = (base.index("10"), base.index("10") + 2)
        token = "{mm}" if january == base.replace("10", "01") else "{m}"
    else:
        named = _named_months(style, lang, base)
        if named is None:
            return None
        month, token, months = (named[0], named[1]), "{M}", named[2]
    parts = sorted([(spans["{y}"], spans["{y}"] + 4, "{y}"), (month[0], month[1], token),
                    *((v, v + 2, k) for k, v in spans.items() if k != "{y}")])
    fmt, at = "", 0
    for start, end, name in parts:
        if start < at:
            return None  # overlapping parts: not a date this module understands
        fmt += base[at:start] + name
        at = end
    fmt += base[at:]
    found = DateFormat(fmt, tuple(months))
    if any(found.fill(day) != words(style, lang, day) for day in _CHECKS):
        return None
    return found


@dataclass(frozen=True)
class Accessed:
    """A citation's date of access as the page shows it: the day, its words, and the format
    the visitor's browser follows to write its own today (``""``: left as built)."""

    iso: str
    words: str
    format: str = ""
    months: tuple[str, ...] = ()


def marked(style: str, lang: str, day: datetime.date) -> tuple[str, str, str, str, str] | None:
    """The stand-in date's words, and ``day``'s as :class:`Accessed` takes them (plain values,
    the months joined by ``|``: what the build cache keeps); ``None`` when the style shows no
    date of access."""
    stand, shown = words(style, lang, STAND_IN), words(style, lang, day)
    if stand is None or shown is None:
        return None
    fmt = date_format(style, lang)
    return (stand, day.isoformat(), shown, fmt.format if fmt else "",
            "|".join(fmt.months) if fmt else "")
