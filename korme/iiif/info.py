"""The ``info.json`` of a level-0 tile pyramid (IIIF Image API 3.0)."""

from __future__ import annotations

from typing import Any

from korme.images.tiles import TILE_SIZE, scale_factors, sizes

IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"


def info_json(service_id: str, width: int, height: int, tile: int = TILE_SIZE,
              rights: str | None = None) -> dict[str, Any]:
    """An Image API 3.0 level-0 ``info.json`` for a pyramid made by :func:`all_tiles`."""
    info: dict[str, Any] = {
        "@context": IMAGE_CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": width,
        "height": height,
        "sizes": sizes(width, height, tile),
        "tiles": [{"width": tile, "scaleFactors": list(scale_factors(width, height, tile))}],
    }
    if rights:
        info["rights"] = rights
    return info
