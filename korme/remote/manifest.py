"""IIIF Presentation 2 and 3 manifests as plain data: texts, credit, rights, canvases.

Both versions give the same :class:`Manifest`: its label, summary (v2 ``description``),
metadata, required statement (v2 ``attribution``), rights (v2 ``license``) as
:class:`~korme.remote.text.LangMap` values with every language kept (v2 ``@language`` values
mapped), and its canvases, each with the image painted on it and that image's service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from korme.l10n import _
from korme.remote.documents import Malformed
from korme.remote.fetch import FetchError, check_url
from korme.remote.jsondoc import as_list, load_json, optional_int, web_url
from korme.remote.text import LangMap, lang_map_v2, lang_map_v3

WHAT = _("IIIF Presentation manifest")
_LEVEL = re.compile(r"level([012])")
DIRECTIONS = frozenset({"left-to-right", "right-to-left", "top-to-bottom", "bottom-to-top"})


@dataclass(frozen=True)
class ServiceRef:
    """An image service named in a manifest (its ``info.json`` says the rest)."""

    id: str
    version: int  # Image API 2 or 3
    level: int | None


@dataclass(frozen=True)
class CanvasImage:
    """The image painted on a canvas."""

    url: str
    format: str | None
    width: int | None
    height: int | None
    service: ServiceRef | None


@dataclass(frozen=True)
class Canvas:
    id: str
    number: int  # 1-based, as in ``#canvas=3``
    label: LangMap
    width: int | None
    height: int | None
    image: CanvasImage | None


@dataclass(frozen=True)
class MetadataEntry:
    label: LangMap
    value: LangMap


@dataclass(frozen=True)
class Manifest:
    """A partner's manifest (Presentation 2 or 3)."""

    id: str
    version: int
    label: LangMap
    summary: LangMap
    metadata: tuple[MetadataEntry, ...]
    required_statement: MetadataEntry | None  # v2: the attribution (its label left empty)
    rights: str | None
    canvases: tuple[Canvas, ...]
    viewing_direction: str | None = None

    def canvas(self, selector: str) -> Canvas | None:
        """A canvas by number from 1 (``3``) or by its id."""
        if selector.isdigit():
            n = int(selector)
            return self.canvases[n - 1] if 1 <= n <= len(self.canvases) else None
        return next((c for c in self.canvases if c.id == selector), None)


def split_canvas(url: str) -> tuple[str, str | None]:
    """``…/manifest.json#canvas=3`` → (``…/manifest.json``, ``"3"``); no fragment: None."""
    base, _sep, fragment = url.partition("#")
    for part in fragment.split("&"):
        key, _eq, value = part.partition("=")
        if key == "canvas" and value:
            return base, value
    return base, None


def _service(value: Any, url: str) -> ServiceRef | None:
    for s in as_list(value):
        if not isinstance(s, dict):
            continue
        kind = str(s.get("type") or s.get("@type") or "")
        context = " ".join(str(c) for c in as_list(s.get("@context")))
        profile = " ".join(str(p) for p in as_list(s.get("profile")) if isinstance(p, str))
        if kind == "ImageService3" or "image/3" in context:
            version = 3
        elif kind == "ImageService2" or "image/2" in context or "image/2" in profile:
            version = 2
        else:
            continue  # another kind of service (search, authentication…)
        ident = s.get("id") or s.get("@id")
        m = _LEVEL.search(profile)
        return ServiceRef(web_url(ident, url, "service").rstrip("/"), version,
                          int(m[1]) if m else None)
    return None


def _image(body: Any, url: str) -> CanvasImage | None:
    if isinstance(body, dict) and body.get("type") in ("Choice", "oa:Choice"):
        body = (as_list(body.get("items")) or [None])[0]
    if isinstance(body, dict) and "default" in body:  # v2 oa:Choice
        body = body["default"]
    if not isinstance(body, dict):
        return None
    ident = body.get("id") or body.get("@id")
    return CanvasImage(web_url(ident, url, "image"), _str(body.get("format")),
                       optional_int(body.get("width"), url, "width"),
                       optional_int(body.get("height"), url, "height"),
                       _service(body.get("service"), url))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _rights(value: Any) -> str | None:
    for v in as_list(value):
        if isinstance(v, str):
            try:
                return check_url(v)
            except FetchError:
                continue
    return None


