"""The floor: a bare Pillow loop making the same files as the image stage, in a same-size pool.

Same decode, the same widths, the same resize calls (largest first, each from the previous)
and the same encoder parameters, without the stage's work around them: no hashing, cache,
header checks, colour management, metadata handling, placeholder or atomic writes.
"""

from __future__ import annotations

import resource
import time
from multiprocessing import Pool
from pathlib import Path

from PIL import Image

from korme.images.plan import derivative_widths
from korme.images.render import PIL_FORMAT
from korme.images.settings import ENCODER_PARAMS, ImageSettings

LANCZOS = Image.Resampling.LANCZOS


Task = tuple[str, str, tuple[int, ...], tuple[tuple[str, int], ...]]


def floor_one(task: Task) -> tuple[float, int]:
    """Make one source's files; return CPU seconds and the worker's peak RSS in KiB."""
    start = time.process_time()
    source, out_dir, widths, formats = task
    with Image.open(source) as im:
        im.load()
        current = im if im.mode == "RGB" else im.convert("RGB")
        for width in sorted(derivative_widths(im.width, im.height, widths), reverse=True):
            size = (width, round(im.height * width / im.width))
            current = current.resize(size, LANCZOS, reducing_gap=3.0)
            for fmt, quality in formats:
                path = Path(out_dir) / f"{Path(source).stem}-w{width}.{fmt}"
                current.save(path, format=PIL_FORMAT[fmt], quality=quality, **ENCODER_PARAMS[fmt])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return time.process_time() - start, peak


def run_floor(sources: list[Path], out_dir: Path, settings: ImageSettings, workers: int):
    """Time the floor over ``sources``; return (wall seconds, CPU seconds, peak KiB)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = tuple((f, settings.quality_for(f)) for f in settings.formats)
    tasks = [(str(s), str(out_dir), settings.widths, formats) for s in sources]
    start = time.perf_counter()
    with Pool(workers) as pool:
        done = list(pool.imap_unordered(floor_one, tasks))
    seconds = time.perf_counter() - start
    return seconds, sum(cpu for cpu, _ in done), max(peak for _, peak in done)
