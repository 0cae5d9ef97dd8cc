"""Partners' documents read before validation: images (``iiif:``) and items (``manifest:``).

:func:`with_partners` reads every remote document the content names through one
:class:`~korme.remote.iiif.PartnerIIIF` (from ``.korme-cache/remote``, else fetched; problems
at the line naming the URL, as :mod:`korme.remote.documents` says) and gives:

- the raw site with each ``manifest:`` item filled: its canvases become its images when it
  gives none, and its label, summary, required statement, rights and the metadata rows that
  name a field (:mod:`~korme.partners.metadata`) fill the fields it leaves out (language maps
  kept, texts sanitised);
- the partner's image of every ``iiif:`` value, by plan key (:func:`~korme.partner_keys.
  partner_rel`), for the image plan and the pages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from korme.errors import Report
from korme.i18n import LangText
from korme.l10n import _
from korme.load.schema import ImageRecord, ItemRecord
from korme.load.site import RawItem, RawSite
from korme.partner_keys import partner_rel
from korme.partners.metadata import metadata_fields
from korme.remote.cache import site_cache
from korme.remote.documents import RemoteDocuments
from korme.remote.fetch import DEFAULT_LIMITS, Limits
from korme.remote.iiif import PartnerIIIF, PartnerImage, manifest_fields
from korme.remote.manifest import Manifest, split_canvas

Partners = dict[str, PartnerImage]


def open_partners(root: Path, refresh: bool = False, limits: Limits = DEFAULT_LIMITS
                  ) -> PartnerIIIF:
    """The partners' documents of one build of the site at ``root``."""
    return PartnerIIIF(RemoteDocuments(site_cache(root), refresh, limits))


def names_remote(raw: RawSite) -> bool:
    """Whether the content names any remote document (else nothing is opened or fetched)."""
    return any(it.record.manifest or any(img.iiif for img in it.record.images)
               for ex in raw.exhibitions for it in ex.items)


def partner_stage(raw: RawSite, report: Report, iiif: PartnerIIIF | None = None
                  ) -> tuple[RawSite, Partners]:
    """:func:`with_partners` when the content names remote documents (``iiif``: the build's
    partners' documents, else the site's cache without refresh)."""
    if not names_remote(raw):
        return raw, {}
    return with_partners(raw, report, iiif or open_partners(raw.root))


def with_partners(raw: RawSite, report: Report, iiif: PartnerIIIF) -> tuple[RawSite, Partners]:
    """The raw site with manifest items filled, and the partner's image of each ``iiif:``."""
    found: Partners = {}
    exhibitions = []
    for ex in raw.exhibitions:
        items = tuple(_item(it, report, iiif, found) for it in ex.items)
        exhibitions.append(dataclasses.replace(ex, items=items) if items != ex.items else ex)
    return dataclasses.replace(raw, exhibitions=tuple(exhibitions)), found


def _item(raw: RawItem, report: Report, iiif: PartnerIIIF, found: Partners) -> RawItem:
    rec, loc = raw.record, raw.located
    if rec.manifest:
        rec = _from_manifest(raw, report, iiif, found)
    for n, img in enumerate(rec.images):
        if img.iiif and partner_rel(img.iiif) not in found:
            image = iiif.image(img.iiif, loc.at(("images", n, "iiif")), report)
            if image is not None:
                found[partner_rel(img.iiif)] = image
    rec = _credited(rec, iiif, raw)
    return raw if rec is raw.record else RawItem(rec, loc)


def _from_manifest(raw: RawItem, report: Report, iiif: PartnerIIIF, found: Partners
                   ) -> ItemRecord:
    """The record with what its manifest gives where the curator gives nothing."""
    rec, loc = raw.record, raw.located
    assert rec.manifest is not None
    where = loc.at(("manifest",))
    item = iiif.item(rec.manifest, where, report)
    if item is None:
        return rec
    update: dict[str, Any] = {}
    given = {**metadata_fields(item.manifest), **manifest_fields(item.manifest)}
    for name, value in given.items():
        current = getattr(rec, name)
        if current is None or current == [] or (name == "title" and _empty(current)):
            update[name] = value
    if _empty(update.get("title", rec.title)):
        update["title"] = LangText.of(rec.manifest)
        report.warning(where, _("item '{id}': the manifest {url} has no label: give the "
                                "item a title", id=rec.id, url=rec.manifest), kind="remote")
    if rec.rights is None and item.manifest.rights:
        update["rights"] = item.manifest.rights
    if rec.reading_direction is None and item.manifest.viewing_direction:
        update["reading_direction"] = item.manifest.viewing_direction
    if not rec.images:
        title = update.get("title", rec.title)
        images = []
        for image in item.images:
            canvas = image.canvas
            label = canvas.label.to_langtext() if canvas is not None else None
            images.append(ImageRecord(iiif=image.source, label=label, alt=label or title))
            found[partner_rel(image.source)] = image
        update["images"] = images
    return rec.model_copy(update=update)


def _credited(rec: ItemRecord, iiif: PartnerIIIF, raw: RawItem) -> ItemRecord:
    """Images of a partner's manifest canvas without a credit get the manifest's."""
    images, changed = [], False
    for n, img in enumerate(rec.images):
        manifest = _canvas_manifest(img, iiif, raw, n) if img.credit is None else None
        credit = _statement(manifest) if manifest is not None else None
        if credit is not None:
            img, changed = img.model_copy(update={"credit": credit}), True
        images.append(img)
    return rec.model_copy(update={"images": images}) if changed else rec


def _canvas_manifest(img: ImageRecord, iiif: PartnerIIIF, raw: RawItem, n: int) -> Manifest | None:
    if not img.iiif:
        return None
    url, selector = split_canvas(img.iiif)
    if selector is None or url == raw.record.manifest:
        return None  # a service (no statement), or the item's own manifest (the item's credit)
    # already read (and any problem reported) for the image itself
    return iiif.manifest(url, raw.located.at(("images", n, "iiif")), Report())


def _statement(manifest: Manifest) -> LangText | None:
    if manifest.required_statement is None:
        return None
    return manifest.required_statement.value.to_langtext()


def _empty(value: LangText | None) -> bool:
    return value is None or (value.plain is not None and not value.plain.strip()
                             ) or (value.plain is None and not value.texts)
