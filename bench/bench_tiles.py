"""Benchmark of deep-zoom tiling: seconds per megapixel and peak worker memory.

    python -m bench.bench_tiles [--images 4] [--big 1] [--engine libvips|pillow]

Cuts level-0 pyramids (512 px JPEG tiles, every scale factor) of seeded 12 MP scan-like JPEGs
and of 48 MP (6000×8000) pages made from them, each in a fresh worker process as the build's
pool runs them, and prints wall time per megapixel, tiles per image and each worker's peak
resident memory against the size of one decoded page. Needs the ``bench`` extra (numpy).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

from bench.corpus import make_corpus
from korme.images.engines import tile_engine
from korme.images.pool import start_method as _start_method
from korme.images.render import prepare_worker
from korme.images.tiles import all_tiles
from korme.images.tilework import TileJob, run_tiles

CORPUS = Path(tempfile.gettempdir()) / "korme-bench-corpus"


def big_pages(sources: list[Path], count: int) -> list[Path]:
    """6000×8000 pages upscaled from the corpus (kept between runs)."""
    out = []
    for i, src in enumerate(sources[:count]):
        path = CORPUS / f"big-{i:03d}.jpg"
        if not path.exists():
            with Image.open(src) as im:
                page = im.rotate(90, expand=True) if im.width > im.height else im.copy()
                page.resize((6000, 8000), Image.Resampling.BICUBIC).save(path, quality=90)
        out.append(path)
    return out


def tile_one(source: Path, folder: Path, engine: str) -> tuple[float, float, int, int]:
    """Tile one source in a fresh worker: (seconds, megapixels, tiles, peak KiB)."""
    with Image.open(source) as im:
        w, h = im.size
    job = TileJob(str(source), source.stem, str(folder / source.stem), 512, 80, "#f7f4ee",
                  150_000_000, tile_engine("JPEG", engine))
    with ProcessPoolExecutor(1, _start_method(), initializer=prepare_worker) as pool:
        pool.submit(prepare_worker).result()  # the worker is up before the clock starts
        start = time.perf_counter()
        result = pool.submit(run_tiles, job).result()
        seconds = time.perf_counter() - start
    if result.errors:
        raise SystemExit(f"{source}: {result.errors}")
    return seconds, w * h / 1e6, len(all_tiles(w, h)), result.peak_rss_kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=4)
    parser.add_argument("--big", type=int, default=1)
    parser.add_argument("--engine", choices=("libvips", "pillow"), default="pillow")
    args = parser.parse_args()
    sources = make_corpus(CORPUS, max(args.images, args.big))
    folder = Path(tempfile.mkdtemp(prefix="korme-tiles-"))
    try:
        for name, group in (("12 MP", sources[:args.images]),
                            ("48 MP", big_pages(sources, args.big))):
            rows = [tile_one(s, folder, args.engine) for s in group]
            if not rows:
                continue
            per_mp = [sec / mp for sec, mp, _, _ in rows]
            _, mp, tiles, _ = rows[0]
            decoded = mp * 1e6 * 3 / 1024
            peak = max(p for *_, p in rows)
            print(f"{name}: {statistics.median(per_mp) * 1000:.0f} ms per megapixel "
                  f"(median of {len(rows)}), {tiles} tiles per image, peak worker memory "
                  f"{peak / 1024:.0f} MiB = {peak / decoded:.2f}× one decoded page")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
