"""``korme serve``'s builds: the preview folder rebuilt after each save, the pages the browsers
show written first, the browsers reloaded, the search index refreshed once edits settle.

A rebuild runs on a thread of its own (:class:`Rebuilds`), so the server answers while it
runs: the pages open in a browser (:class:`Viewing`, the last pages served) are rendered and
written before the others and the browsers reloaded at once, as Hugo's server does; the rest
of the site follows. This happens only when what the pages load (styles, scripts, images,
tiles) is as the last build left it: an edit that changes those reloads the browsers once the
whole site is built, so a page is never shown without its new image.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from korme.build import CACHE_DIR, BuildOptions, build, sources_key
from korme.cache import BuildCache
from korme.errors import BuildFailed
from korme.inplace import put_pages
from korme.l10n import Catalog, _, shown
from korme.outputs import Output
from korme.render.stage import FirstPages, Superseded
from korme.state import KeptStates

AGAIN = 3  # builds in a row while the sources change under them (then the watcher's turn)
SHOWN_PAGES = 32  # the last pages served that are rendered first (the browsers' open tabs)


@dataclass
class ServeState:
    """The last build's outcome, shared between the watcher and the web app."""

    errors: list[str] = field(default_factory=list)
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Viewing:
    """The pages the browsers show: the last HTML pages served, the latest first. A reload
    asks each open tab's page again, so after one these are the open tabs' pages."""

    def __init__(self, keep: int = SHOWN_PAGES) -> None:
        self.keep = keep
        self._paths: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def saw(self, path: str) -> None:
        """A page was served (``path`` relative to the preview folder: kk/ex/index.html)."""
        with self._lock:
            self._paths[path] = None
            self._paths.move_to_end(path, last=False)
            while len(self._paths) > self.keep:
                self._paths.popitem()

    def paths(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._paths)


