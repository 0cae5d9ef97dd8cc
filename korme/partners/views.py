"""What pages, the viewer and our manifests use of a partner's image, and the origins the
pages' Content-Security-Policy allows.

- :func:`partner_geometry`: the viewer zooms into the partner's tiles (its service's base, tile
  size and scale factors; ``"v": 2`` for an Image API 2 service, whose sizes are written
  ``w,``);
- :func:`partner_body`: the image of a canvas in our manifests, with the partner's service;
- :func:`partner_origins`: ``scheme://host[:port]`` of every partner image the pages show
  (``img-src``; ``connect-src`` for viewers that read ``info.json``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from korme.images.model import PlannedImage
from korme.images.tiles import TILE_SIZE, scale_factors
from korme.model import Site
from korme.remote.iiif import PartnerImage


def _remote(site: Site, planned: PlannedImage) -> PartnerImage | None:
    """The partner's image a plan entry shows from the partner (None: ours, or downloaded)."""
    image = site.partners.get(planned.rel)
    if image is None or not planned.derivatives or "://" not in planned.largest.path:
        return None
    return image


def partner_geometry(site: Site, planned: PlannedImage, link: Callable[[str], str]
                     ) -> dict[str, Any] | None:
    """The viewer's data of a partner's image (None: not one): the partner's tiles, else the
    largest size shown (the partner's, or ours when downloaded for ``--offline``)."""
    if planned.rel not in site.partners:
        return None
    image = _remote(site, planned)
    service = image.service if image is not None else None
    spec = service.tiles[0] if service is not None and service.tiles else None
    no_zoom = site.config.images.zoom is False  # images: {zoom: false}: no tiles, anyone's
    if service is None or no_zoom or (spec is None and service.level == 0):
        largest = planned.largest  # only whole sizes: the viewer zooms into the largest
        src = largest.path if "://" in largest.path else link(largest.path)
        return {"w": planned.width, "h": planned.height, "src": src, "sw": largest.width}
    tile = spec.width if spec else TILE_SIZE
    scales = list(spec.scale_factors) if spec else \
        list(scale_factors(service.width, service.height, tile))
    out: dict[str, Any] = {"w": service.width, "h": service.height, "tile": tile,
                           "scales": scales, "base": service.id}
    if spec is not None and spec.height != spec.width:
        out["th"] = spec.height  # tiles taller or shorter than wide
    if service.version == 2:
        out["v"] = 2
    return out


def partner_body(site: Site, planned: PlannedImage) -> dict[str, Any] | None:
    """A canvas's painted image in our Presentation 3 manifests: the partner's image and
    service (None: not a partner's image shown from the partner)."""
    image = _remote(site, planned)
    if image is None:
        return None
    largest = planned.largest
    body: dict[str, Any] = {"id": largest.path, "type": "Image", "format": largest.mime,
                            "width": largest.width, "height": largest.height}
    service = image.service
    if service is not None:
        body["service"] = [
            {"id": service.id, "type": "ImageService3", "profile": f"level{service.level}"}
            if service.version == 3 else
            {"@id": service.id, "@type": "ImageService2",
             "profile": f"http://iiif.io/api/image/2/level{service.level}.json"}]
    return body


def partner_origins(site: Site, offline: bool = False) -> tuple[str, ...]:
    """The origins of the partners' images the pages load (none offline: downloaded)."""
    if offline:
        return ()
    return tuple(sorted({image.origin for image in site.partners.values()}))


def csp_sources(site: Site, offline: bool = False) -> str:
    """The origins as CSP sources, each after a space (``""``: none)."""
    return "".join(f" {origin}" for origin in partner_origins(site, offline))


def widen_policy(policy: str, sources: str) -> str:
    """A Content-Security-Policy that also allows the partners' origins (``sources``, as from
    :func:`csp_sources`): their images (``img-src``) and documents (``connect-src``)."""
    if not sources:
        return policy
    policy = policy.replace("img-src 'self' data:", f"img-src 'self' data:{sources}", 1)
    return policy.replace("default-src 'self';", f"default-src 'self'; connect-src 'self'"
                          f"{sources};", 1)
