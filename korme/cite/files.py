"""The citation files a build writes, per language: ``<lang>/<exhibition>/cite/`` holds the
whole exhibition (``<exhibition>.bib``, ``.ris``, ``.json``) and each item
(``items/<id>.bib`` …), in BibTeX, RIS and CSL-JSON made from the same CSL-JSON records as the
pages' citations; and which images get a full-size download (:mod:`korme.images.full`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from korme import urls
from korme.cite.export import bibtex, csl_json, ris
from korme.cite.record import csl_record
from korme.cite.reuse import downloads
from korme.images.full import cached_full
from korme.images.model import Derivative, PlannedImage
from korme.model import Exhibition, Item, Site
from korme.write import Output

FORMATS: tuple[tuple[str, str, Callable[[list[dict[str, Any]]], str]], ...] = (
    ("bib", "BibTeX", bibtex), ("ris", "RIS", ris), ("json", "CSL-JSON", csl_json))


def exhibition_files(lang: str, ex: str) -> tuple[tuple[str, str], ...]:
    """``(label, site path)`` of the whole exhibition's files, one per format."""
    return tuple((label, f"{urls.exhibition(lang, ex)}cite/{ex}.{ext}")
                 for ext, label, _f in FORMATS)


def item_files(lang: str, ex: str, item: str) -> tuple[tuple[str, str], ...]:
    """``(label, site path)`` of one item's files, one per format."""
    return tuple((label, f"{urls.exhibition(lang, ex)}cite/items/{item}.{ext}")
                 for ext, label, _f in FORMATS)


def page_url(site: Site, path: str) -> str:
    """A page's permanent address: absolute with a ``base_url``, else from the site's root."""
    return urls.absolute(site.config.base_url, path) or "/" + path


def _records(site: Site, ex: Exhibition, lang: str,
             accessed: datetime.date) -> Iterator[tuple[Item, dict[str, Any]]]:
    for item in ex.items:
        url = page_url(site, urls.item(lang, ex.slug, item.id))
        yield item, csl_record(item, lang, site=site, exhibition=ex, url=url,
                               accessed=accessed)


def cite_files(site: Site, accessed: datetime.date) -> Iterator[tuple[str, str]]:
    """Every citation file of the site: ``(output path, UTF-8 text)``, made one by one."""
    for lang in site.codes:
        for ex in site.exhibitions:
            pairs = list(_records(site, ex, lang, accessed))
            if not pairs:
                continue
            every = [rec for _item, rec in pairs]
            for (_ext, _l, write), (_label, path) in zip(FORMATS, exhibition_files(lang, ex.slug),
                                                         strict=True):
                yield path, write(every)
            for item, rec in pairs:
                for (_ext, _l, write), (_label, path) in zip(
                        FORMATS, item_files(lang, ex.slug, item.id), strict=True):
                    yield path, write([rec])


def full_size_images(site: Site, plan: dict[str, PlannedImage]) -> list[PlannedImage]:
    """The images offered at full size: ``download: full`` and rights that allow re-use."""
    found: dict[str, PlannedImage] = {}
    for ex in site.exhibitions:
        for item in ex.items:
            for image in item.images:
                planned = plan.get(image.rel)
                if planned is not None and downloads(site.config.download, item, image).full:
                    found[image.rel] = planned
    return list(found.values())


def full_size_outputs(full: dict[str, Derivative], cache_dir: Path) -> dict[str, Output]:
    """The full-size downloads, linked from the cache like every derivative."""
    return {d.path: Output("link", d.path, source=cached_full(cache_dir, d))
            for d in full.values()}
