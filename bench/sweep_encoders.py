"""Choose encoder defaults by measurement: bytes, SSIM and encode time per format and setting.

    python -m bench.sweep_encoders [--images 3] [--widths 960,2400]

Each candidate encodes the same Lanczos reference, so only the encoder differs.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

from PIL import Image

from bench.corpus import make_corpus
from bench.metrics import reference, ssim

CANDIDATES = [
    *[("jpeg", q, {"optimize": True, "progressive": True}) for q in (75, 80, 85, 90)],
    *[("webp", q, {"method": 4}) for q in (70, 75, 80, 85)],
    *[("avif", q, {"speed": s, "max_threads": 1}) for s in (6, 8, 10) for q in (45, 50, 55, 60)],
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=3)
    parser.add_argument("--widths", default="960,2400")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/korme-bench/corpus"))
    args = parser.parse_args()
    sources = make_corpus(args.corpus, args.images)
    rows: dict[tuple, list[tuple[int, float, float]]] = {}
    for source in sources:
        for width in map(int, args.widths.split(",")):
            with Image.open(source) as im:
                size = (width, round(im.height * width / im.width))
            ref = reference(source, size)
            ref_im = Image.fromarray(ref)
            for fmt, quality, params in CANDIDATES:
                buf = io.BytesIO()
                start = time.perf_counter()
                ref_im.save(buf, format=fmt.upper(), quality=quality, **params)
                seconds = time.perf_counter() - start
                buf.seek(0)
                key = (width, fmt, quality, tuple(sorted(params.items())))
                rows.setdefault(key, []).append((buf.tell() or len(buf.getvalue()), 0, 0))
                rows[key][-1] = (len(buf.getvalue()), ssim(ref, Image.open(buf)), seconds)
    print("| width | format | quality | params | KiB (mean) | SSIM (mean) | encode ms |")
    print("| ---: | --- | ---: | --- | ---: | ---: | ---: |")
    for (width, fmt, quality, params), values in rows.items():
        kib = statistics.mean(v[0] for v in values) / 1024
        score = statistics.mean(v[1] for v in values)
        ms = statistics.mean(v[2] for v in values) * 1000
        shown = ", ".join(f"{k}={v}" for k, v in params if k != "max_threads")
        print(f"| {width} | {fmt} | {quality} | {shown} | {kib:.0f} | {score:.4f} | {ms:.0f} |")


if __name__ == "__main__":
    main()
