"""citeproc-py called for one record: the entry or the note, as HTML.

The one place the engine is run; :mod:`korme.cite.shapes` and :mod:`korme.cite.accessed`
decide how often.
"""

from __future__ import annotations

import html
import re
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator, formatter
from citeproc.source.json import CiteProcJSON

from korme.cite.months import after_day
from korme.cite.once import title_once
from korme.cite.styles import load_style

_TAG = re.compile(r"<[^>]*>")


def engine(record: dict[str, Any], style: str, lang: str, point: tuple[str, str] | None,
           note: bool) -> str:
    """citeproc-py's HTML for one record, already escaped (the entry, or the note)."""
    csl = load_style(style, lang)
    bib = CitationStylesBibliography(csl, CiteProcJSON([record]), formatter.html)
    cite_item = CitationItem(record["id"], locator=Locator(*point)) if point else \
        CitationItem(record["id"])
    citation = Citation([cite_item])
    bib.register(citation)
    made = str(bib.cite(citation, lambda _item: None)) if note else str(bib.bibliography()[0])
    made = title_once(made, record)  # an anonymous work's title once (korme.cite.once)
    return after_day(made, lang)  # "12 мая", not the locale's "12 май" (korme.cite.months)


def plain(markup: str) -> str:
    """The text of the engine's HTML (its plain output, without a second render)."""
    return html.unescape(_TAG.sub("", markup))
