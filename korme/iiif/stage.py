"""The deep-zoom stage of a build: which images get tiles, cutting them, publishing them.

Runs after the image stage. The parent decides from the image plan alone (sizes are known from
headers) and only checks which pyramids the cache already holds; the pixel work is done by
:func:`korme.images.tilework.run_tiles` where the image stage's jobs run (its local pool or its
cluster, with its shared cache). Pyramids are cached by the content hash of their source and
everything that shapes their bytes (the tiler and its version, never Kórme's release number),
under ``<cache>/tiles/<key>/``, and hard-linked into the output like the other derivatives.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from korme.errors import Diagnostic, Position, Severity
from korme.images.engines import EngineError, tile_engine, tiler_choice
from korme.images.make import run_jobs
from korme.images.model import ImagePlan, PlannedImage
from korme.images.placement import placement, setup_problem
from korme.images.pool import ClusterError
from korme.images.progress import ProgressCallback
from korme.images.settings import ImageSettings
from korme.images.tiles import TILE_SIZE, zoomable
from korme.images.tilework import TileJob
from korme.l10n import _
from korme.model import Site
from korme.outputs import Output, tree_output

TILE_REVISION = 1
"""Bump when the tiles' pixels or encoding change; part of every pyramid's cache key."""


def image_base(exhibition: str, item: str, number: int) -> str:
    """The site path of an image's IIIF base (tiles and ``info.json`` lie below it)."""
    return f"iiif/images/{exhibition}/{item}/{number}"


def manifest_path(exhibition: str, item: str) -> str:
    return f"iiif/{exhibition}/{item}/manifest.json"


def collection_path(exhibition: str) -> str:
    return f"iiif/{exhibition}/collection.json"


def zoom_setting(site: Site) -> bool | int:
    """site.yaml ``images.zoom`` (default ``true``)."""
    zoom = site.config.images.zoom
    return True if zoom is None else zoom


def is_tiled(image: PlannedImage | None, zoom: bool | int) -> bool:
    """Whether a planned image gets a tile pyramid."""
    return image is not None and bool(image.derivatives) and \
        zoomable(image.width, image.height, image.largest.width, zoom)


@dataclass(frozen=True)
class ZoomImage:
    """One item image with a pyramid: where it is published and which cache folder holds it."""

    exhibition: str
    item: str
    number: int
    rel: str
    width: int
    height: int
    key: str
    engine: str = ""  # engines.tile_engine(): what cuts it

    @property
    def base(self) -> str:
        return image_base(self.exhibition, self.item, self.number)


@dataclass(frozen=True)
class ZoomResult:
    """The stage's result: the published pyramids, problems, and how many were cut now."""

    images: tuple[ZoomImage, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    made: int = 0


def tiles_dir(cache_dir: Path) -> Path:
    return cache_dir / "tiles"


def pyramid_key(image: PlannedImage, settings: ImageSettings, engine: str) -> str:
    """Everything that makes a pyramid's bytes: the source, the tile code's revision, the
    settings, and the engine with its version (never Kórme's release number)."""
    data = [engine, TILE_REVISION, image.digest, TILE_SIZE, settings.quality_for("jpeg"),
            settings.background if image.alpha else None]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:24]


def zoom_images(site: Site, plan: ImagePlan, settings: ImageSettings) -> list[ZoomImage]:
    """Every item image that gets tiles, in site order (``EngineError``: KORME_TILER is bad)."""
    zoom = zoom_setting(site)
    choice = tiler_choice()
    out = []
    for ex in site.exhibitions:
        for item in ex.items:
            for img in item.images:
                planned = plan.images.get(img.rel)
                if planned is not None and is_tiled(planned, zoom):
                    engine = tile_engine(planned.format, choice)
                    out.append(ZoomImage(ex.slug, item.id, img.number, img.rel, planned.width,
                                         planned.height, pyramid_key(planned, settings, engine),
                                         engine))
    return out


def make_tiles(site: Site, plan: ImagePlan, settings: ImageSettings, cache_dir: Path,
               workers: int | None = None, progress: ProgressCallback | None = None
               ) -> ZoomResult:
    """Cut every pyramid missing from the cache; report sources that could not be tiled."""
    try:
        images = zoom_images(site, plan, settings)
    except EngineError as e:
        return ZoomResult(diagnostics=(Diagnostic(Position("site.yaml"), e.message),))
    folder = tiles_dir(cache_dir)
    diagnostics: list[Diagnostic] = []
    try:
        if images:
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return ZoomResult(diagnostics=(Diagnostic(
            Position(".korme-cache"), _("cannot write the tile cache: {error}",
                                        error=e.strerror or str(e))),))
    try:
        shared = placement(settings, cache_dir) if images else None
        if shared is not None:
            shared.fetch_pyramids(folder / z.key for z in images)
        jobs = _jobs(images, plan, settings, folder)
        digests = {str(i.source): i.digest for i in plan.images.values()}
        results = run_jobs(list(jobs.values()), settings, workers, progress, shared, digests)
        if shared is not None:
            shared.collect(results, "tiles", folder)
    except (ClusterError, OSError) as e:
        return ZoomResult(diagnostics=(setup_problem(e, settings),))
    for result in results:
        for z in images:
            if z.key != result.digest:
                continue
            for use in plan.images[z.rel].uses[:1]:
                diagnostics += [Diagnostic(use.where, _("{context}: {image}: {message}",
                                                        context=use.context, image=z.rel,
                                                        message=m))
                                for m in result.errors]
    if site.config.base_url is None and any(it.images for ex in site.exhibitions
                                             for it in ex.items):
        diagnostics.append(Diagnostic(
            Position("site.yaml"), _("base_url is not set: IIIF manifests and info.json are "
                                     "not written (they need absolute addresses); zoom tiles "
                                     "and the viewer work without it"),
            Severity.WARNING, kind="iiif"))
    return ZoomResult(tuple(images), tuple(diagnostics), len(jobs))


def _jobs(images: list[ZoomImage], plan: ImagePlan, settings: ImageSettings,
          folder: Path) -> dict[str, TileJob]:
    """One job per pyramid missing from the cache."""
    jobs: dict[str, TileJob] = {}
    for z in images:
        target = folder / z.key
        if z.key not in jobs and not target.is_dir():
            planned = plan.images[z.rel]
            jobs[z.key] = TileJob(str(planned.source), z.key, str(target), TILE_SIZE,
                                  settings.quality_for("jpeg"), settings.background,
                                  settings.max_pixels, z.engine)
    return jobs


def tile_outputs(zoom: ZoomResult, cache_dir: Path) -> dict[str, Output]:
    """Each pyramid as one folder output: its cache folder (laid out as the IIIF paths below
    the image's base) published at the image's base, replaced whole when it changes."""
    outputs: dict[str, Output] = {}
    for z in zoom.images:
        source = tiles_dir(cache_dir) / z.key
        if source.is_dir():  # else its source failed: reported by make_tiles
            outputs[z.base] = tree_output(source, f"tiles:{z.key}")
    return outputs


def prune_tiles(zoom: ZoomResult, cache_dir: Path) -> int:
    """Remove cached pyramids this build did not use (after a successful build only)."""
    folder = tiles_dir(cache_dir)
    if not folder.is_dir():
        return 0
    wanted = {z.key for z in zoom.images}
    removed = 0
    for path in folder.iterdir():
        if path.name not in wanted:
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed
