"""Making derivatives in a process pool, publishing them, and pruning the cache.

The parent only checks which cache files exist and hands one small job per source image to the
pool; all pixel work happens in the workers. A warm build with nothing changed starts no pool.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from korme.errors import Diagnostic
from korme.images import store
from korme.images.model import ImagePlan, ImageResults, PlannedImage
from korme.images.progress import ProgressCallback, StderrProgress, Tracker
from korme.images.render import Job, JobResult, Output, prepare_worker, run
from korme.images.settings import ImageSettings


def make_images(
    plan: ImagePlan,
    settings: ImageSettings,
    cache_dir: Path,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> ImageResults:
    """Make every planned derivative missing from the cache; return placeholders and problems.

    ``workers`` overrides ``settings.workers`` (0: one per available core).
    """
    index_path = store.placeholders_index(cache_dir)
    placeholders = store.load_index(index_path)
    known = dict(placeholders)
    groups = _by_digest(plan.images.values())
    jobs = [
        job
        for digest, images in groups.items()
        if (job := _job(images[0], settings, cache_dir, placeholders)) is not None
    ]
    results = _run_all(jobs, _pool_size(workers, settings, len(jobs)), progress)

    diagnostics: list[Diagnostic] = []
    for result in results:
        if result.placeholder:
            placeholders[_placeholder_key(groups[result.digest][0], settings)] = result.placeholder
        for image in groups[result.digest]:
            for use in image.uses:
                diagnostics += [
                    Diagnostic(use.where, f"{use.context}: {image.rel}: {message}")
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


def _placeholder_key(image: PlannedImage, settings: ImageSettings) -> str:
    """A placeholder depends on the pixels, and on the background only for alpha sources."""
    return f"{image.digest}:{settings.background}" if image.alpha else image.digest


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
    )


def run_jobs(jobs: Sequence, worker: Callable, settings: ImageSettings, workers: int | None,
             progress: ProgressCallback | None = None) -> list[JobResult]:
    """Run other jobs of this stage (deep-zoom tiles) in the same kind of pool.

    A job has ``source`` and ``digest``; ``worker`` is a module-level function returning a
    :class:`JobResult`.
    """
    return _run_all(list(jobs), _pool_size(workers, settings, len(jobs)), progress, worker)


def _pool_size(workers: int | None, settings: ImageSettings, jobs: int) -> int:
    """Workers to start: the argument, else the setting, where 0 means every available core."""
    wanted = settings.workers if workers is None else workers
    if wanted <= 0:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return max(1, min(wanted, jobs))


def _run_all(jobs: list, size: int, progress: ProgressCallback | None,
             worker: Callable = run) -> list[JobResult]:
    """Run the jobs in a process pool, largest source first; a dead worker fails its jobs only."""
    if not jobs:
        return []
    jobs.sort(key=_source_size, reverse=True)
    tracker = Tracker(len(jobs), progress or StderrProgress())
    results: list[JobResult] = []
    with ProcessPoolExecutor(size, _start_method(), initializer=prepare_worker) as pool:
        futures: dict[Future, Job] = {pool.submit(worker, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                results.append(future.result())
            except BrokenProcessPool:
                message = "the image worker stopped (out of memory?) while processing it"
                results.append(JobResult(job.digest, errors=(message,), decoded=True))
            except Exception as e:  # the pool itself failed (run() never raises)
                message = f"the image worker failed: {type(e).__name__}: {e}"
                results.append(JobResult(job.digest, errors=(message,)))
            tracker.step()
    return results


def _start_method() -> multiprocessing.context.BaseContext:
    """fork while the parent has one thread (workers start at once, ~0.4 s sooner than from a
    forkserver); forkserver when threads run (``korme serve``), as forking them is unsafe."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _source_size(job) -> int:
    try:
        return os.stat(job.source).st_size
    except OSError:
        return 0
