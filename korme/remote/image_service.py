"""IIIF Image API 2 and 3 ``info.json`` as plain data, and the image URLs it allows.

:class:`ImageService` says what a partner's service offers (its size, the sizes and tiles it
serves, its compliance level) and builds the URLs a page needs: an image of a given width
(:meth:`~ImageService.image_url`, :meth:`~ImageService.srcset`), a region where the service
makes regions (level 1 and 2: :meth:`~ImageService.region_url`), and the ``info.json`` the
viewer zooms from. A level-0 service serves only the sizes and tiles it lists; a region of it
is cropped at build time from :meth:`~ImageService.best_size`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from korme.l10n import _
from korme.remote.documents import Malformed
from korme.remote.fetch import FetchError, check_url
from korme.remote.jsondoc import as_list, load_json, optional_int, positive_int, web_url

WHAT = _("IIIF image information document (info.json)")
_LEVEL = re.compile(r"level([012])")


@dataclass(frozen=True)
class Size:
    width: int
    height: int


@dataclass(frozen=True)
class TileSpec:
    """Tiles of ``width`` × ``height`` (height: the width when not given) at these scales."""

    width: int
    height: int
    scale_factors: tuple[int, ...]


@dataclass(frozen=True)
class ImageService:
    """A partner's IIIF image service, as its ``info.json`` describes it."""

    id: str  # the service's base URL (no trailing slash)
    version: int  # Image API 2 or 3
    level: int  # compliance level: 0, 1 or 2
    width: int
    height: int
    sizes: tuple[Size, ...] = ()
    tiles: tuple[TileSpec, ...] = ()
    max_width: int | None = None
    max_height: int | None = None
    max_area: int | None = None
    rights: str | None = None

    @property
    def info_url(self) -> str:
        return f"{self.id}/info.json"

    @property
    def origin(self) -> str:
        """``scheme://host[:port]``: what a Content-Security-Policy must allow."""
        scheme, rest = self.id.split("://", 1)
        return f"{scheme}://{rest.split('/', 1)[0]}"

    @property
    def makes_regions(self) -> bool:
        """Whether the service cuts regions on request (levels 1 and 2)."""
        return self.level >= 1

    def _limit(self, width: int) -> int:
        """A width within the service's size and limits."""
        width = min(width, self.width, self.max_width or self.width)
        if self.max_height:
            width = min(width, self.max_height * self.width // self.height)
        if self.max_area:
            width = min(width, int((self.max_area * self.width / self.height) ** 0.5))
        return max(1, width)

    def _size(self, width: int) -> str:
        height = max(1, round(self.height * width / self.width))
        if width >= self.width and not (self.max_width or self.max_height or self.max_area):
            return "max" if self.version == 3 else "full"
        return f"{width},{height}" if self.version == 3 else f"{width},"

    def available_widths(self) -> tuple[int, ...]:
        """Widths of the whole image a page may ask for: the listed sizes at level 0."""
        if self.level == 0:
            listed = sorted({s.width for s in self.sizes} | {self.width})
            return tuple(listed)
        return ()  # any width (up to the service's limits)

    def best_size(self, width: int) -> Size:
        """The smallest listed size at least ``width`` wide (else the largest): what a level-0
        crop is cut from, and what a level-0 image URL asks for."""
        sizes = sorted({*self.sizes, Size(self.width, self.height)}, key=lambda s: s.width)
        return next((s for s in sizes if s.width >= width), sizes[-1])

    def image_url(self, width: int, fmt: str = "jpg") -> str:
        """The whole image about ``width`` pixels wide (a listed size at level 0)."""
        if self.level == 0:
            size = self.best_size(width)
            spec = "max" if self.version == 3 else "full"
            if size.width != self.width:
                spec = f"{size.width},{size.height}" if self.version == 3 else f"{size.width},"
            return f"{self.id}/full/{spec}/0/default.{fmt}"
        return f"{self.id}/full/{self._size(self._limit(width))}/0/default.{fmt}"

    def srcset(self, widths: tuple[int, ...]) -> tuple[tuple[str, int], ...]:
        """``(url, width)`` pairs for a ``srcset``: the wanted widths the service can give."""
        out: dict[int, str] = {}
        for wanted in sorted(widths):
            if self.level == 0:
                size = self.best_size(wanted)
                out.setdefault(size.width, self.image_url(size.width))
            else:
                w = self._limit(wanted)
                out.setdefault(w, self.image_url(w))
        return tuple((url, w) for w, url in sorted(out.items()))

    def region_url(self, x: int, y: int, w: int, h: int, width: int | None = None,
                   fmt: str = "jpg") -> str | None:
        """A region in full-image pixels, scaled to ``width`` (``None`` at level 0)."""
        if not self.makes_regions:
            return None
        x, y = max(0, min(x, self.width - 1)), max(0, min(y, self.height - 1))
        w, h = max(1, min(w, self.width - x)), max(1, min(h, self.height - y))
        out_w = min(width or w, w)
        size = "max" if self.version == 3 else "full"
        if out_w < w:
            out_h = max(1, round(h * out_w / w))
            size = f"{out_w},{out_h}" if self.version == 3 else f"{out_w},"
        return f"{self.id}/{x},{y},{w},{h}/{size}/0/default.{fmt}"


def service_base(url: str) -> str:
    """The service URL a curator gives (the service or its ``info.json``), without the file."""
    base = url.split("#", 1)[0].rstrip("/")
    return base.removesuffix("/info.json")


def info_url(url: str) -> str:
    return service_base(url) + "/info.json"


def _version(doc: dict[str, Any], url: str) -> int:
    contexts = " ".join(str(c) for c in as_list(doc.get("@context")))
    if "iiif.io/api/image/3" in contexts or doc.get("type") == "ImageService3":
        return 3
    if "iiif.io/api/image/2" in contexts or doc.get("@type") == "iiif:ImageProfile" or \
            ("@id" in doc and "protocol" in doc):
        return 2
    raise Malformed(_("{url}: not a IIIF Image API 2 or 3 info.json (no Image API "
                      "@context)", url=url))


def _level(doc: dict[str, Any], url: str) -> int:
    profile = doc.get("profile")
    first = as_list(profile)[0] if as_list(profile) else None
    m = _LEVEL.search(first) if isinstance(first, str) else None
    if m is None:
        raise Malformed(_("{url}: the info.json names no compliance level ('profile')",
                          url=url))
    return int(m[1])


def _sizes(doc: dict[str, Any], url: str) -> tuple[Size, ...]:
    out = []
    for n, s in enumerate(as_list(doc.get("sizes"))):
        if not isinstance(s, dict):
            raise Malformed(_("{url}: '{field}' is malformed", url=url, field=f"sizes[{n}]"))
        out.append(Size(positive_int(s.get("width"), url, f"sizes[{n}].width"),
                        positive_int(s.get("height"), url, f"sizes[{n}].height")))
    return tuple(out)


def _tiles(doc: dict[str, Any], url: str) -> tuple[TileSpec, ...]:
    out = []
    for n, t in enumerate(as_list(doc.get("tiles"))):
        if not isinstance(t, dict):
            raise Malformed(_("{url}: '{field}' is malformed", url=url, field=f"tiles[{n}]"))
        width = positive_int(t.get("width"), url, f"tiles[{n}].width")
        height = optional_int(t.get("height"), url, f"tiles[{n}].height") or width
        scales = tuple(positive_int(f, url, f"tiles[{n}].scaleFactors")
                       for f in as_list(t.get("scaleFactors")))
        if not scales:
            raise Malformed(_("{url}: '{field}' is malformed", url=url,
                              field=f"tiles[{n}].scaleFactors"))
        out.append(TileSpec(width, height, scales))
    return tuple(out)


def parse_info(body: bytes, url: str) -> ImageService:
    """An ``info.json`` (Image API 2 or 3) as :class:`ImageService`; :class:`Malformed` when
    it is not one."""
    doc = load_json(body, url, WHAT)
    version = _version(doc, url)
    ident = web_url(doc.get("id") if version == 3 else doc.get("@id"), url,
                    "id" if version == 3 else "@id").rstrip("/")
    rights = doc.get("rights") if version == 3 else next(
        (x for x in as_list(doc.get("license")) if isinstance(x, str)), None)
    if rights is not None:
        try:
            rights = check_url(str(rights))
        except FetchError:  # a rights statement that is not a web address is left out
            rights = None
    return ImageService(
        id=ident, version=version, level=_level(doc, url),
        width=positive_int(doc.get("width"), url, "width"),
        height=positive_int(doc.get("height"), url, "height"),
        sizes=_sizes(doc, url), tiles=_tiles(doc, url),
        max_width=optional_int(doc.get("maxWidth"), url, "maxWidth"),
        max_height=optional_int(doc.get("maxHeight"), url, "maxHeight"),
        max_area=optional_int(doc.get("maxArea"), url, "maxArea"),
        rights=rights,
    )
