"""Benchmark: Kórme's tiler against pyvips' own ``dzsave``, the same libvips, one thread each.

    VIPS_CONCURRENCY=1 python -m bench.bench_dzsave [--images 20] [--rounds 3]

Both cut the same IIIF level-0 pyramids (512 px JPEG tiles at quality 80, optimised Huffman
tables, 4:2:0, no metadata, every scale factor down to one tile) of seeded scan-like 12 MP JPEGs
(``corpus.py``), in this one process with libvips at one thread:

- **ours**: :func:`korme.images.tilework.run_tiles` with the libvips engine, as a worker runs it
  (header check with Pillow, colour handling, ``dzsave`` into a temporary folder, the check of
  every tile name, the rename into the cache);
- **dzsave**: ``pyvips.Image.new_from_file(path, access="sequential").dzsave(...)`` with the
  same tile options, nothing else;
- for reference, **Pillow**: ``run_tiles`` with the Pillow engine.

Rounds alternate the order; the tiles of ours and dzsave are checked to have the same names and
the same decoded pixels. Prints per-round seconds and the ours/dzsave and Pillow/dzsave ratios
with their median and spread.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyvips
from PIL import Image, ImageChops

from bench.corpus import make_corpus
from korme.images.engines import tile_engine
from korme.images.tilework import TileJob, run_tiles

CORPUS = Path(tempfile.gettempdir()) / "korme-bench-corpus"
SUFFIX = ".jpg[Q=80,optimize_coding=true,subsample_mode=on,keep=none]"


def ours(sources: list[Path], folder: Path, engine: str) -> tuple[float, float]:
    start, cpu = time.perf_counter(), time.process_time()
    for i, source in enumerate(sources):
        job = TileJob(str(source), str(i), str(folder / str(i)), 512, 80, "#f7f4ee",
                      150_000_000, tile_engine("JPEG", engine))
        result = run_tiles(job)
        assert not result.errors, result.errors
    return time.perf_counter() - start, time.process_time() - cpu


def dzsave(sources: list[Path], folder: Path) -> tuple[float, float]:
    folder.mkdir(parents=True, exist_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    for i, source in enumerate(sources):
        image = pyvips.Image.new_from_file(str(source), access="sequential")
        image.dzsave(str(folder / str(i)), layout="iiif3", tile_size=512, overlap=0,
                     depth="onetile", suffix=SUFFIX, keep="none")
    return time.perf_counter() - start, time.process_time() - cpu


def same_tiles(a: Path, b: Path) -> bool:
    """The same tile names, and every tile decoding to the same pixels."""
    names = {p.relative_to(a).as_posix() for p in a.rglob("*.jpg")}
    if names != {p.relative_to(b).as_posix() for p in b.rglob("*.jpg")}:
        return False
    for name in names:
        with Image.open(a / name) as x, Image.open(b / name) as y:
            if ImageChops.difference(x, y).getbbox() is not None:
                return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if os.environ.get("VIPS_CONCURRENCY") != "1":
        raise SystemExit("run with VIPS_CONCURRENCY=1 (both at one thread)")
    pyvips.concurrency_set(1)
    sources = make_corpus(CORPUS, args.images)
    work = Path(tempfile.mkdtemp(prefix="korme-bench-dz-"))
    print(f"{len(sources)} scan-like 12 MP JPEGs; {tile_engine('JPEG')}, "
          f"{pyvips.concurrency_get()} thread")
    runs = {"ours": lambda f: ours(sources, f, "libvips"), "dzsave": lambda f: dzsave(sources, f),
            "pillow": lambda f: ours(sources, f, "pillow")}
    times: dict[str, list[float]] = {k: [] for k in runs}  # wall seconds
    cpu: dict[str, list[float]] = {k: [] for k in runs}  # processor seconds (all threads)
    try:
        runs["ours"](work / "warm")  # libvips and the modules loaded before the clock
        for r in range(args.rounds):
            order = list(runs) if r % 2 == 0 else list(runs)[::-1]
            for name in order:
                shutil.rmtree(work / name, ignore_errors=True)
                seconds, spent = runs[name](work / name)
                times[name].append(seconds)
                cpu[name].append(spent)
            same = all(same_tiles(work / "ours" / str(i), work / "dzsave" / str(i))
                       for i in range(len(sources)))
            print(f"round {r + 1} ({', '.join(order)}): wall "
                  + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()) + "; processor "
                  + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in cpu.items())
                  + f"; ours/dzsave {times['ours'][-1] / times['dzsave'][-1]:.3f} wall, "
                  + f"{cpu['ours'][-1] / cpu['dzsave'][-1]:.3f} processor; tiles "
                  + ("identical" if same else "DIFFER"), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for label, figures in (("wall", times), ("processor", cpu)):
        for name in ("ours", "pillow"):
            ratios = [a / b for a, b in zip(figures[name], figures["dzsave"], strict=True)]
            print(f"{label} {name}/dzsave per round: {', '.join(f'{x:.3f}' for x in ratios)};"
                  f" median {statistics.median(ratios):.3f}, spread {min(ratios):.3f}-"
                  f"{max(ratios):.3f}")
        print(f"{label} median per scan: " + ", ".join(
            f"{k} {statistics.median(v) / len(sources) * 1000:.0f} ms" for k, v in figures.items()))


if __name__ == "__main__":
    main()
