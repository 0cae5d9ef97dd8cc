"""What a site asks of the image stages: its image settings (site.yaml's ``images:``) and
every source image its pages show, with every place that uses it (for errors found later)."""

from __future__ import annotations

from korme.errors import Position, Report
from korme.images.model import ImageRequest, ImageUse
from korme.images.settings import ImageSettings
from korme.l10n import _
from korme.model import Site
from korme.partner_keys import is_partner


def image_settings(site: Site, report: Report) -> ImageSettings:
    """The image settings from site.yaml's ``images:`` over the pipeline's defaults."""
    given = {k: v for k, v in site.config.images.model_dump(exclude_none=True).items()
             if k in ImageSettings.__dataclass_fields__}
    for key in ("widths", "formats"):
        if key in given:
            given[key] = tuple(given[key])
    try:
        settings = ImageSettings(**given)
        problems = settings.problems()
    except (TypeError, ValueError) as exc:
        settings, problems = ImageSettings(), [_("unreadable ({error})", error=str(exc))]
    where = site.config_located.at(("images",)) if site.config_located else \
        Position("site.yaml")
    for problem in problems:
        report.error(where, _("images: {problem}", problem=problem))
    return settings


def image_requests(site: Site) -> list[ImageRequest]:
    """Every source image the pages will show, with every place that uses it."""
    uses: dict[str, list[ImageUse]] = {}
    for ex in site.exhibitions:
        for item in ex.items:
            for img in item.images:
                if is_partner(img.rel):
                    continue  # a partner's image: planned by korme.partners
                uses.setdefault(img.rel, []).append(
                    ImageUse(img.position, _("item '{id}': images[{index}].file", id=item.id,
                                             index=img.number - 1)))
        if ex.cover and ex.cover_item is None:
            uses.setdefault(ex.cover.rel, []).append(ImageUse(ex.cover.position, _("cover")))
    return [ImageRequest(site.root / rel, rel, tuple(u)) for rel, u in sorted(uses.items())]
