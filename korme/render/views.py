"""View data per page type: what each template shows, computed in Python for one language."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

from markupsafe import Markup

from korme.dates import format_edtf
from korme.i18n import LangText, language_name
from korme.model import Exhibition, Item, Site
from korme.render import urls
from korme.render.context import PageContext, html_escape
from korme.render.rights import classify

SIZES_HERO = "(min-width: 1200px) 1100px, 100vw"
SIZES_ITEM = "(min-width: 1100px) 760px, (min-width: 800px) 66vw, 100vw"
SIZES_CARD = "(min-width: 1100px) 340px, (min-width: 700px) 45vw, 100vw"
SIZES_THUMB = "(min-width: 1100px) 260px, (min-width: 560px) 30vw, 46vw"
SIZES_FIGURE = "(min-width: 860px) 720px, 100vw"
SIZES_CATALOGUE = "(min-width: 800px) 320px, 100vw"


class Row(NamedTuple):
    """One row of a metadata table."""

    label: str
    value: Markup
    key: str


def date_text(p: PageContext, item: Item) -> Markup:
    """The item's date in words: ``date_display`` if given, else the EDTF value formatted
    (once per build, process, date and language: an item page shows its date four times, and
    the same years recur on many pages)."""
    if item.record.date_display:
        return p.t(item.record.date_display)
    date = item.date
    if date:
        key = ("date-words", date.text, date.simple, p.lang.code)
        text = p.shared.get(key)
        if text is None:
            text = p.shared[key] = html_escape(format_edtf(date, p.lang.locale, p.strings))
        return text  # type: ignore[no-any-return]
    return Markup("")


def type_label(p: PageContext, item: Item) -> str:
    kind = item.record.type or ""
    return p.strings.get(f"type_{kind}", kind.replace("-", " ").replace("_", " ")) if kind else ""


def field_label(p: PageContext, site: Site, key: str) -> str:
    """A custom field's label: site.yaml ``field_labels``, then the theme, then the key."""
    labels = site.config.extra_fields.get("field_labels") or {}
    if isinstance(labels, dict) and key in labels:
        value = labels[key]
        return p.plain(LangText.of(value) if isinstance(value, (str, dict)) else str(value))
    return p.strings.get(f"field_{key}", key.replace("_", " ").capitalize())


def _value_html(p: PageContext, value: Any) -> Markup:
    if isinstance(value, list):
        return Markup(", ").join(_value_html(p, v) for v in value)
    if isinstance(value, dict):
        try:
            return p.t(LangText.of({str(k): str(v) for k, v in value.items()}))
        except (TypeError, ValueError):
            return html_escape(str(value))
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return Markup(f'<a href="{html_escape(value)}">{html_escape(value)}</a>')
    return html_escape("" if value is None else str(value))


def credit_line(p: PageContext, item: Item) -> Markup:
    """The credit: the item's own, or the institution's name with the identifier."""
    if item.record.credit:
        return p.t(item.record.credit)
    parts = []
    if item.institution:
        parts.append(p.t(item.institution.name))
    if item.record.identifier:
        parts.append(html_escape(item.record.identifier))
    return Markup(", ".join(parts))


def rights_html(p: PageContext, uri: str | None) -> Markup:
    r = classify(uri)
    if r is None:
        return Markup("")
    label = p.strings.get(r.key, r.uri) if r.key else r.uri
    return Markup(f'<a href="{html_escape(r.uri)}" rel="license">{html_escape(label)}</a>')


_row: Callable[[tuple[str, Markup, str]], Row] = partial(tuple.__new__, Row)  # type: ignore[assignment]
_KNOWN_FIELDS = frozenset({"title", "creator", "date", "type", "language", "extent", "dimensions",
                           "reading_direction", "subjects", "institution", "identifier",
                           "rights", "credit"})


def metadata(p: PageContext, site: Site, ex: Exhibition, item: Item) -> list[Row]:
    """The item's full metadata table, custom fields included, in the page's language (the
    same on the item page and in the catalogue: made once per build, process and language)."""
    key = ("rows", p.lang.code, id(item))
    made = p.shared.get(key)
    if made is None or made[0] is not item or made[1] is not p.strings:
        made = p.shared[key] = (item, p.strings, _metadata(p, site, ex, item))
    return made[2]  # type: ignore[no-any-return]


