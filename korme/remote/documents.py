"""Remote documents for one build: fetched once, kept, read from the cache after.

A build makes one :class:`RemoteDocuments` and asks it for each URL the content names, with
the position of the line that names it and a ``parse`` function that turns the bytes into
data (raising :class:`Malformed` for a document that is not what it should be). Then:

- a document already in the cache is read from there: no network (unless ``refresh``);
- otherwise it is fetched, parsed, and kept only when it parsed (a malformed answer never
  replaces a good copy);
- a document that cannot be fetched or parsed is an error at that position when there is no
  good copy, and a warning (an error under ``--strict``) when the kept copy is used instead;
- in ``refresh`` mode every document is fetched again once, and :attr:`changes` tells which
  ones are new, changed or unchanged (:meth:`summary` says it in a line).

Each URL is fetched at most once per build, however many places name it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import urllib3

from korme.errors import Position, Report
from korme.l10n import Text, _
from korme.remote.cache import Cached, RemoteCache, now_iso
from korme.remote.fetch import DEFAULT_LIMITS, FetchError, Limits, fetch, new_pool

T = TypeVar("T")
Fetcher = Callable[[str, Limits, urllib3.PoolManager], Any]


class Malformed(ValueError):
    """A fetched document that is not what it should be (message for curators)."""

    def __init__(self, message: Text | str):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Change:
    """What a refresh found for one URL: ``new``, ``changed``, ``unchanged`` or ``failed``."""

    url: str
    kind: str


@dataclass(frozen=True)
class _Outcome:
    value: Any
    problem: Text | None  # why the fresh copy could not be had (None: fine)
    fallback: Cached | None  # the kept copy used instead


class RemoteDocuments:
    """The remote documents of one build (see the module)."""

    def __init__(self, cache: RemoteCache, refresh: bool = False, limits: Limits = DEFAULT_LIMITS,
                 fetcher: Fetcher | None = None):
        self.cache = cache
        self.refresh = refresh
        self.limits = limits
        self.fetcher = fetcher or (lambda url, limits, pool: fetch(url, limits, pool))
        self.changes: list[Change] = []
        self._done: dict[tuple[str, Any], _Outcome] = {}
        self._fetched: dict[str, tuple[Cached | None, Text | None]] = {}
        self._pool: urllib3.PoolManager | None = None

    def get(self, url: str, position: Position, report: Report, parse: Callable[[bytes], T],
            ) -> T | None:
        """The parsed document at ``url``, or ``None`` after reporting why (see the module)."""
        key = (url, parse)
        outcome = self._done.get(key)
        if outcome is None:
            outcome = self._done[key] = self._obtain(url, parse)
        if outcome.problem is not None:
            if outcome.fallback is None:
                report.error(position, outcome.problem, kind="remote")
            else:
                report.warning(position, _("{problem}; the copy kept from {date} is used",
                                           problem=outcome.problem,
                                           date=outcome.fallback.fetched), kind="remote")
        return outcome.value

    def _obtain(self, url: str, parse: Callable[[bytes], T]) -> _Outcome:
        cached = self.cache.load(url)
        kept: T | None = None
        if cached is not None:
            try:
                kept = parse(cached.body)
            except Malformed:
                cached = None  # a copy kept by an older version that no longer reads
        if cached is not None and not self.refresh:
            return _Outcome(kept, None, None)
        fresh, problem = self._fresh(url)
        if fresh is not None:
            try:
                value = parse(fresh.body)
            except Malformed as exc:
                problem = exc.message
                self.changes = [Change(c.url, "failed") if c.url == url else c
                                for c in self.changes]
            else:
                if cached is None or cached.digest != fresh.digest:
                    self.cache.store(fresh)
                return _Outcome(value, None, None)
        assert problem is not None
        return _Outcome(kept, problem, cached)

    def _fresh(self, url: str) -> tuple[Cached | None, Text | None]:
        """The document fetched now (once per build), or why it could not be."""
        if url in self._fetched:
            return self._fetched[url]
        before = self.cache.load(url)
        try:
            got = self.fetcher(url, self.limits, self.pool)
        except FetchError as exc:
            result: tuple[Cached | None, Text | None] = (None, exc.message)
            kind = "failed"
        else:
            doc = Cached(url, got.final_url, got.content_type, got.body, now_iso())
            result = (doc, None)
            kind = "new" if before is None else \
                "unchanged" if before.digest == doc.digest else "changed"
        if self.refresh:
            self.changes.append(Change(url, kind))
        self._fetched[url] = result
        return result

    @property
    def pool(self) -> urllib3.PoolManager:
        if self._pool is None:
            self._pool = new_pool(self.limits)
        return self._pool

    def summary(self) -> Text | None:
        """A line about a refresh: how many documents changed, and which (None: no refresh)."""
        if not self.refresh or not self.changes:
            return None
        changed = [c.url for c in self.changes if c.kind in ("changed", "new")]
        failed = [c.url for c in self.changes if c.kind == "failed"]
        return _("refreshed {count} remote documents: {changed} changed{which}, {failed} "
                 "could not be fetched", count=len(self.changes), changed=len(changed),
                 which=f" ({', '.join(changed)})" if changed else "", failed=len(failed))
