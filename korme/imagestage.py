"""The image stages of a build: plan (names and sizes from headers) → make the derivatives →
cut the deep-zoom tiles → partners' images → regions' crops.

Between the model and the render stage in :mod:`korme.build`'s pipeline; any error stops the
build before pages are rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from korme.errors import Report
from korme.iiif.stage import make_tiles
from korme.images import ImagePlan, ImageSettings, PlannedImage, make_images, plan_images
from korme.images.covers import check_hero_sizes
from korme.images.crops import make_crops, plan_crops
from korme.images.progress import ProgressCallback
from korme.images.site import image_requests
from korme.model import Site
from korme.partners.crops import partner_crops
from korme.partners.plan import with_partner_images


@dataclass(frozen=True)
class Images:
    """What the image stages made: the plan (names and sizes), the pixels' results and the
    deep-zoom tiles."""

    plan: ImagePlan
    made: Any
    zoom: Any
    crops: dict[str, PlannedImage]  # regions' still crops (korme.images.crops), by crop_key


@dataclass(frozen=True)
class ImageRun:
    """How the build runs the image stages: where, how many workers, what it shows."""

    cache_dir: Path
    workers: int | None
    offline: bool  # partners' images downloaded (korme.partners)
    preview: bool  # serve's preview: no IIIF documents, so no warning about them
    timed: Callable[[str], AbstractContextManager[None]]  # times a stage into the result
    progress: Callable[[str], ProgressCallback]  # a stage's progress display


def site_images(site: Site, settings: ImageSettings, run: ImageRun, report: Report) -> Images:
    """Plan the images, make them, cut the tiles, add partners' images and the crops."""
    cache_dir = run.cache_dir
    with run.timed("plan"):
        plan = plan_images(image_requests(site), settings, cache_dir)
    report.extend(list(plan.diagnostics))
    check_hero_sizes(site, plan.images, report)  # covers never enlarged
    report.raise_if_errors()
    with run.timed("images"):
        made = make_images(plan, settings, cache_dir, workers=run.workers,
                           progress=run.progress("images"))
    report.extend(list(made.diagnostics))
    report.raise_if_errors()
    with run.timed("zoom"):
        zoom = make_tiles(site, plan, settings, cache_dir, run.workers, run.progress("tiles"))
    report.extend([d for d in zoom.diagnostics  # serve's preview needs no IIIF documents
                   if not (run.preview and d.kind == "iiif")])
    plan, remote = with_partner_images(plan, site, settings, cache_dir, run.offline)
    report.extend(list(remote))  # korme.partners: partners' images (offline: downloaded)
    crops = plan_crops(site, plan.images, settings, report,  # korme.images.crops
                       partner_crops(site, cache_dir, run.offline))
    report.raise_if_errors()
    make_crops(crops, settings, cache_dir, report)
    report.raise_if_errors()
    return Images(plan, made, zoom, crops)
