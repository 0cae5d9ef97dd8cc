"""A region of a partner's image (story regions, region figures, downloads).

:func:`partner_region` gives what a page shows of a region ``x, y, w, h`` (full-image pixels,
as in IIIF regions and ``#xywh=``):

- a service that cuts regions (Image API level 1 or 2): its region URL, nothing copied (an
  ``--offline`` build downloads it into the cache, to publish as our file);
- a level-0 service (only the sizes it lists), or a canvas painted with a plain image: the crop
  made at build time from the smallest served size that gives the wanted width, kept in the
  cache (``.korme-cache/regions/``) so the next build neither fetches nor crops again.

Either way the answer says the file to publish (:attr:`Region.path`, :attr:`Region.source`)
when it is ours, and the URL to use when it is the partner's.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from korme.images.store import write_atomic
from korme.l10n import Text, _
from korme.model import Site
from korme.partners.plan import served_size
from korme.remote.fetch import FetchError, Limits, fetch
from korme.remote.iiif import PartnerImage

REGION_LIMITS = Limits(max_bytes=48 * 1024 * 1024)
QUALITY = 82
REGIONS = "regions"  # in .korme-cache/ (not media/: that folder is pruned to the image plan)


@dataclass(frozen=True)
class Region:
    """A region as pages use it: the partner's URL, or our file (``path`` in the site, made
    from ``source`` in the cache)."""

    width: int
    height: int
    url: str | None = None  # the partner's region URL (level 1, 2; not offline)
    path: str | None = None  # our file's site path, e.g. media/3fa2…-region.jpg
    source: Path | None = None  # that file in the cache, to link into the output

    @property
    def href(self) -> str:
        """What an ``<img src>`` names: the partner's URL, or our file's site path."""
        return self.url or self.path or ""


def _box(image: PartnerImage, x: int, y: int, w: int, h: int) -> tuple[int, int, int, int]:
    """The region clamped to the image (at least one pixel)."""
    x, y = max(0, min(x, image.width - 1)), max(0, min(y, image.height - 1))
    return x, y, max(1, min(w, image.width - x)), max(1, min(h, image.height - y))


def partner_region(image: PartnerImage, x: int, y: int, w: int, h: int, width: int,
                   cache_dir: Path, offline: bool = False) -> tuple[Region | None, Text | None]:
    """The region ``x, y, w, h`` of ``image`` about ``width`` pixels wide (never enlarged),
    or why it could not be had (a message naming the URL)."""
    x, y, w, h = _box(image, x, y, w, h)
    out_w = max(1, min(width, w))
    out_h = max(1, round(h * out_w / w))
    service = image.service
    if service is not None and service.makes_regions:
        url = service.region_url(x, y, w, h, out_w)
        assert url is not None
        if not offline:
            return Region(out_w, out_h, url=url), None
        return _kept(url, (x, y, w, h, out_w), cache_dir, lambda data: data, out_w, out_h)
    if service is not None:
        size = served_size(service, math.ceil(out_w * image.width / w))
        source_url, scale = service.image_url(size.width), size.width / image.width
    else:
        assert image.image_url is not None
        source_url, scale = image.image_url, 1.0
    out_w = max(1, min(out_w, round(w * scale)))  # never larger than the served pixels
    out_h = max(1, round(h * out_w / w))
    box = (x * scale, y * scale, (x + w) * scale, (y + h) * scale)

    def crop(data: bytes) -> bytes:
        with Image.open(io.BytesIO(data)) as im:
            part = im.convert("RGB").crop(tuple(round(v) for v in box))
            part = part.resize((out_w, out_h), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            part.save(buffer, "JPEG", quality=QUALITY, optimize=True)
            return buffer.getvalue()

    return _kept(source_url, (x, y, w, h, out_w), cache_dir, crop, out_w, out_h)


def _kept(url: str, key: tuple[int, ...], cache_dir: Path, make: Callable[[bytes], bytes],
          width: int,
          height: int) -> tuple[Region | None, Text | None]:
    """Our file of a region: from the cache, else fetched from ``url`` and made by ``make``."""
    digest = hashlib.sha256(f"{url}\0{key}".encode()).hexdigest()[:16]
    name = f"{digest}-region-w{width}.jpg"
    target = cache_dir / REGIONS / name
    if not target.exists():
        try:
            got = fetch(url, REGION_LIMITS)
            data = make(got.body)
        except FetchError as exc:
            return None, exc.message
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            return None, _("{url}: not an image that can be cropped ({error})", url=url,
                           error=str(exc))
        write_atomic(target, data)
    return Region(width, height, path=f"media/{name}", source=target), None


def site_region(site: Site, rel: str, box: tuple[int, int, int, int], width: int,
                cache_dir: Path, offline: bool = False) -> tuple[Region | None, Text | None]:
    """:func:`partner_region` for the image with plan key ``rel`` (an ``ItemImage.rel``);
    ``(None, None)`` when it is not a partner's image (a local image: crop it as ours)."""
    image = site.partners.get(rel)
    if image is None:
        return None, None
    return partner_region(image, *box, width, cache_dir, offline)
