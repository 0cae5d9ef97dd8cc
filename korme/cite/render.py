"""Citations rendered by citeproc-py from the CSL-JSON record, as HTML and plain text.

What the engine does not do is done here, after it: punctuation moved inside closing quotes
where the locale asks for it (US English; citeproc-py leaves it outside), right-to-left titles
isolated in the HTML (Unicode's first-strong isolate and pop, FSI … PDI, around them). Titles
are title-cased only when their text is English: the record's ``language`` is the language of
the title as shown.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from citeproc import Locator

from korme.cite import vocab
from korme.cite.accessed import Accessed
from korme.cite.dates import gost_date, is_exact, words
from korme.cite.engine import engine, plain
from korme.cite.kept import Kept, Scratch, kept_citation
from korme.cite.pinpoint import pinpoint
from korme.cite.record import csl_record, original_title, title_language
from korme.cite.shapes import shaped
from korme.cite.styles import STYLES, csl_locale
from korme.i18n import pretty_tag
from korme.model import Exhibition, Item, ItemImage, Site

_QUOTE_PUNCT = re.compile(r"”([.,])")


@dataclass(frozen=True)
class RenderedCitation:
    """One rendered citation; ``note_*`` is the in-text or note form with the pinpoint; the
    date of access (``accessed``) is in the HTML forms between their ``*_around`` parts."""

    style: str
    lang: str
    text: str
    html: str
    note_text: str | None = None
    note_html: str | None = None
    # the HTML forms before and after the date of access, where the page marks it
    html_around: tuple[str, str] | None = None
    note_around: tuple[str, str] | None = None
    accessed: Accessed | None = None


def render_record(base: dict[str, Any], item: Item, lang: str, style: str,
                  order: tuple[str, ...]) -> dict[str, Any]:
    """The record as a style is given it: the title's own language, dates in its forms."""
    rec = dict(base)
    rec["language"] = title_language(item, lang, order)
    if style == "gost":
        if item.date is not None:
            rec["issued"] = {"literal": gost_date(item.date, lang)}
        original = original_title(item, lang, order)
        if original:
            rec["original-title"] = original
        rec["medium"] = vocab.media(item.record.type, lang)
    else:
        rec.pop("number-of-pages", None)
        rec.pop("dimensions", None)
        # the exhibition is the website: MLA names it as a second container ("source");
        # Chicago and APA cite an archive's item by the archive and the URL alone
        rec["source"] = rec.pop("container-title")
        if item.date is not None and not is_exact(item.date):
            rec["issued"] = {"literal": words(item.date, lang)}
        if style in ("chicago", "mla") and _says(rec.get("title"), rec.get("genre")):
            rec.pop("genre")  # "Letter to Abai": Chicago and MLA add no description after it
    return rec


def _says(title: Any, genre: Any) -> bool:
    """Whether a title already holds the genre's word ("Letter to Abai", "Письмо Абаю")."""
    if not isinstance(title, str) or not isinstance(genre, str) or not genre:
        return False
    return re.search(rf"(?<!\w){re.escape(genre.casefold())}(?!\w)", title.casefold()) is not None


def _postprocess(text: str, lang: str, markup: bool, rtl: tuple[tuple[str, str], ...]) -> str:
    text = text.strip()
    if csl_locale(lang) == "en-US":  # CSL's punctuation-in-quote, which citeproc-py skips
        text = _QUOTE_PUNCT.sub(r"\1”", text)
    if markup:  # isolated with Unicode's first-strong isolate (FSI … PDI)
        for run, _tag in rtl:
            shown = html.escape(run, quote=False)
            text = text.replace(shown, f"\u2068{shown}\u2069", 1)
    return text


def _escaped(value: Any) -> Any:
    """Texts escaped for HTML (citeproc-py's HTML formatter passes variables through)."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {k: v if k in ("id", "type", "language") else _escaped(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


def _render(record: dict[str, Any], style: str, lang: str, locator: Locator | None,
            note: bool) -> str:
    """The bibliography entry (or the note / in-text citation) as HTML: from the record's
    shape, formatted once for the records sharing it (:mod:`korme.cite.shapes`)."""
    point = (locator.label, html.escape(str(locator.identifier), quote=False)) \
        if locator is not None else None
    return shaped(_escaped(record), style, lang, point, note, engine)


def _sentence_dates(record: dict[str, Any]) -> dict[str, Any]:
    """A worded date capitalised: in a bibliography entry it may begin a sentence."""
    issued = record.get("issued")
    literal = issued.get("literal", "") if isinstance(issued, dict) else ""
    if literal[:1].islower():
        record = dict(record)
        record["issued"] = {"literal": literal[:1].upper() + literal[1:]}
    return record


def cite(item: Item, image: ItemImage | None, lang: str, style: str, url: str,
         accessed: datetime.date | None, *, site: Site, exhibition: Exhibition,
         type_label: str | None = None, kept: Kept | None = None) -> RenderedCitation:
    """The item (or one image of it, with its folio) cited in ``style`` for a page in ``lang``.

    ``url`` is the permanent absolute address of the page cited; ``accessed`` the date of
    access the style shows (the build's date); ``type_label`` the page's word for the item's
    type when the site names its own types. With ``kept`` (the build cache's store), a
    citation made once from the same record, style and language is not formatted again.
    """
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}")
    order = site.codes
    base = csl_record(item, lang, site=site, exhibition=exhibition, url=url, image=image,
                      accessed=accessed, type_label=type_label)
    record = render_record(base, item, lang, style, order)
    point = pinpoint(image.record.label) if image is not None else None
    locator = (point.kind, point.identifier(lang)) if point else None
    own_lang = pretty_tag(item.record.language[0]) if item.record.language else ""
    rtl = tuple((v, tag) for v, tag in ((record.get("title"), pretty_tag(record["language"])),
                                         (record.get("original-title"), own_lang))
                if isinstance(v, str) and _is_rtl_text(v))
    texts, around, date = kept_citation(
        Scratch() if kept is None else kept, record, [style, lang, locator, rtl],
        lambda r: _texts(_format(r, style, lang, locator, rtl)), markup=(3, 5))
    return RenderedCitation(*texts[:6], around.get(3), around.get(5), Accessed(
        date[0], date[1], date[2], tuple(date[3].split("|")) if date[3] else ()) if date
        else None)


def _texts(made: RenderedCitation) -> tuple[Any, ...]:
    """The first six values of a citation (what is kept), without astuple's deep copies."""
    return tuple(getattr(made, f.name) for f in dataclasses.fields(made)[:6])


def _format(record: dict[str, Any], style: str, lang: str, point: tuple[str, str] | None,
            rtl: tuple[tuple[str, str], ...]) -> RenderedCitation:
    """Format the record with citeproc-py: the entry, and the note when there is a pinpoint."""
    locator = Locator(*point) if point else None
    entry_record = _sentence_dates(record) if style in ("chicago", "mla") else record
    entry = _render(entry_record, style, lang, locator, note=False)
    note = _render(record, style, lang, locator, note=True) \
        if locator is not None and style != "gost" else None
    return RenderedCitation(
        style, lang, _postprocess(plain(entry), lang, False, rtl),
        _postprocess(entry, lang, True, rtl),
        _postprocess(plain(note), lang, False, rtl) if note is not None else None,
        _postprocess(note, lang, True, rtl) if note is not None else None)


def _is_rtl_text(text: str) -> bool:
    """Whether a text is written in a right-to-left script (its first strong letter)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False

