"""Still crops of partners' images (story steps, region figures): the partner's region URL
(Image API level 1 or 2) or a crop made at build time from a size a level-0 service serves,
kept in the cache (:mod:`korme.partners.regions`), as planned images the pages show like
their own crops."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from korme.images.crops import CROP_WIDTHS, Box, PartnerCrop, crop_key
from korme.images.model import Derivative, PlannedImage
from korme.l10n import Text
from korme.model import Site
from korme.outputs import Output
from korme.partner_keys import is_partner
from korme.partners.regions import site_region


def partner_crops(site: Site, cache_dir: Path, offline: bool) -> PartnerCrop:
    """What :func:`korme.images.crops.plan_crops` calls for a region of a partner's image."""
    def crop(source: PlannedImage, box: Box) -> PlannedImage | Text:
        region, problem = site_region(site, source.rel, box, CROP_WIDTHS[-1], cache_dir,
                                      offline)
        if region is None:
            assert problem is not None  # source.rel names a partner's image
            return problem
        x, y, w, h = box
        path = region.href
        derivative = Derivative(path, region.width, region.height, "jpeg", "image/jpeg",
                                str(region.source or region.url))
        return PlannedImage(crop_key(source.rel, box),
                            region.source or Path(region.url or ""),
                            f"{source.digest}:{x},{y},{w},{h}", w, h, (derivative,),
                            False, source.uses, "JPEG")
    return crop


def partner_crop_outputs(crops: Mapping[str, PlannedImage]) -> dict[str, Output]:
    """The partners' crops made here (level 0, or any under ``--offline``), linked from the
    cache into the site; region URLs need no file."""
    out = {}
    for crop in crops.values():
        if not is_partner(crop.rel):
            continue  # our own images' crops: korme.images.crops.crop_outputs
        for d in crop.derivatives:
            if "://" not in d.path and crop.source.is_file():
                out[d.path] = Output("link", d.path, source=crop.source)
    return out
