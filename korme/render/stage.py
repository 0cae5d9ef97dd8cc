"""The render stage: render the pages that changed, on every core, and write them.

A page is rendered again unless its fingerprint (recomputed from what it read last time) is
the one of the same page, intact, in the previous output. Many pages are rendered by forked
workers (the model is inherited, not pickled); each writes its pages into the staging folder
(:class:`korme.pagesink.PageSink`) and sends back only names, hashes, what each page read and
what it added to the build cache.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from korme.cache import BuildCache
from korme.errors import Diagnostic
from korme.forking import fork_workers, forked_pool
from korme.images.progress import ProgressCallback, Tracker
from korme.pagesink import PageSink
from korme.render.kinds import BY_NAME, KINDS
from korme.render.render import SiteRenderer
from korme.write import Output

PARALLEL_MIN_PAGES = 200
# the long lists are shared out between workers even when only they changed (a one-item edit)
# on a site of this many pages: each then shows hundreds of entries (~0.1 s or more)
PARALLEL_LISTS_SITE = 1000
CHUNK = 100  # pages per task: small enough for even load and a moving progress count


@dataclass(frozen=True)
class FirstPages:
    """Pages rendered before the others, and what is done with them at once (``korme serve``
    writes the pages its browsers show and reloads them while the rest is rendered)."""

    paths: frozenset[str]  # e.g. "kk/ex/items/ms-1/index.html"
    then: Callable[[dict[str, Output]], None]
    # once they are handed over: whether a newer save makes the rest of this build moot
    superseded: Callable[[], bool] = lambda: False


class Superseded(Exception):
    """The rest of the build was dropped: a newer save asks for another one."""


@dataclass
class RenderResult:
    """What the render stage did: the pages it rendered, every page's fingerprint."""

    pages: dict[str, Output] = field(default_factory=dict)  # rendered again (or kept as is)
    fingerprints: dict[str, str] = field(default_factory=dict)  # every page, by path
    problems: list[Diagnostic] = field(default_factory=list)


# what rendering a share of the pages gives back: the pages and their fingerprints, the
# problems, and what the share added to the build cache
Share = tuple[dict[str, tuple[Output, str]], list[Diagnostic], dict[str, dict[Any, Any]]]


def _render_share(renderer: SiteRenderer, cache: BuildCache | None, indices: list[int],
                  sink: PageSink) -> Share:
    """Render these pages; ``cache``: a worker's (what it used goes back with the share)."""
    out: dict[str, tuple[Output, str]] = {}
    problems: list[Diagnostic] = []
    for n in indices:
        page = renderer.pages[n]
        path = page.url + "index.html"
        try:  # written as it is made: a long list is never held whole
            made, rec = renderer.stream(page)
            output = sink.take_pieces(path, made, BY_NAME[page.kind].indexed)
        except Exception as exc:
            problems.append(renderer.problem(exc, page))
            continue
        out[path] = (output, renderer.keep(page, rec.trace()))
    return out, problems, cache.take_used() if cache is not None else {}


def render_site(renderer: SiteRenderer, cache: BuildCache, previous: dict[str, str],
                intact: Callable[[str], bool], workers: int | None,
                progress: ProgressCallback | None, sink: PageSink,
                first: FirstPages | None = None) -> RenderResult:
    """Render every page whose fingerprint differs from ``previous`` (or is not ``intact``);
    ``first``: those of these pages that are rendered (in this process) before the others."""
    run = _Run(renderer, cache, previous, intact)
    shown = [n for n, page in enumerate(renderer.pages)
             if first is not None and page.url + "index.html" in first.paths]
    early = run.changed(shown)  # fingerprinted, rendered and handed over before the others
    if early and first is not None:
        run.take(_render_share(renderer, None, early, sink))
        first.then({path: run.result.pages[path] for path in
                    (renderer.pages[m].url + "index.html" for m in early)
                    if path in run.result.pages})
        run.superseded = first.superseded
    skip = set(shown)
    todo = run.changed(n for n in range(len(renderer.pages)) if n not in skip)
    run.tracker = Tracker(len(todo), progress) if progress and todo else None
    run.render(todo, workers, sink)
    return run.result


