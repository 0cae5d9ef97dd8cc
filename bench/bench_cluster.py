"""Benchmark: the image stage on a Dask LocalCluster against the local process pool.

    python -m bench.bench_cluster [--images 20] [--rounds 3] [--workers 2]

The image stage as a build runs it (plan, derivatives, deep-zoom tiles) on seeded scan-like
12 MP JPEGs (``corpus.py``), cold (an empty cache each run), with default settings: once in the
local pool of ``--workers`` processes, once through a ``distributed.LocalCluster`` of as many
single-threaded worker processes on loopback (started once, before the rounds, as a cluster
outlives builds; connecting to it is timed). Each run is a fresh process, as a build is (so the
pool starts as it does in ``korme build``), timing the stage inside it. Rounds alternate which
goes first, after waiting for the shared machine to be quiet; the two caches are compared byte
for byte. Besides wall time, each run's processor time is counted everywhere it is spent (the
run's process and its pool, the cluster's workers, and the scheduler, which runs in this
process): on a machine shared with other work it moves far less than wall time. Prints each
round's figures and cluster/pool ratios, then their medians and spreads.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_images import wait_for_quiet
from bench.corpus import make_corpus
from korme.errors import Position
from korme.iiif.stage import TILE_SIZE, is_tiled, pyramid_key
from korme.images import ImageRequest, ImageSettings, ImageUse, make_images, plan_images
from korme.images.engines import tile_engine
from korme.images.make import run_jobs
from korme.images.tilework import TileJob

CORPUS = Path(tempfile.gettempdir()) / "korme-bench-corpus"


def quiet(*_: object) -> None:
    """Progress that prints nothing."""


def image_stage(sources: list[Path], settings: ImageSettings, cache: Path) -> float:
    """Plan, make every derivative, cut every pyramid, as the build does; the wall seconds."""
    requests = [ImageRequest(s, s.name, (ImageUse(Position("items.yaml", i + 1), f"item {i}"),))
                for i, s in enumerate(sources)]
    start = time.perf_counter()
    plan = plan_images(requests, settings, cache)
    made = make_images(plan, settings, cache, progress=quiet)
    assert not plan.diagnostics and not made.diagnostics, made.diagnostics
    jobs = []
    for image in plan.images.values():
        if is_tiled(image, True):
            engine = tile_engine(image.format)
            key = pyramid_key(image, settings, engine)
            jobs.append(TileJob(str(image.source), key, str(cache / "tiles" / key), TILE_SIZE,
                                settings.quality_for("jpeg"), settings.background,
                                settings.max_pixels, engine))
    (cache / "tiles").mkdir(parents=True, exist_ok=True)
    digests = {str(i.source): i.digest for i in plan.images.values()}
    results = run_jobs(jobs, settings, None, quiet, None, digests)
    assert len(results) == len(sources) and not any(r.errors for r in results)
    return time.perf_counter() - start


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.parent.name != "images":  # the small indexes hold mtimes
            h.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(sources: int, workers: int, cache: Path, client) -> tuple[float, float]:
    """One image stage in a fresh process: its wall seconds, and the processor seconds spent
    on it in that process and its pool, and with a cluster by its workers and scheduler."""
    command = [sys.executable, "-m", "bench.bench_cluster", "--run", str(cache),
               "--images", str(sources), "--workers", str(workers)]
    if client is not None:
        command += ["--cluster", client.scheduler.address]
    before = (cpu(resource.RUSAGE_CHILDREN), cpu(),
              sum(client.run(cpu).values()) if client else 0.0)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    after = (cpu(resource.RUSAGE_CHILDREN), cpu(),
             sum(client.run(cpu).values()) if client else 0.0)
    spent = sum(b - a for a, b in zip(before, after, strict=True))
    return float(done.stdout.split()[-1]), spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # one run, into this cache
    parser.add_argument("--cluster", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sources = make_corpus(CORPUS, args.images)
    if args.run:
        settings = ImageSettings(workers=args.workers, cluster=args.cluster)
        print(image_stage(sources, settings, args.run))
        return
    from distributed import Client, LocalCluster  # not in --run: it starts a thread, and a
    # process with threads starts its pool from a forkserver (slower), as korme build never does

    work = Path(tempfile.mkdtemp(prefix="korme-bench-cluster-"))
    print(f"{len(sources)} scan-like 12 MP JPEGs; derivatives {ImageSettings().widths} × "
          f"{ImageSettings().formats} and 512 px tiles ({tile_engine('JPEG')}); "
          f"{args.workers} workers")
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0", host="127.0.0.1") as cluster, \
            Client(cluster.scheduler_address, set_as_default=False) as client:
        clients = {"pool": None, "cluster": client}
        for name in clients:  # warm-up: the workers import Kórme once
            timed(2, args.workers, work / f"warm-{name}", clients[name])
        wall: dict[str, list[float]] = {"pool": [], "cluster": []}
        procs: dict[str, list[float]] = {"pool": [], "cluster": []}
        try:
            for r in range(args.rounds):
                order = ("pool", "cluster") if r % 2 == 0 else ("cluster", "pool")
                for name in order:
                    if (busy := wait_for_quiet()) >= 0.1:
                        print(f"  (machine still {busy:.0%} busy with other work)")
                    shutil.rmtree(work / name, ignore_errors=True)
                    seconds, spent = timed(args.images, args.workers, work / name,
                                           clients[name])
                    wall[name].append(seconds)
                    procs[name].append(spent)
                same = tree_digest(work / "pool") == tree_digest(work / "cluster")
                print(f"round {r + 1} ({' then '.join(order)}): wall pool "
                      f"{wall['pool'][-1]:.2f} s, cluster {wall['cluster'][-1]:.2f} s "
                      f"({wall['cluster'][-1] / wall['pool'][-1]:.3f}); processor pool "
                      f"{procs['pool'][-1]:.2f} s, cluster {procs['cluster'][-1]:.2f} s "
                      f"({procs['cluster'][-1] / procs['pool'][-1]:.3f}); caches "
                      f"{'identical' if same else 'DIFFER'}", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    for label, figures in (("wall", wall), ("processor", procs)):
        ratios = [c / p for c, p in zip(figures["cluster"], figures["pool"], strict=True)]
        print(f"{label}: median pool {statistics.median(figures['pool']):.2f} s, cluster "
              f"{statistics.median(figures['cluster']):.2f} s; cluster/pool per round "
              f"{', '.join(f'{x:.3f}' for x in ratios)}; median "
              f"{statistics.median(ratios):.3f}, spread {min(ratios):.3f}-{max(ratios):.3f}")


if __name__ == "__main__":
    main()
