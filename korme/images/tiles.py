"""Level-0 tile pyramids (IIIF Image API 3.0): which tiles exist and their canonical paths.

Pure functions of the image size and the tile size, shared by the worker that cuts the tiles,
the ``info.json`` writer (:mod:`korme.iiif.info`), the page's viewer data and the tests. A
tile at scale factor ``s`` covers ``tile * s`` source pixels per side (less at the right and
bottom edges) and is ``ceil(region / s)`` pixels large, as the Image API's tile rules compute
it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

TILE_SIZE = 512


@dataclass(frozen=True)
class Tile:
    """One tile: its region of the full image, its pixel size, and its place in its level."""

    scale: int  # scale factor: 1 is full resolution
    x: int  # region in full-image pixels
    y: int
    w: int
    h: int
    width: int  # the tile's own size in pixels
    height: int
    full: bool  # the region is the whole image

    @property
    def region(self) -> str:
        """The canonical region: ``full`` for the whole image, else ``x,y,w,h``."""
        return "full" if self.full else f"{self.x},{self.y},{self.w},{self.h}"

    @property
    def size(self) -> str:
        """The canonical size: ``max`` for the whole image unscaled, else ``w,h``."""
        return "max" if self.full and self.scale == 1 else f"{self.width},{self.height}"

    @property
    def path(self) -> str:
        """The path below the image's base: ``{region}/{size}/0/default.jpg``."""
        return f"{self.region}/{self.size}/0/default.jpg"

    @property
    def box(self) -> tuple[int, int, int, int]:
        """The crop box in the level image (the full image reduced by ``scale``)."""
        left, top = self.x // self.scale, self.y // self.scale
        return (left, top, left + self.width, top + self.height)


def level_size(width: int, height: int, scale: int) -> tuple[int, int]:
    """The size of the full image reduced by a scale factor (rounded up, like the tiles)."""
    return (math.ceil(width / scale), math.ceil(height / scale))


def scale_factors(width: int, height: int, tile: int = TILE_SIZE) -> tuple[int, ...]:
    """Powers of two from 1 up to the first at which the whole image fits in one tile."""
    if width < 1 or height < 1 or tile < 1:
        raise ValueError(f"no tiles for a {width}×{height} image with {tile} px tiles")
    out = [1]
    while max(level_size(width, height, out[-1])) > tile:
        out.append(out[-1] * 2)
    return tuple(out)


def level_tiles(width: int, height: int, scale: int, tile: int = TILE_SIZE) -> Iterator[Tile]:
    """The tiles of one scale factor, row by row."""
    step = tile * scale
    for y in range(0, height, step):
        for x in range(0, width, step):
            w, h = min(step, width - x), min(step, height - y)
            yield Tile(scale, x, y, w, h, math.ceil(w / scale), math.ceil(h / scale),
                       x == 0 and y == 0 and w == width and h == height)


def all_tiles(width: int, height: int, tile: int = TILE_SIZE) -> list[Tile]:
    """Every tile of every scale factor, full resolution first."""
    return [t for s in scale_factors(width, height, tile)
            for t in level_tiles(width, height, s, tile)]


def sizes(width: int, height: int, tile: int = TILE_SIZE) -> list[dict[str, int]]:
    """The whole-image sizes that exist as files (``full/w,h``): the smallest level's."""
    top = scale_factors(width, height, tile)[-1]
    w, h = level_size(width, height, top)
    return [{"width": w, "height": h}]


def zoomable(width: int, height: int, largest: int, zoom: bool | int) -> bool:
    """Whether an image gets tiles: wider than its largest derivative, and, when ``zoom`` is a
    number rather than ``true``, longer than that many pixels on its longer side."""
    if zoom is False or zoom is None or width <= largest:
        return False
    return zoom is True or max(width, height) > int(zoom)
