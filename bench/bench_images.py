"""Benchmark of the image stage against a bare-Pillow floor, cold and warm, on scan-like JPEGs.

    python -m bench.bench_images [--images 12] [--rounds 3] [--workers 0] [--ssim-images 4]

Prints wall times (medians over alternating rounds), ms per image, peak memory per worker,
bytes per format and width, and SSIM of each format against a Lanczos reference. Needs the
``bench`` extra (scikit-image, numpy).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.corpus import make_corpus
from bench.floor import run_floor
from korme.errors import Position
from korme.images import ImageRequest, ImageSettings, ImageUse, make_images, plan_images
from korme.images.pool import start_method as _start_method
from korme.images.store import cached_path

DECODED_KIB = 4000 * 3000 * 3 / 1024  # one decoded 12 MP RGB source


def quiet(done: int, total: int, eta: float | None) -> None:
    """Progress that prints nothing (timings only)."""


def stage(sources: list[Path], settings: ImageSettings, cache: Path, workers: int):
    """The image stage as the build runs it: plan, then make. Returns (seconds, plan, results)."""
    requests = [
        ImageRequest(s, s.name, (ImageUse(Position("items.yaml", i + 1), f"item {i}"),))
        for i, s in enumerate(sources)
    ]
    start = time.perf_counter()
    plan = plan_images(requests, settings, cache)
    results = make_images(plan, settings, cache, workers=workers, progress=quiet)
    seconds = time.perf_counter() - start
    assert not results.diagnostics and not plan.diagnostics, results.diagnostics
    return seconds, plan, results


def wait_for_quiet(limit: float = 0.1, timeout: float = 180.0) -> float:
    """Wait until other processes use under ``limit`` of the CPUs (the machine is shared).

    Returns the busy share seen last; above ``limit`` means the timeout passed.
    """
    deadline = time.monotonic() + timeout
    while True:
        busy = _busy_share()
        if busy < limit or time.monotonic() > deadline:
            return busy


def _busy_share(interval: float = 1.0) -> float:
    def sample() -> tuple[int, int]:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    total0, idle0 = sample()
    time.sleep(interval)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def idle_worker_kib() -> int:
    """Peak RSS of a pool worker that has imported the stage but made nothing (the baseline).

    Its resident memory includes what the parent had loaded when the worker started.
    """
    with ProcessPoolExecutor(1, mp_context=_start_method()) as pool:
        return pool.submit(_idle).result()


def _idle() -> int:
    import resource

    import korme.images.render  # noqa: F401 - what a real worker has loaded

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="0: every available core")
    parser.add_argument("--ssim-images", type=int, default=4)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/korme-bench"))
    args = parser.parse_args()
    workers = args.workers or len(os.sched_getaffinity(0))
    settings = ImageSettings(workers=workers)
    sources = make_corpus(args.dir / "corpus", args.images)
    mib = sum(s.stat().st_size for s in sources) / 2**20
    print(f"corpus: {len(sources)} scan-like 12 MP JPEGs, {mib:.1f} MiB; {workers} workers")
    print(f"settings: widths {settings.widths}, formats {settings.formats}, {settings.quality}")
    print(f"pool start method: {_start_method().get_start_method()}")

    times: dict[str, list[float]] = {
        k: [] for k in ("cold", "warm", "floor", "cold_cpu", "floor_cpu")
    }
    peaks = {"ours": 0, "floor": 0}
    cache = args.dir / "cache"
    for r in range(args.rounds):
        for variant in ("ours", "floor") if r % 2 == 0 else ("floor", "ours"):
            busy = wait_for_quiet()
            if busy >= 0.1:
                print(f"  (machine still {busy:.0%} busy with other work)")
            if variant == "ours":
                shutil.rmtree(cache, ignore_errors=True)
                seconds, plan, results = stage(sources, settings, cache, workers)
                times["cold"].append(seconds)
                times["cold_cpu"].append(results.cpu_seconds)
                peaks["ours"] = max(peaks["ours"], results.peak_worker_kb)
                again, _, rerun = stage(sources, settings, cache, workers)
                assert rerun.decoded == 0
                times["warm"].append(again)
            else:
                shutil.rmtree(args.dir / "floor", ignore_errors=True)
                seconds, cpu, peak = run_floor(sources, args.dir / "floor", settings, workers)
                times["floor"].append(seconds)
                times["floor_cpu"].append(cpu)
                peaks["floor"] = max(peaks["floor"], peak)
        cold, warm, floor = times["cold"][-1], times["warm"][-1], times["floor"][-1]
        print(f"round {r + 1}: cold {cold:.2f} s, warm {warm * 1000:.1f} ms, floor {floor:.2f} s")
    report_times(times, len(sources))
    report_memory(sources, settings, args.dir, workers, peaks["ours"], peaks["floor"])
    report_quality(plan, cache, sources[: args.ssim_images], settings)


def report_times(times: dict[str, list[float]], n: int) -> None:
    cold, warm, floor = times["cold"], times["warm"], times["floor"]
    ratios = [c / f for c, f in zip(cold, floor, strict=True)]
    cpu_ratios = [c / f for c, f in zip(times["cold_cpu"], times["floor_cpu"], strict=True)]
    c, w, f = statistics.median(cold), statistics.median(warm), statistics.median(floor)
    print("\n| | median wall | ms / image | worker CPU s (median) |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| image stage, cold | {c:.2f} s | {c / n * 1000:.0f} | "
        f"{statistics.median(times['cold_cpu']):.1f} |"
    )
    print(f"| image stage, warm | {w * 1000:.1f} ms | {w / n * 1000:.2f} | 0 |")
    print(
        f"| bare Pillow floor | {f:.2f} s | {f / n * 1000:.0f} | "
        f"{statistics.median(times['floor_cpu']):.1f} |"
    )
    print(
        f"\ncold / floor, wall (median of per-round ratios): {statistics.median(ratios):.3f} "
        f"(rounds: {', '.join(f'{x:.3f}' for x in ratios)}); target ≤ 1.10"
    )
    print(
        f"cold / floor, worker CPU: {statistics.median(cpu_ratios):.3f} "
        f"(rounds: {', '.join(f'{x:.3f}' for x in cpu_ratios)})"
    )
    print(f"warm / cold: {w / c * 100:.3f} %; target ≤ 1 %")


def report_memory(sources, settings, folder: Path, workers: int, peak: int, floor_peak: int):
    idle = idle_worker_kib()
    few_cache = folder / "cache-few"
    shutil.rmtree(few_cache, ignore_errors=True)
    _, _, few = stage(sources[:workers], settings, few_cache, workers)
    print("\n| peak RSS per worker | MiB | above idle worker, × one decoded image |")
    print("| --- | ---: | ---: |")
    print(f"| idle worker (imports only) | {idle / 1024:.0f} | |")
    for label, kib in (
        (f"image stage, {workers} images", few.peak_worker_kb),
        (f"image stage, {len(sources)} images", peak),
        (f"floor, {len(sources)} images", floor_peak),
    ):
        print(f"| {label} | {kib / 1024:.0f} | {(kib - idle) / DECODED_KIB:.2f} |")
    print(f"(one decoded 12 MP RGB image: {DECODED_KIB / 1024:.0f} MiB; target ≤ 4 ×)")


def report_quality(plan, cache: Path, sources: list[Path], settings: ImageSettings) -> None:
    from bench.metrics import reference, ssim  # scikit-image: kept out of the pool's workers

    sizes: dict[tuple[int, str], list[int]] = {}
    scores: dict[tuple[int, str], list[float]] = {}
    for image in plan.images.values():
        for d in image.derivatives:
            sizes.setdefault((d.width, d.format), []).append(cached_path(cache, d).stat().st_size)
    for source in sources:
        image = plan.images[source.name]
        for width in sorted({d.width for d in image.derivatives}):
            ds = [d for d in image.derivatives if d.width == width]
            ref = reference(source, (width, ds[0].height))
            for d in ds:
                scores.setdefault((width, d.format), []).append(ssim(ref, cached_path(cache, d)))
    fallback = settings.formats[-1]
    print(f"\n| width | format | mean KiB | % of {fallback} | mean SSIM (first {len(sources)}) |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for (width, fmt), values in sorted(sizes.items()):
        kib = statistics.mean(values) / 1024
        share = statistics.mean(values) / statistics.mean(sizes[(width, fallback)]) * 100
        score = statistics.mean(scores[(width, fmt)])
        print(f"| {width} | {fmt} | {kib:.0f} | {share:.0f} % | {score:.4f} |")
    total = {f: sum(sum(v) for (w, g), v in sizes.items() if g == f) for f in settings.formats}
    print("\nbytes per format: " + ", ".join(f"{f} {b / 2**20:.1f} MiB" for f, b in total.items()))


if __name__ == "__main__":
    main()
