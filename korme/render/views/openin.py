"""Links from an item or image page to elsewhere: its IIIF manifest, the IIIF drag-and-drop
link, "open in" the IIIF viewer site.yaml names (``iiif_viewer:``), and "compare with…" (the
exhibition's compare page with this image chosen). The IIIF links need a ``base_url``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from korme import urls
from korme.iiif.stage import manifest_path
from korme.render.context import PageContext


@dataclass(frozen=True)
class OpenIn:
    compare: str  # the compare page with this image as the first (``?a=item/page``)
    manifest: str = ""  # the manifest's absolute URL
    drag: str = ""  # the IIIF drag-and-drop link (``…manifest.json?manifest=…``)
    viewer: str = ""  # the site's IIIF viewer with this manifest


def open_in(p: PageContext, site: Any, ex_slug: str, item_id: str, slug: str) -> OpenIn:
    """The links of one item's page (``slug``: the image shown, by its page slug)."""
    compare = p.link(urls.compare(p.lang.code, ex_slug)) + f"?a={quote(item_id)}/{quote(slug)}"
    base = site.config.base_url
    if not base:
        return OpenIn(compare)
    manifest = base + manifest_path(ex_slug, item_id)
    template = site.config.iiif_viewer
    viewer = template.replace("{manifest}", quote(manifest, safe="")) if template else ""
    return OpenIn(compare, manifest, f"{manifest}?manifest={manifest}", viewer)
