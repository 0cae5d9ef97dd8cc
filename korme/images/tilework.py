"""The worker's side of deep zoom: cut one source into a level-0 tile pyramid.

Two engines, named in the job (see :mod:`korme.images.engines`): libvips's ``dzsave``
(:mod:`korme.images.vipstiles`), or Pillow here: one decode at full size (the only full-size
image the worker holds); each smaller level is the previous one halved (rounded up, as the tile
geometry expects), so the next level costs a quarter of the memory. Either way tiles go into a
temporary folder that is renamed into place when every tile is written, so the cache never
holds half a pyramid. Nothing here raises.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from korme.images import pixels, vipstiles
from korme.images.engines import EngineError, check_engine
from korme.images.render import JobResult, OutputError, _cmyk_fixed, _describe
from korme.images.source import (
    Header,
    SourceError,
    check_size,
    open_source,
    oriented_by_decoder,
    quiet_pillow,
    read_header,
)
from korme.images.tiles import level_tiles, scale_factors
from korme.images.vipstiles import VipsTileError
from korme.l10n import Text, _, message_of


@dataclass(frozen=True)
class TileJob:
    """Everything a worker needs to tile one source into ``folder``."""

    source: str
    digest: str
    folder: str  # the pyramid's cache folder (made complete or not at all)
    tile: int
    quality: int
    background: str
    max_pixels: int
    engine: str = ""  # engines.tile_engine(): the worker refuses a job planned for another


def run_tiles(job: TileJob) -> JobResult:
    """Make a job's pyramid; problems become messages (worker exceptions are tracebacks)."""
    start = time.process_time()
    try:
        with quiet_pillow():
            _make(job)
        errors: tuple[str | Text, ...] = ()
    except (SourceError, pixels.PixelError, OutputError) as e:
        errors = (message_of(e),)
    except EngineError as e:
        errors = (e.message,)
    except VipsTileError as e:
        errors = (_("cannot cut its zoom tiles: {error}", error=str(e)),)
    except Image.DecompressionBombError as e:
        errors = (_("too large for Pillow's decoder ({error})", error=str(e)),)
    except MemoryError:
        errors = (_("not enough memory to cut its zoom tiles"),)
    except Exception as e:  # a corrupt file can raise nearly anything inside a decoder
        errors = (_("cannot cut its zoom tiles: {error}", error=_describe(e)),)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return JobResult(job.digest, None, errors, True, time.process_time() - start, peak)


def checked_header(job: TileJob) -> Header:
    """The source's header, checked against the pixel limit before any decoding."""
    with open_source(Path(job.source)) as im:
        header = read_header(im)
    check_size(header, job.max_pixels)
    return header


def decode_upright(job: TileJob) -> Image.Image:
    """The whole source, upright, in 8-bit sRGB, flattened for JPEG (one full-size image)."""
    im = open_source(Path(job.source))
    try:
        header = read_header(im)
        check_size(header, job.max_pixels)
        icc = im.info.get("icc_profile")
        im.load()  # the one full-size decode; loading closes the file
        orientation = 1 if oriented_by_decoder(im, header.orientation) else header.orientation
        work = pixels.to_working(_cmyk_fixed(im))
    except BaseException:
        im.close()
        raise
    if work is not im:
        im.close()  # free the decode once converted
    del im
    work = pixels.orient(work, orientation)
    work = pixels.to_srgb(work, icc)
    return pixels.flatten(work, job.background)


def _make(job: TileJob) -> None:
    if job.engine:
        check_engine(job.engine)
    folder = Path(job.folder)
    tmp = folder.with_name(f".tmp-{folder.name}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        if job.engine.startswith("libvips"):
            tmp.parent.mkdir(parents=True, exist_ok=True)
            vipstiles.cut(job.source, checked_header(job), tmp, job.tile, job.quality,
                          job.background)
        else:
            _cut(job, tmp)
        try:
            os.replace(tmp, folder)
        except OSError:
            if not folder.is_dir():  # another build made it meanwhile: keep theirs
                raise
    except OSError as e:
        raise OutputError(_("cannot write its zoom tiles: {error}", error=e.strerror or str(e))
                          ) from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _cut(job: TileJob, tmp: Path) -> None:
    """Pillow: decode once, write each level's tiles, halve, until one tile is left."""
    level = decode_upright(job)
    width, height = level.size
    for scale in scale_factors(width, height, job.tile):
        if scale > 1:
            level = level.reduce(2)  # ceil(w / 2): the geometry's level size
        for t in level_tiles(width, height, scale, job.tile):
            _write(tmp / t.path, level.crop(t.box), job.quality)


def _write(path: Path, im: Image.Image, quality: int) -> None:
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=quality, optimize=True, subsampling="4:2:0")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    os.chmod(path, 0o644)
