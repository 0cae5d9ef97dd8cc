"""Partners' images in the image plan: their sizes from the partner's image service.

A partner's image is never copied: its :class:`~korme.images.model.PlannedImage` has the
partner's image URLs as derivatives (the widths of the site's ``images.widths`` the service can
give; at level 0 the sizes it lists), so pages put them in ``srcset`` as they are. An
``--offline`` build (kiosks, no network when shown) downloads those sizes once into the image
cache and publishes them as its own files in ``media/``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from korme.errors import Diagnostic, Position, Severity
from korme.images.model import Derivative, ImagePlan, PlannedImage
from korme.images.settings import ImageSettings
from korme.images.store import cached_path, write_atomic
from korme.l10n import _
from korme.model import Site
from korme.remote.fetch import FetchError, Limits, fetch, new_pool
from korme.remote.iiif import PartnerImage
from korme.remote.image_service import ImageService, Size

IMAGE_LIMITS = Limits(max_bytes=48 * 1024 * 1024)  # one image file of a partner


def served_size(service: ImageService, width: int) -> Size:
    """The whole-image size to ask a level-0 service for ``width``: the smallest listed size
    at least that wide, else the largest listed (the full size only when it lists none: some
    level-0 pyramids, Kórme's own among them, serve no ``full/max``)."""
    listed = sorted(service.sizes, key=lambda s: s.width)
    if not listed:
        return Size(service.width, service.height)
    return next((s for s in listed if s.width >= width), listed[-1])


def sizes(image: PartnerImage, widths: tuple[int, ...]) -> tuple[tuple[str, int, int], ...]:
    """``(url, width, height)`` of the whole image at the widths the partner serves."""
    service = image.service
    if service is None:  # a canvas painted with a plain image file: that file only
        assert image.image_url is not None
        return ((image.image_url, image.width, image.height),)
    if service.level == 0:
        chosen = sorted({served_size(service, w) for w in widths}, key=lambda s: s.width)
        return tuple((service.image_url(s.width), s.width, s.height) for s in chosen)
    return tuple((url, w, max(1, round(image.height * w / image.width)))
                 for url, w in service.srcset(widths))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def planned(rel: str, image: PartnerImage, settings: ImageSettings, offline: bool
            ) -> PlannedImage:
    """A partner's image in the plan: the partner's URLs, or (``offline``) files of ours."""
    digest = _digest(rel)
    derivatives = []
    for url, w, h in sizes(image, settings.all_widths()):
        path = f"media/{digest[:16]}-w{w}-iiif.jpg" if offline else url
        derivatives.append(Derivative(path, w, h, "jpeg", "image/jpeg", _digest(url)))
    return PlannedImage(rel, Path(), digest, image.width, image.height, tuple(derivatives),
                        format="JPEG")


def partner_plan(site: Site, settings: ImageSettings, offline: bool) -> dict[str, PlannedImage]:
    """Every partner's image of the site in the plan, by its key (``iiif:URL``)."""
    return {rel: planned(rel, image, settings, offline)
            for rel, image in sorted(site.partners.items())}


def download(site: Site, images: dict[str, PlannedImage], settings: ImageSettings,
             cache_dir: Path, limits: Limits = IMAGE_LIMITS) -> tuple[Diagnostic, ...]:
    """``--offline``: fetch every size the pages show that the cache lacks (once; a failure is
    an error at the image's line: the offline site would show nothing there)."""
    pool, problems = None, []
    for rel, plan in images.items():
        urls = {w: url for url, w, _h in sizes(site.partners[rel], settings.all_widths())}
        for d in plan.derivatives:
            target = cached_path(cache_dir, d)
            if target.exists():
                continue
            pool = pool or new_pool(limits)
            url = urls[d.width]
            try:
                got = fetch(url, limits, pool)
                if not got.content_type.startswith("image/"):
                    raise FetchError(_("{url}: not an image (its type is '{type}')", url=url,
                                       type=got.content_type or "?"))
                write_atomic(target, got.body)
            except FetchError as exc:
                problems.append(Diagnostic(_where(site, rel), _(
                    "cannot download a partner's image for the offline site: {problem}",
                    problem=exc.message), Severity.ERROR, "remote"))
    return tuple(problems)


def _where(site: Site, rel: str) -> Position:
    for ex in site.exhibitions:
        for item in ex.items:
            for img in item.images:
                if img.rel == rel:
                    return img.position
    return Position("site.yaml")




def with_partner_images(plan: ImagePlan, site: Site, settings: ImageSettings, cache_dir: Path,
                        offline: bool) -> tuple[ImagePlan, tuple[Diagnostic, ...]]:
    """The plan with the partners' images added (after our own were made and tiled: theirs
    have no pixels of ours to make; ``offline``: their sizes downloaded)."""
    if not site.partners:
        return plan, ()
    remote = partner_plan(site, settings, offline)
    problems = download(site, remote, settings, cache_dir) if offline else ()
    return ImagePlan({**plan.images, **remote}, plan.diagnostics), problems