class SearchRefresher:
    """Rebuilds the preview's search index once edits settle, outside the reload path.

    The index is made from a hard-linked snapshot of the built pages (a rebuild may replace
    them meanwhile) and swapped into ``root/pagefind``, which the app serves apart from the
    site, so a save reloads the browser without waiting for the index.
    """

    def __init__(self, output: Path, root: Path, settle: float = 2.0,
                 catalog: Catalog | None = None):
        self.output, self.root, self.settle = output, root, settle
        self.catalog = catalog or Catalog.english()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def schedule(self) -> None:
        """(Re)start the quiet period; the index is rebuilt when it ends."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self.settle, self.refresh)
        self._timer.daemon = True
        self._timer.start()

    def refresh(self) -> None:
        """Index a snapshot of the current pages now."""
        from korme.search.index import index_folder

        # this thread and Pagefind (its child) run at a low priority: a save's rebuild first
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
        with self._lock:
            work = Path(tempfile.mkdtemp(prefix="index-", dir=self.root))
            try:
                for page in self.output.rglob("*.html"):
                    target = work / page.relative_to(self.output)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(page, target)
                    except OSError:
                        continue  # replaced by a rebuild meanwhile: the next refresh has it
                index_folder(work, self.root / "cache")
                current, old = self.root / "pagefind", self.root / f"old-{time.monotonic_ns()}"
                if current.exists():
                    current.rename(old)
                (work / "pagefind").rename(current)
                shutil.rmtree(old, ignore_errors=True)
            except Exception as exc:  # the preview keeps working without search
                print(_("search index not refreshed: {error}", error=shown(exc, self.catalog)
                        ).render(self.catalog), file=sys.stderr)
            finally:
                shutil.rmtree(work, ignore_errors=True)


class Preview:
    """Builds the site for previewing and rebuilds it on demand; with ``reload`` (which tells
    the browsers to reload), the ``viewing`` pages that changed are written first and the
    browsers reloaded before the rest of the site is rendered."""

    def __init__(self, site: Path, output: Path, workers: int | None = None,
                 search: SearchRefresher | None = None, catalog: Catalog | None = None,
                 viewing: Viewing | None = None, reload: Callable[[], None] | None = None):
        self.site, self.output, self.workers = site, output, workers
        self.search = search
        self.catalog = catalog or Catalog.english()
        self.viewing, self.reload = viewing, reload
        self.state = ServeState()
        self.wanted = threading.Event()  # a save asks for a build (korme serve's watcher)
        self.cache = BuildCache(site / CACHE_DIR, hold=True)  # kept in memory
        self.states = KeptStates()  # the preview folder's state, likewise

    def rebuild(self) -> bool:
        """Build until the sources stand still: a save that lands while a build reads them (an
        editor writing a long items.yaml, seen half-written) is built again. Print and
        remember the errors; return whether the last build succeeded."""
        options = BuildOptions(self.site, self.output, drafts=True, workers=self.workers,
                               quiet=True, search=False, preview=True,
                               cache=self.cache, states=self.states)
        for _attempt in range(AGAIN):
            before = sources_key(options)
            ok = self._build(options)
            # (a build dropped for a save, even one seen after the sources were read, goes on)
            if sources_key(options) == before and not self.wanted.is_set():
                break
        return ok

    def _first(self, shown_first: dict[str, Output]) -> FirstPages | None:
        """The pages the browsers show, rendered first: written, then the browsers reloaded
        (``shown_first`` gets them)."""
        # while the last build failed, every page shows its errors: the browsers are reloaded
        # once a build has succeeded, not before
        if self.viewing is None or self.reload is None or self.state.errors:
            return None
        reload = self.reload

        def show(pages: dict[str, Output]) -> None:
            if pages:
                put_pages(self.output, pages)
                shown_first.update(pages)
                reload()

        return FirstPages(self.viewing.paths(), show, self.wanted.is_set)

    def _build(self, options: BuildOptions) -> bool:
        start = time.perf_counter()
        shown_first: dict[str, Output] = {}
        self.wanted.clear()  # this build reads the sources as they are now
        try:
            result = build(dataclasses.replace(options, first=self._first(shown_first)))
        except Superseded:  # the pages shown first are out; a newer save is built next
            _settle_collector(self.state.builds)
            return False
        except BuildFailed as exc:
            _settle_collector(self.state.builds)
            lines = [d.text(self.catalog) for d in exc.report.sorted()
                     if d in exc.report.errors]
            with self.state.lock:
                self.state.errors = lines
            if self.reload is not None:
                self.reload()  # every page shows the errors
            print("\n".join(lines), file=sys.stderr)
            print(_("build failed: {count} error(s); still serving the last good build",
                    count=len(lines)).render(self.catalog), file=sys.stderr)
            return False
        with self.state.lock:
            self.state.errors = []
            self.state.builds += 1
        _settle_collector(self.state.builds)
        for d in result.report.sorted():
            print(d.text(self.catalog), file=sys.stderr)
        if self.search is not None and result.changed:
            self.search.schedule()
        if self.reload is not None and result.changed and not shown_first:
            self.reload()  # (the pages shown first were reloaded: what they load was in place)
        print(_("rebuilt {rendered} of {pages} pages in {seconds} s",
                rendered=result.rendered, pages=result.pages,
                seconds=f"{time.perf_counter() - start:.2f}").render(self.catalog),
              file=sys.stderr)
        return True


FULL_COLLECT_EVERY = 40  # builds


def _settle_collector(builds: int) -> None:
    """Keep the garbage collector from walking the kept site on every rebuild.

    What a build leaves alive (the build cache, the model) is frozen out of the collector's
    sight, so the next rebuild does not spend a third of a second traversing it; now and then
    everything is unfrozen and collected, so cycles left by old builds are still freed."""
    if builds % FULL_COLLECT_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


class Rebuilds:
    """serve's rebuilds, one at a time on a thread of their own (the server answers while one
    runs); saves during a rebuild make one more."""

    def __init__(self, preview: Preview, catalog: Catalog | None = None) -> None:
        self.preview = preview
        self.catalog = catalog or Catalog.english()
        threading.Thread(target=self._run, name="korme-rebuild", daemon=True).start()

    def request(self) -> None:
        """Rebuild: now, or once the running build has shown its first pages (the rest of
        it is then dropped) or ended."""
        self.preview.wanted.set()

    def _run(self) -> None:
        while True:
            self.preview.wanted.wait()
            try:
                self.preview.rebuild()
            except Exception as exc:  # a bug, not the site's: say it, keep serving
                print(_("the preview was not rebuilt: {error}", error=shown(exc, self.catalog)
                        ).render(self.catalog), file=sys.stderr)
