"""Deep-zoom tiles with libvips: the source made upright 8-bit sRGB, then libvips's ``dzsave``.

``dzsave`` with the IIIF 3 layout, 512 px tiles, no overlap and one tile at the top cuts the
same tiles, with the same names and sizes, as :func:`korme.images.tiles.all_tiles` describes
(checked after every pyramid; the one difference, ``full/w,h`` for an image that fits in one
tile, is renamed to the canonical ``full/max``). It streams the source through the pyramid, so
a worker never holds a whole decoded page when the source needs no rotation. The JPEG settings
are the Pillow tiler's: the site's quality, optimised Huffman tables, 4:2:0, no metadata.

The source was already checked with Pillow (its format, and its size against
``images.max_pixels``); it is read by that format's own libvips loader only.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

from korme.images import pixels
from korme.images.engines import VIPS_LOADERS
from korme.images.source import Header
from korme.images.tiles import all_tiles


class VipsTileError(Exception):
    """libvips could not make the pyramid; the message says why."""


@functools.cache
def prepare() -> None:
    """Once per worker process: one libvips thread (the pool uses every core), no operation
    cache holding images between jobs, and no loaders libvips does not trust."""
    import pyvips

    pyvips.concurrency_set(1)
    pyvips.cache_set_max(0)
    pyvips.block_untrusted_set(True)


def cut(source: str, header: Header, tmp: Path, tile: int, quality: int,
        background: str) -> None:
    """Write a source's pyramid below ``tmp`` (which must not exist)."""
    import pyvips

    prepare()
    work = tmp.with_name(f"{tmp.name}.vips")  # dzsave also writes vips-properties.xml beside
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        image = _upright_srgb(source, header, background)
        width, height = image.width, image.height
        suffix = f".jpg[Q={quality},optimize_coding=true,subsample_mode=on,keep=none]"
        image.dzsave(str(work / "pyramid"), layout="iiif3", tile_size=tile, overlap=0,
                     depth="onetile", suffix=suffix, keep="none")
        os.replace(work / "pyramid", tmp)
    except pyvips.Error as e:
        raise VipsTileError(_last_line(e)) from e
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (tmp / "info.json").unlink(missing_ok=True)  # Kórme writes its own, with the real address
    _canonical_full(tmp, width, height, tile)
    expected = {t.path for t in all_tiles(width, height, tile)}
    found = set()
    for path in tmp.rglob("*.jpg"):
        path.chmod(0o644)  # published as they are: world-readable whatever the umask
        found.add(path.relative_to(tmp).as_posix())
    if found != expected:
        raise VipsTileError(f"libvips cut {len(found)} tiles, {len(expected)} were expected")


def _upright_srgb(source: str, header: Header, background: str):
    """The source as libvips reads it, upright, in 8-bit sRGB (or grey), flattened for JPEG."""
    import pyvips

    loader = getattr(pyvips.Image, VIPS_LOADERS[header.format])
    access = "sequential" if header.orientation == 1 else "random"  # rotating needs it all
    image = loader(source, access=access, fail_on="error")
    image = image.autorot()
    grey = image.bands in (1, 2)
    icc = image.get("icc-profile-data") if image.get_typeof("icc-profile-data") else None
    if (icc and not pixels.is_srgb(icc)) or image.interpretation == "cmyk":
        image = image.icc_transform("srgb", embedded=True, intent="relative",
                                    black_point_compensation=True)
    target = "b-w" if grey else "srgb"
    if image.interpretation != target:
        image = image.colourspace(target)
    if image.hasalpha():
        rgb = [int(background[i:i + 2], 16) for i in (1, 3, 5)]
        image = image.flatten(background=[round(sum(rgb) / 3)] if grey else rgb)
    if image.format != "uchar":
        image = image.cast("uchar")
    return image


def _canonical_full(tmp: Path, width: int, height: int, tile: int) -> None:
    """An image within one tile: libvips names it ``full/w,h``, the Image API ``full/max``."""
    if max(width, height) > tile:
        return
    named = tmp / "full" / f"{width},{height}"
    if named.is_dir():
        shutil.move(named, tmp / "full" / "max")


def _last_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[-1] if text else type(e).__name__
