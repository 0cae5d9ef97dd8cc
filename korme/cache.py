"""The build cache: every value a build keeps, under the digest of everything it was made from.

One rule for all of it: a value is stored under a key that is the digest of its inputs (the
source text or bytes, the settings, the theme's files and the version of the code that made
it), so a changed input is a different key and a stale value is never found. There is nothing
to invalidate: values a build did not use are dropped when it saves.

Values are grouped in typed stores: ``records`` (what reading each file, or each record of
items.yaml, gave: the checked record and its diagnostics), ``markdown`` (sanitised HTML of
Markdown texts), ``fragments`` (rendered parts of pages) and ``values`` (small values made
from the model, such as dates in words and an item's filter keys; in memory only) and
``citations`` (citations formatted by citeproc-py, :mod:`korme.cite.render`). Beside
them, ``traces`` keeps what each page and part read when it was last rendered, by its
identity: the list from which its key is computed again (see
:mod:`korme.render.fingerprint`). A store is one file in ``.korme-cache/``, read on first use
and written back when the build changed it; under ``korme serve`` the same
:class:`BuildCache` stays in memory between rebuilds. A damaged or foreign file is ignored
with a warning. Image derivatives and tiles follow the same rule as files named by their key
(``korme/images``).
"""

from __future__ import annotations

import marshal
import os
import pickle
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from korme.diskstore import DiskStore
from korme.l10n import Text, _

V = TypeVar("V")
FORMAT = 1  # the layout of the stores' files
KINDS = ("records", "markdown", "fragments", "traces", "values", "citations")
MEMORY_ONLY = frozenset({"values"})  # cheap to make again: never written to disk


PLAIN = frozenset({"markdown", "fragments", "traces", "citations"})  # marshal, not pickle
# the kinds that grow with the site: kept on disk, value by value (korme.diskstore)
ON_DISK = frozenset({"records", "markdown", "fragments", "traces", "citations"})
# the kinds korme serve holds in memory once read: immutable, read by its own process (each
# record as read and checked, each page's trace and citations; the records' unpickling was
# 40 % of loading a 2,000-item site); the fragments (whole runs of a list) are read by workers
HELD = frozenset({"records", "markdown", "traces", "citations"})


def _header(kind: str) -> bytes:
    """What a store's file starts with: ours, its format, its kind and the Python that wrote
    it (marshal's format is Python's own)."""
    return f"KORME-CACHE {FORMAT} {kind} py{sys.version_info[0]}.{sys.version_info[1]}\n".encode()


def _dump(kind: str, values: dict[Any, Any]) -> bytes:
    return marshal.dumps(values) if kind in PLAIN else pickle.dumps(values, protocol=5)


def _load(kind: str, data: bytes) -> Any:
    return marshal.loads(data) if kind in PLAIN else pickle.loads(data)


def _damaged(path: Path) -> Text:
    return _("the build cache file {path} is damaged or from another version; it is ignored "
             "and made again", path=path.name)


class Store(Generic[V]):
    """One kind of kept values by key; remembers which ones this build used or added."""

    def __init__(self, kind: str, known: dict[Any, V] | None = None):
        self.kind = kind
        self.known: dict[Any, V] = known or {}
        self.used: dict[Any, V] = {}
        self.changed = False

    def get(self, key: Any) -> V | None:
        value = self.used.get(key)
        if value is None:
            value = self.known.get(key)
            if value is not None:
                self.used[key] = value
        return value

    def __contains__(self, key: Any) -> bool:
        """Whether a value is kept under ``key`` (it does not count as used)."""
        return key in self.used or key in self.known

    def put(self, key: Any, value: V) -> None:
        if self.known.get(key) != value:
            self.changed = True
        self.used[key] = value

    def update(self, values: dict[Any, V]) -> None:
        for key, value in values.items():
            self.put(key, value)

    merge = update  # what a worker used (take_used), added

    def abandon(self) -> None:
        """After a failed build: keep everything, used or not, for the next one."""
        self.known.update(self.used)
        self.used = {}

    def take_used(self) -> dict[Any, V]:
        """What this process used or added since the last call (a worker's share, sent to
        the build's process)."""
        used, self.used = self.used, {}
        return used

    def start_worker(self) -> None:
        """In a forked worker: what the build used so far counts as known."""
        self.known = {**self.known, **self.used}
        self.used = {}

    def counts(self) -> tuple[int, int]:
        """This build's values ``(reused, made)``: taken from an earlier build, or made."""
        reused = sum(1 for key in self.used if key in self.known)
        return reused, len(self.used) - reused

    def end_build(self) -> None:
        """Keep only what this build used (its values are the next build's known ones)."""
        if len(self.used) != len(self.known):
            self.changed = True
        self.known, self.used = self.used, {}

    def __len__(self) -> int:
        return len(self.known.keys() | self.used.keys())


