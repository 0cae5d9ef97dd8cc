"""Search index time for the 2,000-item benchmark site (``site_corpus.py``).

    python -m bench.bench_search --items 2000 --rounds 3

Builds the site once (the build's own ``search`` timing is printed), then runs the Pagefind
indexer again on the built pages ``--rounds`` times and prints the median, pages and index size.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.site_corpus import make_site
from korme.build import BuildOptions, build
from korme.search.index import FOLDER, Indexer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_site(Path(tmp) / "site", items=a.items)
        out = Path(tmp) / "out"
        result = build(BuildOptions(root, out, quiet=True))
        print(f"build: {result.pages} pages, search stage {result.timings['search']:.2f} s, "
              f"total {sum(result.timings.values()):.2f} s")
        times, indexer = [], Indexer()
        for _ in range(a.rounds):
            shutil.rmtree(out / FOLDER)
            indexer(out)
            times.append(indexer.seconds)
        size = sum(p.stat().st_size for p in (out / FOLDER).rglob("*") if p.is_file())
        print(f"index: {indexer.pages} pages in {statistics.median(times):.2f} s median "
              f"({', '.join(f'{t:.2f}' for t in times)}); {size / 1e6:.1f} MB in {FOLDER}/")


if __name__ == "__main__":
    main()
