"""What a build asks of partners' IIIF: an image (``iiif:``), an item's manifest (``manifest:``).

:class:`PartnerIIIF` reads through one :class:`~korme.remote.documents.RemoteDocuments`, so
every document is fetched once, kept in the cache and reported at the line that names it:

- :meth:`PartnerIIIF.image` for an image's ``iiif:`` value: an Image API service (its URL or
  its ``info.json``), or a canvas of a manifest (``…/manifest.json#canvas=3``, a number or id);
- :meth:`PartnerIIIF.item` for an item's ``manifest:``: the manifest, its canvases' images, and
  the item fields it fills (:func:`manifest_fields`) where the curator gives none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from korme.errors import Position, Report
from korme.i18n import LangText
from korme.l10n import _
from korme.remote.documents import RemoteDocuments
from korme.remote.image_service import ImageService, info_url, parse_info, service_base
from korme.remote.manifest import Canvas, Manifest, parse_manifest, split_canvas


@dataclass(frozen=True)
class PartnerImage:
    """A partner's image as pages use it: its service (None for a canvas painted with a
    plain image file, then ``image_url`` is that file), and the canvas it came from."""

    source: str  # the URL as the curator wrote it
    service: ImageService | None
    image_url: str | None
    width: int
    height: int
    canvas: Canvas | None = None

    @property
    def origin(self) -> str:
        """``scheme://host[:port]`` the pages load this image from (for the CSP)."""
        url = self.service.id if self.service else self.image_url or self.source
        scheme, rest = url.split("://", 1)
        return f"{scheme}://{rest.split('/', 1)[0]}"


@dataclass(frozen=True)
class PartnerItem:
    manifest: Manifest
    images: tuple[PartnerImage, ...]


class PartnerIIIF:
    """Partners' IIIF documents for one build (see the module)."""

    def __init__(self, docs: RemoteDocuments):
        self.docs = docs
        # one parse function per URL (its messages name the URL), reused so that
        # RemoteDocuments knows a second request for the same document
        self._info_parsers: dict[str, Callable[[bytes], ImageService]] = {}
        self._manifest_parsers: dict[str, Callable[[bytes], Manifest]] = {}

    def service(self, url: str, position: Position, report: Report) -> ImageService | None:
        """The image service at ``url`` (the service's URL or its ``info.json``)."""
        target = info_url(url)
        parse = self._info_parsers.setdefault(target, lambda body: parse_info(body, target))
        return self.docs.get(target, position, report, parse)

    def manifest(self, url: str, position: Position, report: Report) -> Manifest | None:
        target = url.split("#", 1)[0]
        parse = self._manifest_parsers.setdefault(
            target, lambda body: parse_manifest(body, target))
        return self.docs.get(target, position, report, parse)

    def _canvas_image(self, source: str, canvas: Canvas, position: Position, report: Report
                      ) -> PartnerImage | None:
        image = canvas.image
        if image is None:
            report.error(position, _("{url}: canvas {canvas} has no image", url=source,
                                     canvas=canvas.number), kind="remote")
            return None
        if image.service is not None:
            service = self.service(image.service.id, position, report)
            if service is None:
                return None
            return PartnerImage(source, service, None, service.width, service.height, canvas)
        width = image.width or canvas.width
        height = image.height or canvas.height
        if not width or not height:
            report.error(position, _("{url}: canvas {canvas} gives no image size and no "
                                     "image service", url=source, canvas=canvas.number),
                         kind="remote")
            return None
        return PartnerImage(source, None, image.url, width, height, canvas)

    def image(self, url: str, position: Position, report: Report) -> PartnerImage | None:
        """An image's ``iiif:`` value: a service, or ``manifest#canvas=N`` (number or id)."""
        manifest_url, selector = split_canvas(url)
        if selector is None:
            service = self.service(url, position, report)
            if service is None:
                return None
            return PartnerImage(service_base(url), service, None, service.width,
                                service.height)
        manifest = self.manifest(manifest_url, position, report)
        if manifest is None:
            return None
        canvas = manifest.canvas(selector)
        if canvas is None:
            report.error(position, _("{url}: the manifest has no canvas '{canvas}' (it has "
                                     "{count}; give a number from 1 or a canvas id)",
                                     url=manifest_url, canvas=selector,
                                     count=len(manifest.canvases)), kind="remote")
            return None
        return self._canvas_image(url, canvas, position, report)

    def item(self, url: str, position: Position, report: Report) -> PartnerItem | None:
        """An item's ``manifest:``: the manifest and the image of each of its canvases."""
        manifest = self.manifest(url, position, report)
        if manifest is None:
            return None
        images = []
        for canvas in manifest.canvases:
            image = self._canvas_image(f"{url}#canvas={canvas.number}", canvas, position,
                                       report)
            if image is not None:
                images.append(image)
        return PartnerItem(manifest, tuple(images))


def manifest_fields(manifest: Manifest) -> dict[str, LangText]:
    """The item fields a manifest fills where the curator gives none: ``title`` (label),
    ``description`` (summary, sanitised HTML for the Markdown field), ``credit`` (required
    statement or attribution); ``rights`` is :attr:`Manifest.rights`, the metadata rows are
    :attr:`Manifest.metadata` (shown as given, label by label)."""
    out: dict[str, LangText] = {}
    for name, value, rich in (("title", manifest.label, False),
                              ("description", manifest.summary, True)):
        text = value.to_langtext(rich=rich)
        if text:
            out[name] = text
    if manifest.required_statement is not None:
        credit = manifest.required_statement.value.to_langtext()
        if credit:
            out["credit"] = credit
    return out
