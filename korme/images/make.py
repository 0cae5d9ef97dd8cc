"""Making derivatives in a process pool or on a cluster, publishing them, pruning the cache.

The parent only checks which cache files exist and hands one small job per source image to the
runner (:mod:`korme.images.pool`); all pixel work happens in the workers. A warm build with
nothing changed starts no pool and connects to no cluster.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from korme.errors import Diagnostic
from korme.images import store
from korme.images.engines import pillow_engine
from korme.images.model import ImagePlan, ImageResults, PlannedImage
from korme.images.placement import Placement, placement, setup_problem
from korme.images.pool import ClusterError, open_runner, source_size
from korme.images.progress import ProgressCallback
from korme.images.render import Job, JobResult, Output
from korme.images.settings import ImageSettings
from korme.images.tasks import run_job
from korme.l10n import _


def make_images(
    plan: ImagePlan,
    settings: ImageSettings,
    cache_dir: Path,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> ImageResults:
    """Make every planned derivative missing from the cache; return placeholders and problems.

    The jobs run in a local pool of ``workers`` processes (else ``settings.workers``; 0: one
    per core) or, with ``settings.cluster``, on that Dask cluster; with ``settings.cache`` the
    workers write into that shared cache and the derivatives are copied from it into this one.
    """
    index_path = store.placeholders_index(cache_dir)
    placeholders = store.load_index(index_path)
    known = dict(placeholders)
    groups = _by_digest(plan.images.values())
    keys = {digest: _placeholder_key(images[0], settings) for digest, images in groups.items()}
    placeholders.update(store.read_colours(store.placeholders_dir(cache_dir),
                                           set(keys.values()) - set(placeholders)))
    try:
        shared = placement(settings, cache_dir)
        if shared is not None:  # what other builds made: taken, not made again
            shared.fetch_media(_planned_files(plan, cache_dir))
            placeholders.update(shared.fetch_placeholders(set(keys.values()) - set(placeholders)))
        jobs = [
            job
            for digest, images in groups.items()
            if (job := _job(images[0], settings, cache_dir, placeholders)) is not None
        ]
        results = run_jobs(jobs, settings, workers, progress, shared, _digests(plan))
        made = {keys[r.digest]: r.placeholder for r in results if r.placeholder}
        if shared is not None:
            shared.collect(results, "media", store.media_dir(cache_dir))
    except (ClusterError, OSError) as e:
        return ImageResults(diagnostics=(setup_problem(e, settings),))

    placeholders.update(made)
    diagnostics: list[Diagnostic] = []
    for result in results:
        for image in groups[result.digest]:
            for use in image.uses:
                diagnostics += [
                    Diagnostic(use.where, _("{context}: {image}: {message}", context=use.context,
                                            image=image.rel, message=message))
                    for message in result.errors
                ]
    if placeholders != known:
        with contextlib.suppress(OSError):  # only saves decoding next time
            store.save_index(index_path, placeholders)
    colours = {
        image.rel: colour
        for image in plan.images.values()
        if (colour := placeholders.get(_placeholder_key(image, settings)))
    }
    return ImageResults(
        placeholders=colours,
        diagnostics=tuple(diagnostics),
        decoded=sum(r.decoded for r in results),
        peak_worker_kb=max((r.peak_rss_kb for r in results), default=0),
        cpu_seconds=sum(r.cpu_seconds for r in results),
    )


def publish_media(plan: ImagePlan, cache_dir: Path, staging_dir: Path) -> int:
    """Hard-link (or copy) every planned derivative into ``staging_dir``; return how many.

    Only planned derivatives are published, so ones no longer referenced never reach the
    output. Derivatives missing from the cache (their image failed; see ``make_images``'s
    diagnostics) are skipped.
    """
    count = 0
    for image in plan.images.values():
        for d in image.derivatives:
            source = store.cached_path(cache_dir, d)
            target = staging_dir / d.path
            if target.exists() or not source.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            count += 1
    return count


def prune_cache(plan: ImagePlan, cache_dir: Path) -> int:
    """Remove cached derivatives, digests and placeholders the plan no longer uses.

    Returns the number of files removed. Call it after a successful build only.
    """
    planned = [d for image in plan.images.values() for d in image.derivatives]
    wanted = {store.cached_path(cache_dir, d).name for d in planned}
    removed = 0
    media = store.media_dir(cache_dir)
    if media.is_dir():
        for path in media.iterdir():
            if path.is_file() and path.name not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
    sources = {str(i.source) for i in plan.images.values()}
    _prune_index(store.sources_index(cache_dir), lambda key: key in sources)
    digests = {i.digest for i in plan.images.values()}
    _prune_index(store.placeholders_index(cache_dir), lambda key: key.split(":")[0] in digests)
    colours = store.placeholders_dir(cache_dir)
    if colours.is_dir():
        for path in colours.iterdir():
            if path.name.split("-")[0] not in digests:
                path.unlink(missing_ok=True)
    return removed


def _prune_index(path: Path, keep) -> None:
    entries = store.load_index(path)
    kept = {k: v for k, v in entries.items() if keep(k)}
    if kept != entries:
        store.save_index(path, kept)


def _by_digest(images: Iterable[PlannedImage]) -> dict[str, list[PlannedImage]]:
    """Images grouped by content: identical files are decoded once."""
    groups: dict[str, list[PlannedImage]] = {}
    for image in images:
        groups.setdefault(image.digest, []).append(image)
    return groups


def run_jobs(jobs: list, settings: ImageSettings, workers: int | None,
             progress: ProgressCallback | None, shared: Placement | None,
             digests: dict[str, str]) -> list[JobResult]:
    """Run derivative or tile jobs where the settings say (a local pool, or the cluster, which
    is connected to only when there is work), largest source first."""
    if not jobs:
        return []
    jobs = sorted(jobs, key=source_size, reverse=True)
    if shared is not None:
        jobs = shared.place(jobs, digests)
    with open_runner(settings, workers) as runner:
        return runner.run(jobs, run_job, progress)


def _digests(plan: ImagePlan) -> dict[str, str]:
    """Each planned source path's content digest."""
    return {str(i.source): i.digest for i in plan.images.values()}


