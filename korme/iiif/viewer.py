"""What the item page embeds for its zoom viewer: tile geometry, UI strings, the manifest.

The data goes into a ``<script type="application/json">`` block (never executed, so the page's
``script-src 'self'`` allows it), which lets the viewer work from ``file://`` without fetching
``info.json``. Links are relative to the page, like every other link.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from korme.iiif.stage import image_base, is_tiled, manifest_path, zoom_setting
from korme.images.model import PlannedImage
from korme.images.tiles import TILE_SIZE, scale_factors
from korme.model import Item, Site

UI_KEYS = ("viewer_title", "viewer_close", "viewer_zoom_in", "viewer_zoom_out", "viewer_reset",
           "viewer_fullscreen", "viewer_prev", "viewer_next", "viewer_texts", "viewer_page",
           "viewer_help")


@dataclass(frozen=True, slots=True)
class ViewerData:
    """What an item page's template shows of its viewer (see :func:`viewer_data`)."""

    pages: list[dict[str, Any]]
    index: dict[int, int]  # an image's number -> its page in the viewer
    manifest: str | None  # the absolute manifest URL (with a ``base_url``)
    json: Markup  # the viewer's data block


def viewer_data(site: Site, exhibition: str, item: Item, images: dict[str, PlannedImage],
                link: Callable[[str], str], ui: Callable[[str], str]) -> ViewerData:
    """The viewer's pages (tiled or a single largest image), its JSON block and the manifest.

    ``index`` maps an image's number to its page in the viewer (images without derivatives
    have none); ``manifest`` is the absolute manifest URL when the site has a ``base_url``.
    """
    zoom = zoom_setting(site)
    pages: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    for img in item.images:
        planned = images.get(img.rel)
        if planned is None or not planned.derivatives:
            continue
        index[img.number] = len(pages)
        if is_tiled(planned, zoom):
            w, h = planned.width, planned.height
            pages.append({"n": img.number, "w": w, "h": h, "tile": TILE_SIZE,
                          "scales": list(scale_factors(w, h, TILE_SIZE)),
                          "base": link(image_base(exhibition, item.id, img.number))})
        else:
            d = planned.largest
            pages.append({"n": img.number, "w": d.width, "h": d.height, "src": link(d.path)})
    # the JSON of {"dir", "pages", "ui"} in pieces: the UI strings' part is the same on every
    # page of a language
    ui_json = _ui_json(tuple(ui(k) for k in UI_KEYS))
    direction = "rtl" if item.record.reading_direction == "right-to-left" else "ltr"
    text = (f'{{"dir":"{direction}","pages":'
            f'{json.dumps(pages, ensure_ascii=False, separators=(",", ":"))},"ui":{ui_json}}}')
    manifest = None
    if site.config.base_url and pages:
        url = site.config.base_url + manifest_path(exhibition, item.id)
        manifest = f"{url}?manifest={url}"  # the IIIF drag-and-drop convention
    # "<" escaped: the block can never be closed early by a text
    return ViewerData(pages, index, manifest,
                      Markup(text.replace("<", "\\u003c").replace(">", "\\u003e")
                             .replace("&", "\\u0026")))


@lru_cache(maxsize=64)
def _ui_json(texts: tuple[str, ...]) -> str:
    """The viewer's UI strings as JSON (keys without the ``viewer_`` prefix)."""
    return json.dumps({k.removeprefix("viewer_"): t for k, t in zip(UI_KEYS, texts, strict=True)},
                      ensure_ascii=False, separators=(",", ":"))
