"""The write stage at scale: a cold build against the build after a one-title edit, on a
1,000-item site whose images are deep-zoom tiled (issue 20: edit ≤ 0.3 × cold).

    python -m bench.bench_swap --items 1000 --scans 10 --rounds 3

The site is ``site_corpus.py``'s exhibition with its pictures replaced by ``--scans`` distinct
scan-like JPEGs (``corpus.py``, scaled to 3000×2250: 44 tiles each) repeated over the items,
so that the image stage stays small while the output holds ~44,000 tiles in ~135,000 folders.
Each round, in a fresh process each (``korme build -q``):

- **cold**: a fresh copy of the site's sources (no build cache, no output) built;
- **edit**: one item's title changed, built again into that output;

with and without the search index (``--no-search``), the pairs alternated A B A B. Round
folders are deleted only at the end (on ext4, making many folders just after deleting many is
slower). Prints each figure's median and the per-round ratios edit / cold with their spread,
then one in-process build of each kind with its stage timings. ``--python`` times another
interpreter's ``korme`` (for instance the code before this work) the same way.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from bench.corpus import make_corpus
from bench.site_corpus import make_site

EDITED = "item-0007"
SIZE = (3000, 2250)


def make_tiled_site(root: Path, items: int, scans: int, corpus: Path) -> Path:
    """The bench exhibition with ``scans`` large pictures shared by its items."""
    make_site(root, items=items)
    images = root / "exhibitions" / "bench" / "images"
    for old in images.iterdir():
        old.unlink()
    for n, scan in enumerate(make_corpus(corpus, scans)):
        with Image.open(scan) as im:
            size = SIZE if im.width > im.height else SIZE[::-1]
            im.resize(size).save(images / f"{n}.jpg", quality=85)
    items_yaml = root / "exhibitions" / "bench" / "items.yaml"
    lines, number = [], 0
    for line in items_yaml.read_text("utf-8").splitlines(keepends=True):
        found = re.match(r"- id: item-(\d+)", line)
        number = int(found.group(1)) if found else number
        lines.append(re.sub(r"file: images/\d+\.jpg", f"file: images/{number % scans}.jpg", line))
    items_yaml.write_text("".join(lines), "utf-8")
    return root


def fresh_copy(source: Path, target: Path) -> Path:
    """The site's sources only: no build cache, no output."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".korme-cache", "_site",
                                                                  ".*.korme-*"))
    return target


def edit_title(site: Path, n: int) -> None:
    items = site / "exhibitions" / "bench" / "items.yaml"
    text = items.read_text("utf-8")
    number = int(EDITED.split("-")[1])
    text = re.sub(rf'title: {{kk: "Экспонат {number}[^"]*"',
                  f'title: {{kk: "Экспонат {number} ({n})"', text, count=1)
    items.write_text(text, "utf-8")


def timed(python: str, site: Path, search: bool) -> float:
    cmd = [python, "-m", "korme", "build", "-q", "--site", str(site)]
    start = time.perf_counter()
    done = subprocess.run(cmd + ([] if search else ["--no-search"]), capture_output=True,
                          text=True, cwd=site)  # (not this folder: its korme would be run)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the build of {site} failed:\n{done.stderr[-2000:]}")
    return seconds


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):.3f} (min {min(values):.3f}, max "
            f"{max(values):.3f}; rounds {', '.join(f'{v:.3f}' for v in values)})")


def breakdown(source: Path, base: Path) -> None:
    """One cold and one edit build in this process, with the build's stage timings."""
    from korme.build import BuildOptions, build

    site = fresh_copy(source, base / "breakdown")
    for what in ("cold", "edit"):
        if what == "edit":
            edit_title(site, 99)
        start = time.perf_counter()
        result = build(BuildOptions(site, site / "_site", quiet=True))
        stages = ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items())
        print(f"  {what}: {time.perf_counter() - start:.2f} s ({stages}); "
              f"{result.rendered} of {result.pages} pages rendered")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--scans", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--python", default=sys.executable, help="the interpreter to time")
    ap.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "korme-scans")
    a = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="korme-bench-swap-"))
    try:
        source = make_tiled_site(base / "source", a.items, a.scans, a.corpus)
        figures: dict[tuple[bool, str], list[float]] = {}
        for n in range(a.rounds):
            for search in (True, False) if n % 2 == 0 else (False, True):
                site = fresh_copy(source, base / f"r{n}-{'s' if search else 'n'}")
                figures.setdefault((search, "cold"), []).append(timed(a.python, site, search))
                edit_title(site, n)
                figures.setdefault((search, "edit"), []).append(timed(a.python, site, search))
        tiles = sum(1 for p in (base / "r0-s" / "_site" / "iiif" / "images").rglob("*.jpg"))
        pages = sum(1 for p in (base / "r0-s" / "_site").rglob("index.html"))
        print(f"site: {a.items} items, {a.scans} distinct scans {SIZE[0]}×{SIZE[1]}; "
              f"{pages} pages, {tiles} tiles; {a.rounds} rounds; {a.python}")
        for search in (True, False):
            label = "korme build" if search else "korme build --no-search"
            cold, edit = figures[(search, "cold")], figures[(search, "edit")]
            print(f"{label}: cold {spread(cold)} s")
            print(f"{label}: after a one-title edit {spread(edit)} s")
            ratios = [e / c for e, c in zip(edit, cold, strict=True)]
            print(f"{label}: edit / cold per round {spread(ratios)}")
        if a.python == sys.executable:
            print("one build of each, in this process:")
            breakdown(source, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
