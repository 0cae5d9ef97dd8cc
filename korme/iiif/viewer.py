"""What an item's viewer needs to zoom: tile geometry per image, as a JSON block.

The data goes into a ``<script type="application/json">`` block (never executed, so the page's
``script-src 'self'`` allows it), which lets the viewer work from ``file://`` without fetching
``info.json``. Links are relative to the page, like every other link. Coordinates are the
source image's pixels (as in IIIF regions and ``#xywh=`` addresses), whatever is published.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from korme.iiif.stage import image_base, is_tiled, manifest_path, zoom_setting
from korme.images.model import PlannedImage
from korme.images.tiles import TILE_SIZE, scale_factors
from korme.model import Site
from korme.partners.views import partner_geometry

UI_KEYS = ("viewer_page", "viewer_copied", "viewer_zoom_level")


def geometry(site: Site, exhibition: str, item_id: str, number: int, planned: PlannedImage,
             link: Callable[[str], str]) -> dict[str, Any]:
    """One image's size and where its pixels are: a tile pyramid (``base``, ``tile``,
    ``scales``) or, without tiles, the largest derivative (``src`` and its width ``sw``)."""
    remote = partner_geometry(site, planned, link)  # korme.partners: the partner's tiles
    if remote is not None:
        return remote
    w, h = planned.width, planned.height
    if is_tiled(planned, zoom_setting(site)):
        return {"w": w, "h": h, "tile": TILE_SIZE, "scales": list(scale_factors(w, h, TILE_SIZE)),
                "base": link(image_base(exhibition, item_id, number))}
    d = planned.largest
    return {"w": w, "h": h, "src": link(d.path), "sw": d.width}


def manifest_url(site: Site, exhibition: str, item_id: str) -> str | None:
    """The item's manifest with the IIIF drag-and-drop convention (needs a ``base_url``)."""
    if not site.config.base_url:
        return None
    url = site.config.base_url + manifest_path(exhibition, item_id)
    return f"{url}?manifest={url}"


def viewer_json(pages: list[dict[str, Any]], rtl: bool, ui: Callable[[str], str]) -> Markup:
    """The viewer's data block: ``{"dir", "pages", "ui"}``, safe inside ``<script>``."""
    ui_json = _ui_json(tuple(ui(k) for k in UI_KEYS))  # the same on every page of a language
    text = (f'{{"dir":"{"rtl" if rtl else "ltr"}","pages":'
            f'{json.dumps(pages, ensure_ascii=False, separators=(",", ":"))},"ui":{ui_json}}}')
    # "<" escaped: the block can never be closed early by a text
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@lru_cache(maxsize=64)
def _ui_json(texts: tuple[str, ...]) -> str:
    """The viewer's UI strings as JSON (keys without the ``viewer_`` prefix)."""
    return json.dumps({k.removeprefix("viewer_"): t for k, t in zip(UI_KEYS, texts, strict=True)},
                      ensure_ascii=False, separators=(",", ":"))
