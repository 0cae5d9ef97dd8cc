"""Covers smaller than the hero shows them: a warning (they are shown at their own size)."""

from __future__ import annotations

from collections.abc import Mapping

from korme.cover import HERO_HEIGHT, HERO_WIDTH
from korme.errors import Report
from korme.images.model import PlannedImage
from korme.l10n import _
from korme.model import Site


def check_hero_sizes(site: Site, images: Mapping[str, PlannedImage], report: Report) -> None:
    """Warn of covers smaller than the hero shows them (they are shown at their own size)."""
    for ex in site.exhibitions:
        planned = images.get(ex.cover.rel) if ex.cover else None
        if ex.cover is None or planned is None or not planned.fallback:
            continue
        largest = planned.fallback[-1]
        if largest.width < HERO_WIDTH or largest.height < HERO_HEIGHT:
            report.warning(ex.cover.position, _(
                "exhibition '{exhibition}': the cover is {width} × {height} px, smaller than "
                "the hero shows it ({hero_width} × {hero_height} px): it is shown at its own "
                "size, not enlarged; give a larger image", exhibition=ex.slug,
                width=largest.width, height=largest.height, hero_width=HERO_WIDTH,
                hero_height=HERO_HEIGHT), kind="cover")
