"""The one task function every runner calls: a derivative or tile job, wherever its files are.

A job's source and outputs are local paths (the local cache, or a shared folder every worker
mounts) or URLs of object storage. With URLs, the worker reads the source into a temporary
folder, runs the job there and puts each finished file whole (a pyramid as one archive); a put
that fails raises, so Dask retries the task. The result carries only names and sizes.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

from korme.images.render import Job, JobResult, prepare_worker, run
from korme.images.shared import pack
from korme.images.store import write_atomic
from korme.images.tilework import TileJob, run_tiles


def run_job(job: Job | TileJob) -> JobResult:
    """Run one job (see the module docstring); problems are messages in the result."""
    prepare_worker()
    if not _has_url(job):
        result = _run(job)
        if result.errors:
            return result
        _leave_placeholder(job, result)
        return replace(result, files=_sizes(job))
    with tempfile.TemporaryDirectory(prefix="korme-job-") as tmp:
        local, puts = _localised(job, Path(tmp))
        result = _run(local)
        if result.errors:
            return result
        files = []
        for path, url in puts:
            if isinstance(job, TileJob):
                archive = path.with_suffix(".tar")
                pack(path, archive)
                path = archive
            _filesystem(url).put_file(str(path), url)
            files.append((PurePosixPath(url).name, path.stat().st_size))
        _leave_placeholder(job, result)
        return replace(result, files=tuple(files))


def _leave_placeholder(job: Job | TileJob, result: JobResult) -> None:
    """Write the placeholder colour where the job says, after every derivative is written."""
    if isinstance(job, TileJob) or not job.placeholder_path or not result.placeholder:
        return
    data = result.placeholder.encode("ascii")
    if "://" in job.placeholder_path:
        _filesystem(job.placeholder_path).pipe_file(job.placeholder_path, data)
    else:
        write_atomic(Path(job.placeholder_path), data)


def _run(job: Job | TileJob) -> JobResult:
    return run_tiles(job) if isinstance(job, TileJob) else run(job)


def _has_url(job: Job | TileJob) -> bool:
    places = [job.source, job.folder] if isinstance(job, TileJob) else \
        [job.source, *(o.path for o in job.outputs)]
    return any("://" in p for p in places)


def _localised(job: Job | TileJob, tmp: Path) -> tuple[Job | TileJob, list[tuple[Path, str]]]:
    """The job with its URLs replaced by paths in ``tmp`` (the source read there), and the
    (local file, URL) pairs to put once it has run."""
    source = job.source
    if "://" in source:
        source = str(tmp / ("source" + PurePosixPath(source).suffix))
        _filesystem(job.source).get_file(job.source, source)
    if isinstance(job, TileJob):
        if "://" not in job.folder:
            return replace(job, source=source), []
        folder = tmp / "pyramid"
        return replace(job, source=source, folder=str(folder)), [(folder, job.folder)]
    outputs, puts = [], []
    for i, out in enumerate(job.outputs):
        if "://" in out.path:
            local = tmp / f"{i}{PurePosixPath(out.path).suffix}"
            outputs.append(replace(out, path=str(local)))
            puts.append((local, out.path))
        else:
            outputs.append(out)
    return replace(job, source=source, outputs=tuple(outputs)), puts


def _sizes(job: Job | TileJob) -> tuple[tuple[str, int], ...]:
    """Names and sizes of what a job wrote to local paths."""
    if isinstance(job, TileJob):
        folder = Path(job.folder)
        return ((folder.name, sum(p.stat().st_size for p in folder.rglob("*.jpg"))),)
    return tuple((Path(o.path).name, os.stat(o.path).st_size) for o in job.outputs)


def _filesystem(url: str):
    """The fsspec file system of a URL (fsspec keeps one instance per process and options)."""
    import fsspec

    return fsspec.core.url_to_fs(url)[0]
