"""One CSL-JSON record per item (and per image) in one language: the citations' single source.

The record is plain CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html):
the exports write it as it is, the styles render it. The holding institution and shelfmark go
into ``archive`` and ``archive_location``, the exhibition into ``container-title``, the page's
permanent address into ``URL``. A printed item may carry ``publisher:`` and ``place:`` fields.
"""

from __future__ import annotations

import datetime
from typing import Any

from korme.cite import vocab
from korme.cite.dates import csl_date
from korme.cite.names import parse_name
from korme.i18n import LangText, norm_tag
from korme.model import Exhibition, Item, ItemImage, Site


def text_of(value: Any, lang: str, order: tuple[str, ...]) -> str:
    """A field's text in ``lang`` (with the site's fallbacks); custom fields may be raw."""
    if value is None:
        return ""
    if isinstance(value, LangText):
        return value.pick(lang, order)
    if isinstance(value, dict):
        return LangText.of({str(k): str(v) for k, v in value.items()}).pick(lang, order)
    return str(value)


def title_language(item: Item, lang: str, order: tuple[str, ...]) -> str:
    """The language of the title text shown in ``lang`` (it decides title case)."""
    found = item.record.title.resolve(lang, order)
    if found.lang:
        return norm_tag(found.lang)
    return norm_tag(item.record.language[0]) if item.record.language else norm_tag(lang)


def original_title(item: Item, lang: str, order: tuple[str, ...]) -> str | None:
    """The title in the object's own language when it differs from the shown one."""
    shown = item.record.title.pick(lang, order)
    for tag in item.record.language:
        own = item.record.title.get(tag)
        if own is None and "-" in tag:
            own = item.record.title.get(tag.split("-")[0])
        if own and own != shown and not item.record.title.is_plain:
            return own
    return None


def record_id(item: Item, image: ItemImage | None = None) -> str:
    """A stable key: ``exhibition/item`` (``/n`` for an image)."""
    base = f"{item.exhibition}/{item.id}"
    return f"{base}/{image.number}" if image is not None else base


def date_parts(day: datetime.date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_record(item: Item, lang: str, *, site: Site, exhibition: Exhibition, url: str,
               image: ItemImage | None = None, accessed: datetime.date | None = None,
               type_label: str | None = None) -> dict[str, Any]:
    """The item (or one of its images) as a CSL-JSON record with texts in ``lang``."""
    order = site.codes
    rec = item.record
    out: dict[str, Any] = {
        "id": record_id(item, image),
        "type": vocab.csl_type(rec.type),
        "title": rec.title.pick(lang, order),
    }
    if rec.language:
        out["language"] = rec.language[0]
    names = [parse_name(text_of(c, lang, order)) for c in rec.creator]
    if names:
        out["author"] = [n for n in names if n.get("literal") or n.get("family")]
    if item.date is not None:
        out["issued"] = csl_date(item.date)
    label = type_label or vocab.type_label(rec.type, lang)
    if label and out["type"] != "book":
        out["genre"] = label
    extra = rec.extra_fields
    for key, field in (("publisher", "publisher"), ("place", "publisher-place")):
        value = text_of(extra.get(key), lang, order)
        if value:
            out[field] = value
    if rec.extent:
        out["number-of-pages"] = rec.extent.pick(lang, order)
    if rec.dimensions:
        out["dimensions"] = rec.dimensions.pick(lang, order)
    if item.institution is not None:
        out["archive"] = item.institution.name.pick(lang, order)
    if rec.identifier:
        out["archive_location"] = rec.identifier
    out["container-title"] = exhibition.card.title.pick(lang, order)
    if rec.subjects:
        out["keyword"] = ", ".join(s.pick(lang, order) for s in rec.subjects)
    out["URL"] = url
    if accessed is not None:
        out["accessed"] = date_parts(accessed)
    return out
