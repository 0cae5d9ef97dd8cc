"""Memory at scale: a cold ``korme build`` (search included) of 8,000 and 20,000 items, each
item with a tiny image of its own, and every process's peak memory (issues 20 and 26: the
largest process ≤ 1 GB, memory per item falling past 8,000 items).

    python -m bench.bench_scale --items 8000,20000 [--edit]

The site is ``site_corpus.py``'s bilingual exhibition (two pages per item, ~150 words of
Markdown each) with the eight shared pictures replaced by one distinct 64×48 JPEG per item,
so that ``--items`` images go through the image stage (plan, derivatives, cache) as well.

How memory is measured (``korme build -q`` in a fresh process, one per size):

- **per process**: the build's process tree (``psutil``) is polled every 0.05 s and each
  process's high-water mark (``VmHWM`` in ``/proc/PID/status``: the kernel's own peak resident
  set, not a sample of the current one) is kept; forked workers are grouped into pools by
  their parent and the moment they started (each less than 2 s after the previous one: the
  image stage's pool comes first, then the render stage's, then the long lists'); Pagefind's
  processes by name;
- **largest process**: ``ru_maxrss`` from ``wait4`` on the build process, the kernel's peak of
  the largest process of the whole tree (every process the build waited for) — exact even for
  a process that lived between two polls;
- **whole tree**: the peak of the sum of every process's proportional set size (``Pss`` in
  ``/proc/PID/smaps_rollup``: pages shared by forked workers counted once), polled every
  0.5 s — what the build costs the machine.

Resident sizes of forked workers include the pages they share with the build's process (copy
on write), so the per-process figures overstate what a worker adds; they are what a memory
limit per process would see. Memory per item is the largest process's peak / items.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from PIL import Image

from bench.bench_swap import edit_title
from bench.site_corpus import make_site

MIB = 1024 * 1024


def make_scale_site(root: Path, items: int) -> Path:
    """The bench exhibition with one distinct tiny image per item."""
    make_site(root, items=items)
    images = root / "exhibitions" / "bench" / "images"
    for old in images.iterdir():
        old.unlink()
    for n in range(items):
        colour = (n % 256, (n // 256) % 256, 90 + n % 7)
        Image.new("RGB", (64, 48), colour).save(images / f"{n}.jpg", quality=85)
    items_yaml = root / "exhibitions" / "bench" / "items.yaml"
    out, number = [], 0
    for line in items_yaml.read_text("utf-8").splitlines(keepends=True):
        found = re.match(r"- id: item-(\d+)", line)
        number = int(found.group(1)) if found else number
        out.append(re.sub(r"file: images/\d+\.jpg", f"file: images/{number}.jpg", line))
    items_yaml.write_text("".join(out), "utf-8")
    return root


def _status_kib(pid: int, field_name: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


@dataclass
class Seen:
    """One process of the build's tree as the poller saw it."""

    pid: int
    ppid: int
    name: str
    started: float
    peak_kib: int = 0


@dataclass
class Watch:
    """Polls a process tree's high-water marks and its total PSS (see the module's notes)."""

    root: int
    procs: dict[int, Seen] = field(default_factory=dict)
    tree_pss_kib: int = 0
    done: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        last_pss = 0.0
        while not self.done.is_set():
            try:
                tree = [psutil.Process(self.root)]
                tree += tree[0].children(recursive=True)
            except psutil.Error:
                tree = []
            for p in tree:
                seen = self.procs.get(p.pid)
                if seen is None:
                    try:
                        seen = self.procs[p.pid] = Seen(p.pid, p.ppid(), p.name(),
                                                        p.create_time())
                    except psutil.Error:
                        continue
                hwm = _status_kib(p.pid, "VmHWM")
                if hwm:
                    seen.peak_kib = max(seen.peak_kib, hwm)
            now = time.monotonic()
            if now - last_pss >= 0.5:
                last_pss = now
                self.tree_pss_kib = max(self.tree_pss_kib, sum(_pss_kib(p.pid) for p in tree))
            time.sleep(0.05)