def _canvas3(c: Any, n: int, url: str) -> Canvas:
    if not isinstance(c, dict) or c.get("type") != "Canvas":
        raise Malformed(_("{url}: '{field}' is not a canvas", url=url, field=f"items[{n - 1}]"))
    image = None
    for page in as_list(c.get("items")):
        for anno in as_list(page.get("items") if isinstance(page, dict) else None):
            if isinstance(anno, dict) and anno.get("motivation") in ("painting", None):
                image = image or _image(anno.get("body"), url)
    return Canvas(web_url(c.get("id"), url, f"items[{n - 1}].id"), n,
                  lang_map_v3(c.get("label")), optional_int(c.get("width"), url, "width"),
                  optional_int(c.get("height"), url, "height"), image)


def _canvas2(c: Any, n: int, url: str) -> Canvas:
    if not isinstance(c, dict):
        raise Malformed(_("{url}: '{field}' is not a canvas", url=url,
                          field=f"sequences[0].canvases[{n - 1}]"))
    image = None
    for anno in as_list(c.get("images")):
        if isinstance(anno, dict):
            image = image or _image(anno.get("resource"), url)
    return Canvas(web_url(c.get("@id"), url, f"canvases[{n - 1}].@id"), n,
                  lang_map_v2(c.get("label")), optional_int(c.get("width"), url, "width"),
                  optional_int(c.get("height"), url, "height"), image)


def _entries(value: Any, read: Any) -> tuple[MetadataEntry, ...]:
    return tuple(MetadataEntry(read(e.get("label")), read(e.get("value")))
                 for e in as_list(value) if isinstance(e, dict))


def _v3(doc: dict[str, Any], url: str) -> Manifest:
    statement = doc.get("requiredStatement")
    required = MetadataEntry(lang_map_v3(statement.get("label")),
                             lang_map_v3(statement.get("value"))) \
        if isinstance(statement, dict) else None
    canvases = tuple(_canvas3(c, n, url) for n, c in enumerate(as_list(doc.get("items")), 1))
    direction = doc.get("viewingDirection")
    return Manifest(web_url(doc.get("id"), url, "id"), 3, lang_map_v3(doc.get("label")),
                    lang_map_v3(doc.get("summary")), _entries(doc.get("metadata"), lang_map_v3),
                    required, _rights(doc.get("rights")), canvases,
                    direction if direction in DIRECTIONS else None)


def _v2(doc: dict[str, Any], url: str) -> Manifest:
    sequences = [s for s in as_list(doc.get("sequences")) if isinstance(s, dict)]
    first = sequences[0] if sequences else {}
    canvases = tuple(_canvas2(c, n, url)
                     for n, c in enumerate(as_list(first.get("canvases")), 1))
    attribution = lang_map_v2(doc.get("attribution")) if doc.get("attribution") else None
    direction = first.get("viewingDirection") or doc.get("viewingDirection")
    return Manifest(web_url(doc.get("@id"), url, "@id"), 2, lang_map_v2(doc.get("label")),
                    lang_map_v2(doc.get("description")),
                    _entries(doc.get("metadata"), lang_map_v2),
                    MetadataEntry(LangMap(), attribution) if attribution else None,
                    _rights(doc.get("license")), canvases,
                    direction if direction in DIRECTIONS else None)


def parse_manifest(body: bytes, url: str) -> Manifest:
    """A Presentation 2 or 3 manifest as :class:`Manifest`; :class:`Malformed` when the
    document is not one (or has no canvas)."""
    doc = load_json(body, url, WHAT)
    contexts = " ".join(str(c) for c in as_list(doc.get("@context")))
    if "presentation/3" in contexts or doc.get("type") == "Manifest":
        if doc.get("type") != "Manifest":
            raise Malformed(_("{url}: not a {what}: its type is not 'Manifest'", url=url,
                              what=WHAT))
        manifest = _v3(doc, url)
    elif "presentation/2" in contexts or doc.get("@type") == "sc:Manifest":
        if doc.get("@type") != "sc:Manifest":
            raise Malformed(_("{url}: not a {what}: its type is not 'Manifest'", url=url,
                              what=WHAT))
        manifest = _v2(doc, url)
    else:
        raise Malformed(_("{url}: not a IIIF Presentation 2 or 3 manifest (no Presentation "
                          "API @context)", url=url))
    if not manifest.canvases:
        raise Malformed(_("{url}: the manifest has no canvas", url=url))
    return manifest
