"""Where the image stage's jobs run: the local process pool (the default) or a Dask cluster.

A runner takes a list of jobs (small frozen dataclasses of plain values) and a module-level
worker function returning a :class:`~korme.images.render.JobResult`, and returns one result per
job; a job whose worker died or failed gets a result with a message, never an exception. The
local pool needs nothing beyond the standard library; the cluster (:mod:`korme.images.cluster`)
needs the ``dask`` extra and is imported only when asked for.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from korme.images.progress import ProgressCallback, StderrProgress, Tracker
from korme.images.render import JobResult, prepare_worker
from korme.images.settings import ImageSettings
from korme.l10n import Text

Worker = Callable[[Any], JobResult]


class ClusterError(Exception):
    """The cluster or the shared cache cannot be used; ``message`` says why, for curators."""

    def __init__(self, message: Text):
        super().__init__(str(message))
        self.message = message


class Runner(Protocol):
    """Runs jobs somewhere and returns their results (in any order)."""

    def run(self, jobs: list, worker: Worker,
            progress: ProgressCallback | None = None) -> list[JobResult]: ...


class LocalPool:
    """A process pool on this machine, one worker per core unless told otherwise."""

    def __init__(self, wanted: int = 0):
        self.wanted = wanted  # 0: one per available core

    def run(self, jobs: list, worker: Worker,
            progress: ProgressCallback | None = None) -> list[JobResult]:
        """Run the jobs, largest source first; a dead worker fails its jobs only."""
        if not jobs:
            return []
        jobs = sorted(jobs, key=source_size, reverse=True)
        tracker = Tracker(len(jobs), progress or StderrProgress())
        results: list[JobResult] = []
        with ProcessPoolExecutor(pool_size(self.wanted, len(jobs)), start_method(),
                                 initializer=prepare_worker) as pool:
            futures: dict[Future, Any] = {pool.submit(worker, job): job for job in jobs}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    results.append(future.result())
                except BrokenProcessPool:
                    message = "the image worker stopped (out of memory?) while processing it"
                    results.append(JobResult(job.digest, errors=(message,), decoded=True))
                except Exception as e:  # the pool itself failed (workers never raise)
                    message = f"the image worker failed: {type(e).__name__}: {e}"
                    results.append(JobResult(job.digest, errors=(message,)))
                tracker.step()
        return results


@contextlib.contextmanager
def open_runner(settings: ImageSettings, workers: int | None = None) -> Iterator[Runner]:
    """The runner the settings ask for: the cluster at ``settings.cluster``, else a local pool
    of ``workers`` (else ``settings.workers``) processes. Raises ``ClusterError`` when the
    cluster cannot be used."""
    if not settings.cluster:
        yield LocalPool(settings.workers if workers is None else workers)
        return
    from korme.images.cluster import connect

    with connect(settings.cluster) as runner:
        yield runner


def pool_size(wanted: int, jobs: int) -> int:
    """Workers to start: ``wanted``, where 0 means every available core, never more than jobs."""
    if wanted <= 0:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return max(1, min(wanted, jobs))


def start_method() -> multiprocessing.context.BaseContext:
    """fork while the parent has one thread (workers start at once, ~0.4 s sooner than from a
    forkserver); forkserver when threads run, as forking them is unsafe: Python's (``korme
    serve``) or a library's (libvips starts its thread pool at its first operation, and a child
    using it would wait for ever)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _one_thread():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _one_thread() -> bool:
    """Whether this process runs one thread, counting the threads libraries start."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: count Python's threads, and assume libvips has started some
        return threading.active_count() == 1 and "pyvips" not in sys.modules


def source_size(job: Any) -> int:
    """A job's source file size (0 for a URL or a missing file): large sources go first."""
    try:
        return os.stat(job.source).st_size
    except (OSError, ValueError):
        return 0
