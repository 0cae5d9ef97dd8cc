"""Values that several pages show, as plain data for the templates: an item's metadata rows,
its credit line, a rights statement, its date and type in words, an exhibition's period.

Nothing here writes HTML: a row is a label and a list of parts (a text or a link); the
templates (``partials/metadata.html`` and friends) lay them out.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date, format_interval

from korme.dates import format_edtf
from korme.i18n import LangText
from korme.render import words
from korme.render.context import PageContext, Shown
from korme.rights import classify
from korme.words import KNOWN_FIELDS


@dataclass(frozen=True)
class Link:
    """A link to show: where, its words, and its relation (``license``…)."""

    href: str
    text: Shown | str
    rel: str = ""


Part = Shown | Link | str


def is_link(value: object) -> bool:
    """Whether a part of a value is a :class:`Link` (the templates' ``is link`` test)."""
    return type(value) is Link


@dataclass(frozen=True)
class Row:
    """One row of a metadata table: its field, label and parts (joined by ``sep``)."""

    key: str
    label: str
    parts: tuple[Part, ...]
    sep: str = ", "


def date_text(p: PageContext, item: Any) -> Shown:
    """The item's date in words: ``date_display`` if given, else the EDTF value formatted."""
    if item.record.date_display:
        return p.t(item.record.date_display)
    date = item.date
    if date:
        return Shown(p.kept(("date", date.text),
                             lambda: format_edtf(date, p.lang.locale, p.strings)))
    return Shown("")


def type_label(p: PageContext, item: Any, site: Any) -> Shown:
    """The item's type in the page's language (the site's ``vocabulary:`` or the theme)."""
    return words.type_label(p, site, item.record.type)


def field_label(p: PageContext, site: Any, key: str) -> Shown:
    """A field's label: the theme's for known fields; site.yaml ``fields:`` labels, the
    theme, then the key for the site's own."""
    return words.field_label(p, site, key, key in KNOWN_FIELDS)


def _value_parts(p: PageContext, value: Any) -> tuple[Part, ...]:
    """A custom field's value as parts: lists item by item, URLs as links."""
    if isinstance(value, list):
        return tuple(part for v in value for part in _value_parts(p, v))
    if isinstance(value, dict):
        try:
            return (p.t(LangText.of({str(k): str(v) for k, v in value.items()})),)
        except (TypeError, ValueError):
            return (str(value),)
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return (Link(value, value),)
    return ("" if value is None else str(value),)


def credit(p: PageContext, item: Any) -> tuple[Part, ...]:
    """The credit line's parts: the item's own, or the institution's name and the shelfmark."""
    if item.record.credit:
        return (p.t(item.record.credit),)
    parts: list[Part] = []
    if item.institution:
        parts.append(p.t(item.institution.name))
    if item.record.identifier:
        parts.append(item.record.identifier)
    return tuple(parts)


def rights(p: PageContext, uri: str | None) -> Link | None:
    """A rights statement as a link with its label in the page's language."""
    r = classify(uri)
    if r is None:
        return None
    return Link(r.uri, p.strings.get(r.key, r.uri) if r.key else r.uri, "license")


def metadata(p: PageContext, site: Any, item: Any) -> tuple[Row, ...]:
    """The item's full metadata table in the page's language, the site's own fields too."""
    rec = item.record
    t = p.t
    rows: list[tuple[str, tuple[Part, ...], str]] = [
        ("title", (t(rec.title), *p.originals(rec.title)), " · ")]
    if rec.creator:
        rows.append(("creator", tuple(t(c) for c in rec.creator), "; "))
    if rec.date or rec.date_display:
        rows.append(("date", (date_text(p, item),), ""))
    if rec.type:
        rows.append(("type", (type_label(p, item, site),), ""))
    if rec.language:
        rows.append(("language", tuple(words.language_label(p, site, tag)
                                       for tag in rec.language), ", "))
    for key in ("extent", "dimensions"):
        if getattr(rec, key):
            rows.append((key, (t(getattr(rec, key)),), ""))
    if rec.reading_direction:
        rows.append(("reading_direction", (p.ui("dir_" + rec.reading_direction),), ""))
    if rec.subjects:
        rows.append(("subjects", tuple(t(s) for s in rec.subjects), ", "))
    for key, value in item.custom_fields:
        rows.append((key, words.field_parts(p, site, key, value) or _value_parts(p, value),
                     ", "))
    if item.institution:
        inst = item.institution
        name = t(inst.name)
        rows.append(("institution", (Link(inst.url, name) if inst.url else name,), ""))
    if rec.identifier:
        rows.append(("identifier", (rec.identifier,), ""))
    if rec.rights:
        rows.append(("rights", (rights(p, rec.rights) or "",), ""))
    rows.append(("credit", credit(p, item), ", "))
    return tuple(Row(k, field_label(p, site, k), parts, sep) for k, parts, sep in rows
                 if any(parts))


@dataclass(frozen=True)
class Citation:
    """A "how to cite" line's parts (the template puts them in order)."""

    creators: tuple[Shown, ...]
    title: Shown
    date: Shown
    holder: tuple[Part, ...]
    note: str
    link: Link


def _trimmed(part: Part) -> Part:
    """A part without the full stop its template adds after it."""
    if isinstance(part, Shown):
        return part._replace(text=part.text.rstrip(". "))
    return part.rstrip(". ") if isinstance(part, str) else part


def citation(p: PageContext, site: Any, ex: Any, item: Any, url: str, absolute: str | None
             ) -> Citation:
    """A "how to cite" line with the permanent URL (``absolute`` with a ``base_url``)."""
    rec = item.record
    holder = [p.t(item.institution.name)] if item.institution else []
    if rec.identifier:
        holder.append(rec.identifier)
    href, shown = (absolute, absolute) if absolute else (p.link(url), "/" + url)
    date = date_text(p, item) if rec.date or rec.date_display else Shown("")
    return Citation(tuple(_trimmed(p.t(c)) for c in rec.creator), p.t(rec.title),
                    _trimmed(date), tuple(_trimmed(h) for h in holder if h),
                    _trimmed(p.ui("cite_in", exhibition=p.plain(ex.card.title))),
                    Link(href, shown))


def today() -> datetime.date:
    """The build's date: from ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def exhibition_groups(exhibitions: Any, day: datetime.date) -> dict[str, list[Any]]:
    """Exhibitions grouped as current, upcoming and past by their dates."""
    groups: dict[str, list[Any]] = {"current": [], "upcoming": [], "past": []}
    for ex in exhibitions:
        opens, closes = ex.card.dates.opens, ex.card.dates.closes
        if opens and opens > day:
            groups["upcoming"].append(ex)
        elif closes and closes < day:
            groups["past"].append(ex)
        else:
            groups["current"].append(ex)
    return groups


def period(p: PageContext, ex: Any) -> str:
    """The exhibition's dates in words, e.g. "21 January – 31 December 2026"."""
    opens, closes = ex.card.dates.opens, ex.card.dates.closes
    if opens and closes:
        return format_interval(opens, closes, "yMMMd", locale=p.lang.locale)
    if opens:
        return p.ui("opens_on", date=format_date(opens, "long", locale=p.lang.locale))
    if closes:
        return p.ui("closes_on", date=format_date(closes, "long", locale=p.lang.locale))
    return ""
