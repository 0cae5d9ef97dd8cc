"""The image stage on a Dask distributed cluster (``--cluster ADDRESS``, ``images.cluster``).

Dask does the distributing: the scheduler hands tasks to workers, re-runs the tasks of a worker
that is lost (up to its ``allowed-failures``) and retries a task whose files could not be put
(:data:`RETRIES`). Tasks are the same jobs the local pool runs, pickled small: paths or URLs of
sources and of a shared cache, never pixels; each result is a few names and sizes. Workers need
Kórme installed with the ``dask`` extra (``pip install 'korme[dask]'``); one thread per worker
process (``dask worker ADDRESS --nthreads 1``), as each task already keeps a core busy.

Cancelling the build (Ctrl-C) cancels the tasks not yet run; those running finish and write
their files whole, so the cache stays consistent and the next build reuses them.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from korme.images.pool import ClusterError, Worker, source_size
from korme.images.progress import ProgressCallback, StderrProgress, Tracker
from korme.images.render import JobResult
from korme.l10n import _

RETRIES = 2  # a task whose put failed (a storage hiccup) runs again this many times
CONNECT_SECONDS = 20
WORKERS_EVERY = 1.0  # seconds between asking the scheduler how many workers are alive


@contextlib.contextmanager
def connect(address: str) -> Iterator[DaskRunner]:
    """A runner on the cluster whose scheduler is at ``address`` (``tcp://host:8786``)."""
    try:
        from distributed import Client
    except ImportError as e:
        raise ClusterError(_("--cluster (images.cluster) needs Dask: "
                             "pip install 'korme[dask]'")) from e
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as e:
        raise ClusterError(_("cannot reach the Dask scheduler at {address}: {error}",
                             address=address, error=str(e) or type(e).__name__)) from e
    try:
        yield DaskRunner(client)
    finally:
        client.close()


class DaskRunner:
    """Runs jobs as Dask tasks and reports tasks done and workers alive."""

    def __init__(self, client: Any):
        self.client = client
        self._alive = (0.0, 0)  # (when asked, workers)

    def run(self, jobs: list, worker: Worker,
            progress: ProgressCallback | None = None) -> list[JobResult]:
        """Run the jobs, largest source first; a task that failed becomes a message."""
        if not jobs:
            return []
        from dask.base import tokenize
        from distributed import as_completed

        jobs = sorted(jobs, key=source_size, reverse=True)
        keys = [f"korme-{worker.__name__}-{tokenize(job)}" for job in jobs]
        by_key = dict(zip(keys, jobs, strict=True))
        futures = self.client.map(worker, jobs, key=keys, retries=RETRIES)
        tracker = Tracker(len(jobs), progress or StderrProgress(), self.alive(fresh=True))
        results: list[JobResult] = []
        try:
            for future in as_completed(futures, loop=self.client.loop):
                results.append(_result(future, by_key[future.key]))
                tracker.step(workers=self.alive())
        except BaseException:
            self.client.cancel(futures)  # running tasks finish; their files are written whole
            raise
        return results

    def alive(self, fresh: bool = False) -> int:
        """How many workers the scheduler knows (asked at most once a second)."""
        asked, count = self._alive
        now = time.monotonic()
        if fresh or now - asked >= WORKERS_EVERY:
            with contextlib.suppress(Exception):  # a slow answer must not stop the build
                count = int(self.client.scheduler_info(n_workers=0).get("n_workers", count))
            self._alive = (now, count)
        return count


def _result(future: Any, job: Any) -> JobResult:
    """The task's result, or a message when its workers kept dying or it failed."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return JobResult(job.digest, errors=(_(
            "the Dask workers processing it stopped again and again (out of memory?)"),),
            decoded=True)
    except Exception as e:  # a put that kept failing, or the cluster went away
        return JobResult(job.digest, errors=(_(
            "the Dask task failed: {error}", error=f"{type(e).__name__}: {e}"),))