def _metadata(p: PageContext, site: Site, ex: Exhibition, item: Item) -> list[Row]:
    # the pieces are all Markup already: joined as plain strings, wrapped once
    rec = item.record
    t = p.t
    rows: list[tuple[str, Markup]] = []
    originals = p.originals(rec.title)
    rows.append(("title", Markup(str(t(rec.title)) + "".join([f" · {o}" for o in originals]))
                 if originals else t(rec.title)))
    if rec.creator:
        rows.append(("creator", Markup("; ".join([t(c) for c in rec.creator]))))
    if rec.date or rec.date_display:
        rows.append(("date", date_text(p, item)))
    if rec.type:
        rows.append(("type", html_escape(type_label(p, item))))
    if rec.language:
        rows.append(("language", html_escape(", ".join(
            language_name(tag, p.lang.code) for tag in rec.language))))
    if rec.extent:
        rows.append(("extent", t(rec.extent)))
    if rec.dimensions:
        rows.append(("dimensions", t(rec.dimensions)))
    if rec.reading_direction:
        rows.append(("reading_direction", html_escape(p.ui("dir_" + rec.reading_direction))))
    if rec.subjects:
        rows.append(("subjects", Markup(", ".join([t(s) for s in rec.subjects]))))
    for key, value in item.custom_fields:
        rows.append((key, _value_html(p, value)))
    if item.institution:
        inst = item.institution
        name = t(inst.name)
        rows.append(("institution", Markup(f'<a href="{html_escape(inst.url)}">{name}</a>')
                     if inst.url else name))
    if rec.identifier:
        rows.append(("identifier", html_escape(rec.identifier)))
    if rec.rights:
        rows.append(("rights", rights_html(p, rec.rights)))
    rows.append(("credit", credit_line(p, item)))
    strings = p.strings
    return [_row((strings.get("field_" + k, "field_" + k) if k in _KNOWN_FIELDS
                  else field_label(p, site, k), v, k))
            for k, v in rows if v]


def citation(p: PageContext, site: Site, ex: Exhibition, item: Item, url: str) -> Markup:
    """A "how to cite" line with the permanent URL."""
    # every part is Markup: joined as plain strings, wrapped once
    rec = item.record
    parts: list[str] = []
    if rec.creator:
        parts.append("; ".join([p.t(c) for c in rec.creator]))
    parts.append(f"<cite>{p.t(rec.title)}</cite>")
    if rec.date or rec.date_display:
        parts.append(date_text(p, item))
    holder = ", ".join([x for x in (
        p.t(item.institution.name) if item.institution else "",
        html_escape(rec.identifier or ""),
    ) if x])
    if holder:
        parts.append(holder)
    parts.append(html_escape(p.ui("cite_in", exhibition=p.plain(ex.card.title))))
    absolute = urls.absolute(site.config.base_url, url)
    href, shown = (absolute, absolute) if absolute else (p.link(url), "/" + url)
    parts.append(f'<a href="{html_escape(href)}">{html_escape(shown)}</a>')
    return Markup(". ".join([str.rstrip(x, ". ") for x in parts]))


def today() -> datetime.date:
    """The build's date: from ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def exhibition_groups(site: Site, day: datetime.date) -> dict[str, list[Exhibition]]:
    """Exhibitions grouped as current, upcoming and past by their dates."""
    groups: dict[str, list[Exhibition]] = {"current": [], "upcoming": [], "past": []}
    for ex in site.exhibitions:
        opens, closes = ex.card.dates.opens, ex.card.dates.closes
        if opens and opens > day:
            groups["upcoming"].append(ex)
        elif closes and closes < day:
            groups["past"].append(ex)
        else:
            groups["current"].append(ex)
    return groups


def period(p: PageContext, ex: Exhibition) -> str:
    """The exhibition's dates in words, e.g. "21 January – 31 December 2026"."""
    from babel.dates import format_date, format_interval

    opens, closes = ex.card.dates.opens, ex.card.dates.closes
    if opens and closes:
        return format_interval(opens, closes, "yMMMd", locale=p.lang.locale)
    if opens:
        return p.ui("opens_on", date=format_date(opens, "long", locale=p.lang.locale))
    if closes:
        return p.ui("closes_on", date=format_date(closes, "long", locale=p.lang.locale))
    return ""
