"""Search index time for the benchmark site (``site_corpus.py``): cold, and after an edit.

    python -m bench.bench_search --items 2000 --rounds 3

Builds the site cold (the build's ``search`` timing: every shard indexed), then ``--rounds``
times edits one item's title and builds again (only the shards holding the changed pages are
indexed; the others are kept). Prints each round's search and build wall time, the shards
indexed, and the medians.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.site_corpus import make_site
from korme.build import BuildOptions, build


def _build(root: Path, out: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    result = build(BuildOptions(root, out, quiet=True))
    shards = len(list((out / "pagefind").glob("*/pagefind-entry.json")))
    return time.perf_counter() - start, result.timings.get("search", 0.0), shards


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_site(Path(tmp) / "site", items=a.items)
        out = Path(tmp) / "out"
        wall, search, shards = _build(root, out)
        print(f"cold: build {wall:.2f} s, search {search:.2f} s, {shards} shards")
        items = root / "exhibitions" / "bench" / "items.yaml"
        builds, searches = [], []
        for n in range(a.rounds):
            text = items.read_text("utf-8")
            items.write_text(text.replace('"Экспонат 7"', f'"Экспонат 7 ({n})"', 1)
                             if n == 0 else text.replace(f"({n - 1})", f"({n})", 1), "utf-8")
            wall, search, _ = _build(root, out)
            builds.append(wall)
            searches.append(search)
            print(f"edit {n + 1}: build {wall:.2f} s, search {search:.2f} s")
        share = statistics.median(s / b for s, b in zip(searches, builds, strict=True))
        print(f"edit median: build {statistics.median(builds):.2f} s, search "
              f"{statistics.median(searches):.2f} s ({share * 100:.0f} % of the build)")


if __name__ == "__main__":
    main()