@dataclass
class BuildCache:
    """The stores of one site's cache folder (see the module)."""

    folder: Path
    hold: bool = False  # korme serve: small values read from disk stay in memory (HELD)
    stores: dict[str, Store[Any] | DiskStore[Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False)
    problems: list[Text] = field(default_factory=list)  # damaged files, for the build's report

    def store(self, kind: str) -> Store[Any] | DiskStore[Any]:
        """The store of ``kind`` (one of :data:`KINDS`), read from its file on first use."""
        if kind not in KINDS:
            raise ValueError(f"unknown cache store {kind!r}")
        found = self.stores.get(kind)
        if found is None and kind in ON_DISK:
            found = self.stores[kind] = DiskStore(kind, self.path(kind), _header(kind).decode()
                                                  .strip(), kind in PLAIN, self.problems,
                                                  _damaged, self.hold and kind in HELD)
        if found is None:
            known = {} if kind in MEMORY_ONLY else self._read(kind)
            found = self.stores[kind] = Store(kind, known)
        return found

    def path(self, kind: str) -> Path:
        return self.folder / f"{kind}.cache"

    def _read(self, kind: str) -> dict[Any, Any]:
        path = self.path(kind)
        try:
            data = path.read_bytes()
        except OSError:
            return {}
        header = _header(kind)
        if not data.startswith(header):
            first = data.split(b"\n", 1)[0].split(b" ")
            if len(first) != 4 or first[0] != b"KORME-CACHE" or first[2] != kind.encode():
                self.problems.append(_damaged(path))  # not a store of this kind of ours
            return {}  # another format or Python: made again, nothing to say
        try:
            values = _load(kind, data[len(header):])
            if not isinstance(values, dict):
                raise ValueError(kind)
        except Exception:
            self.problems.append(_damaged(path))
            return {}
        return values

    def write_aside(self, kind: str) -> None:
        """Write what a store keeps for the end of the build now, aside (see
        :meth:`korme.diskstore.DiskStore.write_aside`); stores in memory keep theirs."""
        store = self.stores.get(kind)
        if isinstance(store, DiskStore):
            store.write_aside()

    def before_fork(self) -> None:
        """In the build's process, before forking workers (see
        :meth:`korme.diskstore.DiskStore.before_fork`)."""
        for store in self.stores.values():
            if isinstance(store, DiskStore):
                store.before_fork()

    def start_workers(self) -> None:
        """In a forked worker: start collecting what the worker uses (see :meth:`take_used`)."""
        for store in self.stores.values():
            store.start_worker()

    def take_used(self) -> dict[str, dict[Any, Any]]:
        return {kind: store.take_used() for kind, store in self.stores.items()}

    def merge_used(self, used: dict[str, dict[Any, Any]]) -> None:
        """Add what a worker used or added to this process's stores."""
        for kind, values in used.items():
            self.store(kind).merge(values)

    def abandon(self, close: bool = True) -> None:
        """After a failed build: keep everything, used or not, for the next one
        (``close=False``: the stores on disk stay open, as between serve's rebuilds)."""
        for store in self.stores.values():
            if isinstance(store, DiskStore):
                store.abandon(close)
            else:
                store.abandon()

    def counts(self) -> dict[str, tuple[int, int]]:
        """Each store's ``(reused, made)`` in this build (see :meth:`Store.counts`)."""
        return {kind: store.counts() for kind, store in sorted(self.stores.items())}

    def save(self, write: bool = True) -> None:
        """End the build for every store; write the ones that changed (atomically) unless
        the cache lives on in memory (``write=False``: ``korme serve``, whose stores on disk
        stay open and keep what earlier rebuilds made: the next ``korme build`` prunes)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for kind, store in self.stores.items():
            if isinstance(store, DiskStore):  # serve's: open and whole until its next build
                store.end_build(prune=write, close=write)
            else:
                store.end_build()
            if isinstance(store, DiskStore) or not store.changed or not write or \
                    kind in MEMORY_ONLY:
                continue
            path = self.path(kind)
            tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
            tmp.write_bytes(_header(kind) + _dump(kind, store.known))
            os.replace(tmp, path)
            store.changed = False