def groups(watch: Watch) -> list[tuple[str, list[Seen]]]:
    """The processes by role: the build's, its fork pools in order, Pagefind, others."""
    main = watch.procs.get(watch.root)
    out: list[tuple[str, list[Seen]]] = [("build process", [main] if main else [])]
    forks = sorted((s for s in watch.procs.values()
                    if s.pid != watch.root and s.ppid == watch.root
                    and "pagefind" not in s.name), key=lambda s: s.started)
    pools: list[list[Seen]] = []
    for s in forks:  # a pool's workers start together (forking a big process takes a while)
        if pools and s.started - pools[-1][-1].started < 2.0:
            pools[-1].append(s)
        else:
            pools.append([s])
    out += [(f"fork pool {n + 1} ({len(p)} workers)", p) for n, p in enumerate(pools)]
    finder = [s for s in watch.procs.values() if "pagefind" in s.name]
    out.append((f"Pagefind ({len(finder)} processes)", finder))
    rest = [s for s in watch.procs.values()
            if s.pid != watch.root and s not in forks and s not in finder]
    if rest:
        out.append((f"other ({len(rest)})", rest))
    return [(label, procs) for label, procs in out if procs]


def measured_build(python: str, site: Path) -> tuple[float, int, Watch]:
    """One cold build: seconds, the largest process's peak (KiB, from wait4) and the watch."""
    cmd = [python, "-m", "korme", "build", "-q", "--site", str(site)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watch = Watch(proc.pid)
    poller = threading.Thread(target=watch.run, daemon=True)
    poller.start()
    err = proc.stderr.read() if proc.stderr else b""  # the build writes little with -q
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    watch.done.set()
    poller.join()
    if proc.returncode != 0:
        raise SystemExit(f"the build of {site} failed:\n{err.decode()[-2000:]}")
    return seconds, usage.ru_maxrss, watch


def report(items: int, seconds: float, largest_kib: int, watch: Watch, pages: int,
           what: str = "cold build") -> float:
    print(f"\n{items} items ({pages} pages, {items} images): {what} {seconds:.0f} s")
    for label, procs in groups(watch):
        peaks = sorted((s.peak_kib for s in procs), reverse=True)
        each = ", ".join(f"{k / 1024:.0f}" for k in peaks[:8]) + (" …" if len(peaks) > 8 else "")
        print(f"  {label}: peak RSS {each} MiB")
    print(f"  largest process (wait4 ru_maxrss): {largest_kib / 1024:.0f} MiB"
          f" = {largest_kib * 1024 / items / 1000:.1f} KB per item")
    print(f"  whole tree, peak of summed PSS: {watch.tree_pss_kib / 1024:.0f} MiB"
          f" = {watch.tree_pss_kib * 1024 / items / 1000:.1f} KB per item")
    return largest_kib


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", default="8000,20000", help="sizes, comma-separated")
    ap.add_argument("--python", default=sys.executable, help="the interpreter to measure")
    ap.add_argument("--dir", type=Path, default=None, help="keep the sites here (reused)")
    ap.add_argument("--edit", action="store_true",
                    help="then one item's title changed and built again (the cache warm)")
    a = ap.parse_args()
    base = a.dir or Path(tempfile.mkdtemp(prefix="korme-bench-scale-"))
    try:
        peaks = {}
        for items in [int(n) for n in a.items.split(",")]:
            source = base / f"site-{items}"
            if not (source / "site.yaml").exists():
                shutil.rmtree(source, ignore_errors=True)
                start = time.perf_counter()
                make_scale_site(source, items)
                print(f"generated {items} items in {time.perf_counter() - start:.0f} s")
            site = base / f"build-{items}"
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(source, site)
            for leftover in base.glob(".build-*"):
                shutil.rmtree(leftover, ignore_errors=True)
            seconds, largest, watch = measured_build(a.python, site)
            pages = sum(1 for _ in (site / "_site").rglob("index.html"))
            peaks[items] = report(items, seconds, largest, watch, pages)
            stores = sum(f.stat().st_size for f in (site / ".korme-cache").glob("*.cache*"))
            print(f"  build cache stores on disk: {stores / MIB:.0f} MiB")
            if a.edit:
                edit_title(site, 1)
                seconds, largest, watch = measured_build(a.python, site)
                report(items, seconds, largest, watch, pages, "build after a one-title edit")
            shutil.rmtree(site, ignore_errors=True)
        if len(peaks) > 1:
            sizes = sorted(peaks)
            per = [peaks[n] * 1024 / n / 1000 for n in sizes]
            print("\nlargest process per item: " + ", ".join(
                f"{n}: {p:.1f} KB" for n, p in zip(sizes, per, strict=True)))
            for lo, hi in itertools.pairwise(sizes):
                grow = (peaks[hi] - peaks[lo]) * 1024 / (hi - lo) / 1000
                print(f"  from {lo} to {hi} items: {grow:.1f} KB per added item")
    finally:
        if a.dir is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