class _Run:
    """One render stage's work: which pages changed, their shares taken as they come."""

    def __init__(self, renderer: SiteRenderer, cache: BuildCache, previous: dict[str, str],
                 intact: Callable[[str], bool]) -> None:
        self.renderer, self.cache, self.previous, self.intact = renderer, cache, previous, intact
        self.result = RenderResult()
        self.tracker: Tracker | None = None
        self.superseded: Callable[[], bool] | None = None  # checked once the first are out

    def changed(self, indices: Iterable[int]) -> list[int]:
        """These pages that must be rendered; the others' fingerprints into the result."""
        out = []
        pages, fingerprints = self.renderer.pages, self.result.fingerprints
        for count, n in enumerate(indices):
            if self.superseded is not None and count % 512 == 511 and self.superseded():
                raise Superseded
            path = pages[n].url + "index.html"
            known = self.renderer.fingerprint(pages[n])
            if known is not None and self.previous.get(path) == known and self.intact(path):
                fingerprints[path] = known
            else:
                out.append(n)
        return out

    def take(self, share: Share) -> None:
        """A share's pages, problems and cache values into the result."""
        pages, problems, used = share
        for path, (output, fp) in pages.items():
            self.result.pages[path], self.result.fingerprints[path] = output, fp
        self.result.problems.extend(problems)
        self.cache.merge_used(used)
        if self.tracker is not None:
            self.tracker.step(len(pages) + len(problems))
        if self.superseded is not None and self.superseded():
            raise Superseded

    def render(self, todo: list[int], workers: int | None, sink: PageSink) -> None:
        """Render these pages: in chunks on forked workers when there are many, the long
        lists last (they show what the item pages have made by then: descriptions' HTML in
        the build cache), one per task, the longest first, so the workers share them out."""
        renderer, n = self.renderer, fork_workers(workers)
        lists = sorted((m for m in todo if renderer.pages[m].kind in LONG),
                       key=lambda m: LONG[renderer.pages[m].kind])
        rest = [m for m in todo if renderer.pages[m].kind not in LONG]
        parallel = n > 1 and len(todo) >= PARALLEL_MIN_PAGES
        parallel_lists = n > 1 and (parallel or (
            len(lists) > 1 and len(renderer.pages) >= PARALLEL_LISTS_SITE))
        for chunks, forked in (([rest[i:i + CHUNK] for i in range(0, len(rest), CHUNK)],
                                parallel), ([[m] for m in lists], parallel_lists)):
            if not forked:
                for chunk in chunks:  # in this process: the cache is this process's already
                    self.take(_render_share(renderer, None, chunk, sink))
            elif chunks:
                self.cache.before_fork()
                with forked_pool(min(n, len(chunks)), _init_worker,
                                 (renderer, self.cache, sink)) as pool:
                    for share in _results(pool.imap_unordered(_render_in_worker, chunks),
                                          self.superseded):
                        self.take(share)


WAKE = 0.05  # seconds: how often a wait for the workers looks whether a newer save came


class _Shares(Protocol):  # what Pool.imap_unordered gives (its next() takes a timeout)
    def next(self, timeout: float | None = None) -> Share: ...


def _results(shares: _Shares, superseded: Callable[[], bool] | None) -> Iterator[Share]:
    """The workers' shares as they come; :class:`Superseded` as soon as a newer save asks for
    another build (the pool's workers are then stopped by its ``with``)."""
    while True:
        try:
            yield shares.next(WAKE if superseded is not None else None)
        except StopIteration:
            return
        except multiprocessing.TimeoutError:
            if superseded is not None and superseded():
                raise Superseded from None


# the long list pages, by how long they take to render (the longest first shares them out best)
LONG = {k.name: k.long for k in KINDS if k.long is not None}


# a forked worker's renderer, cache and sink: its one piece of module state
_WORKER: dict[str, Any] = {}


def _init_worker(renderer: SiteRenderer, cache: BuildCache, sink: PageSink) -> None:
    cache.start_workers()
    _WORKER.update(renderer=renderer, cache=cache, sink=sink)


def _render_in_worker(indices: list[int]) -> Share:
    return _render_share(_WORKER["renderer"], _WORKER["cache"], indices, _WORKER["sink"])
