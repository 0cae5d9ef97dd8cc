"""What each page depends on, as content hashes, so rebuilds render only what changed.

Every page lists dependency keys (``("item", ex, id)``, ``("section-title", ex, slug)``…);
:func:`key_hashes` hashes each key's source data from the model, and a page's fingerprint is
the hash of its keys' hashes. A page whose fingerprint is unchanged is not rendered again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from korme.images.model import PlannedImage
from korme.memo import Kept
from korme.model import Exhibition, Item, Section, Site

Key = tuple[str, ...]


def _h(*parts: Any) -> str:
    """A short hash of plain data (``repr`` is deterministic for the model's values)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def _record(model: Any) -> Any:
    return model.model_dump(mode="python") if model is not None else None


def _images(rels: Iterable[str], images: dict[str, PlannedImage],
            placeholders: dict[str, str]) -> list[Any]:
    out = []
    for rel in rels:
        plan = images.get(rel)
        out.append((rel, plan.derivatives if plan else None, placeholders.get(rel)))
    return out


def _section_titles(sec: Section) -> list[Any]:
    return sorted((lang, doc.meta.title) for lang, doc in sec.files.items())


def _section_all(sec: Section) -> list[Any]:
    files = sorted((lang, doc.path, _record(doc.meta), doc.body)
                   for lang, doc in sec.files.items())
    return [sec.order, sec.items, sec.aliases, *files]


def _item_card(item: Item, record: dict[str, Any], images: dict[str, PlannedImage],
               ph: dict[str, str]) -> str:
    first = item.images[:1]
    return _h(record.get("title"), item.record.date, item.record.date_display,
              item.record.type, item.record.identifier, item.record.status,
              [(i.rel, i.record.alt) for i in first],
              _images((i.rel for i in first), images, ph))


def _item_all(item: Item, record: dict[str, Any], images: dict[str, PlannedImage],
              ph: dict[str, str]) -> str:
    return _h(record, item.featured_in, _record(item.institution),
              _images((i.rel for i in item.images), images, ph))


def _exhibition_card(ex: Exhibition, images: dict[str, PlannedImage], ph: dict[str, str]
                     ) -> str:
    cover = [ex.cover.rel] if ex.cover else []
    return _h(_record(ex.card), [_record(i) for i in ex.institutions], cover,
              _images(cover, images, ph), [it.id for it in ex.items],
              [(s.slug, _section_titles(s)) for s in ex.sections])


def _item_hashes(it: Item, images: dict[str, PlannedImage], ph: dict[str, str],
                 kept: Kept | None) -> tuple[str, str]:
    """An item's ``item`` and ``item-card`` hashes; under serve, kept while the item is the
    same object (the load stage reuses unchanged records) with the same images."""
    shown = tuple((i.rel, images[i.rel].digest if i.rel in images else None, ph.get(i.rel))
                  for i in it.images)
    if kept is not None:
        hit = kept.get(("item", it.id))
        if hit is not None and hit[0] is it and hit[1] is it.institution and \
                hit[2] == (tuple(it.featured_in), shown):
            kept.put(("item", it.id), hit)
            return hit[3]
    record = _record(it.record)
    pair = _item_all(it, record, images, ph), _item_card(it, record, images, ph)
    if kept is not None:
        kept.put(("item", it.id), (it, it.institution, (tuple(it.featured_in), shown), pair))
    return pair


def key_hashes(site: Site, images: dict[str, PlannedImage], placeholders: dict[str, str],
               site_extra: Any, kept: Kept | None = None) -> dict[Key, str]:
    """The hash of every dependency key's data. ``site_extra``: theme and build settings;
    ``kept``: item hashes kept between serve's builds."""
    out: dict[Key, str] = {
        ("site",): _h(_record(site.config), site.codes,
                      [_record(i) for i in site.institutions.values()],
                      sorted((slug, sorted((lang, d.meta.title) for lang, d in pg.files.items()))
                             for slug, pg in site.pages.items()),
                      site_extra),
    }
    for slug, pg in site.pages.items():
        out[("page", slug)] = _h(sorted((lang, _record(d.meta), d.body)
                                        for lang, d in pg.files.items()))
    for ex in site.exhibitions:
        out[("exhibition", ex.slug)] = _exhibition_card(ex, images, placeholders)
        cover = [ex.cover.rel] if ex.cover else []
        out[("exhibition-cover", ex.slug)] = _h(cover, _images(cover, images, placeholders),
                                                _record(ex.cover.record).get("alt")
                                                if ex.cover else None)
        out[("exhibition-title", ex.slug)] = _h(_record(ex.card).get("title"),
                                                _record(ex.card).get("summary"))
        for sec in ex.sections:
            out[("section", ex.slug, sec.slug)] = _h(_section_all(sec))
            out[("section-title", ex.slug, sec.slug)] = _h(_section_titles(sec))
        for it in ex.items:
            out[("item", ex.slug, it.id)], out[("item-card", ex.slug, it.id)] = \
                _item_hashes(it, images, placeholders, kept)
    return out


def fingerprint(template: str, lang: str, deps: Iterable[Key], hashes: dict[Key, str]) -> str:
    """A page's fingerprint: its template, language and the hashes of what it shows (in the
    page's own order of them, which follows the content)."""
    shown = "\n".join(f"{chr(31).join(k)}={hashes.get(k, '')}" for k in dict.fromkeys(deps))
    return hashlib.sha256(f"{template}\n{lang}\n{shown}".encode()).hexdigest()[:20]