def _planned_files(plan: ImagePlan, cache_dir: Path) -> list[Path]:
    """The cache paths of every planned derivative."""
    return [store.cached_path(cache_dir, d) for i in plan.images.values() for d in i.derivatives]


def _placeholder_key(image: PlannedImage, settings: ImageSettings) -> str:
    """A placeholder depends on the pixels, and on the background only for alpha sources
    (``-bg``: a transparent image's is the background since 2026-12-07; older ones were its
    own colour, so they are made again)."""
    return f"{image.digest}:{settings.background}-bg" if image.alpha else image.digest


def _job(
    image: PlannedImage, settings: ImageSettings, cache_dir: Path, placeholders: dict
) -> Job | None:
    """The job for one source, or ``None`` when every output and the placeholder are cached."""
    missing = [d for d in image.derivatives if not store.cached_path(cache_dir, d).exists()]
    if not missing:
        if _placeholder_key(image, settings) in placeholders:
            return None
        smallest = image.derivatives[0].width
        missing = [d for d in image.derivatives if d.width == smallest]
    outputs = tuple(
        Output(
            d.width,
            d.height,
            d.format,
            settings.quality_for(d.format),
            str(store.cached_path(cache_dir, d)),
        )
        for d in missing
    )
    return Job(
        source=str(image.source),
        digest=image.digest,
        outputs=outputs,
        background=settings.background,
        keep_copyright=settings.keep_copyright,
        max_pixels=settings.max_pixels,
        engines=tuple(sorted({pillow_engine(d.format) for d in missing})),
        placeholder_path=str(store.placeholders_dir(cache_dir)
                             / store.placeholder_name(_placeholder_key(image, settings))),
        chain=tuple(sorted({(d.width, d.height) for d in image.derivatives}, reverse=True)),
    )
