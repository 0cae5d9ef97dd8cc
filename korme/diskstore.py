"""A store of the build cache kept on disk (SQLite), so that a build holds keys, not values.

The kinds of values that grow with the site (what each record read gave, the HTML of every
Markdown text, every page's rendered parts and what each read) would otherwise all be held
in the build's process — sent back by every forked render worker — and written out at the
end as one file: at 20,000 items, over a gigabyte. Here each value goes into an SQLite file
as it is made, from whichever process makes it (WAL mode: the workers write side by side),
and is read back when asked for; a process keeps only the names (digests) of the values in
the file when it opened it (a miss costs no query) and of those it used (for the counts and
for dropping, when the build ends, the values it did not use), and a few recently read
values. Pickled values (records) are written when the build ends (see ``later``).

The same rules as :class:`korme.cache.Store`: a value under the digest of its inputs, never
invalidated, the unused ones dropped at the end of a build (not after a failed one). A file
that is not such a store is ignored with a warning and made again; one written by another
format or Python (marshal's format is Python's own) is made again quietly.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from korme.l10n import Text

V = TypeVar("V")
BATCH = 256  # values written per transaction, at most
RECENT = 512  # values read again without a query (the parts many pages share), at most
LAYOUT = "values 1"  # the tables' layout, part of the format's name


def _digest(key: Any) -> bytes:
    """A key's name in the file (keys are plain values: digests as strings, tuples)."""
    if type(key) is str and len(key) <= 64:  # a digest already
        return key.encode("utf-8")
    return hashlib.blake2b(repr(key).encode("utf-8"), digest_size=16).digest()


class DiskStore(Generic[V]):
    """One kind of kept values in ``path`` (see the module); the interface of
    :class:`korme.cache.Store`, except that ``known`` and ``used`` are not held."""

    def __init__(self, kind: str, path: Path, header: str, plain: bool,
                 problems: list[Text], damaged: Callable[[Path], Text],
                 hold: bool = False) -> None:
        self.kind, self.path, self.header = kind, path, f"{header} {LAYOUT}"
        # hold: every value read or made stays in ``recent`` while the file is open (korme
        # serve: its next rebuild reads them from memory; values are never changed in place)
        self.hold = hold
        self.problems, self.damaged = problems, damaged
        self.dump: Callable[[Any], bytes] = marshal.dumps if plain else \
            (lambda v: pickle.dumps(v, protocol=5))
        self.load: Callable[[bytes], Any] = marshal.loads if plain else pickle.loads
        self.used: dict[bytes, bool] = {}  # digest of each key used: found (True) or made
        self.pending: dict[bytes, bytes] = {}  # made, not yet written
        # pickled kinds: made, written at the end of the build (pickling a string keeps its
        # UTF-8 form in it: written at once, the model's texts would take twice the memory
        # in the build's process before it forks the render workers)
        self.later: dict[bytes, V] | None = None if plain else {}
        self.recent: dict[bytes, V] = {}
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._inherited: list[sqlite3.Connection] = []  # a forked parent's: never touched
        # the names in the file when this process opened it (a miss costs no query; values
        # another process adds meanwhile are not seen, as with memory of its own)
        self.names: set[bytes] = set()
        self._last: tuple[Any, bytes] = ("", b"")  # the last key asked for, and its name
        self._writer = 0  # a forked child writing ``later`` (see write_aside)

    # the file ---------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        if self._db is not None and self._pid == os.getpid():
            return self._db
        forked = self._db is not None
        if forked:  # the parent's connection must not be used here; its names are right
            self._inherited.append(self._db)
        self._pid = os.getpid()
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError:  # not a store: made again
            self.problems.append(self.damaged(self.path))
            self._remove()
            self._db, forked = self._connect(), False
        if not forked:
            self.names = {row[0] for row in self._db.execute("SELECT k FROM kv")}
        return self._db

    def before_fork(self) -> None:
        """In the build's process, before it forks workers: the file open and what was made
        written, so that each worker starts from this process's names (not a query of every
        key in the file per worker and pool)."""
        self._open()
        self.flush()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                             check_same_thread=False)
        try:  # values of a few KB: large pages and a rowid table hold them without overflow
            db.execute("PRAGMA page_size=16384")  # (for a new file)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS kv (k BLOB PRIMARY KEY, v BLOB)")
            row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
            if row is None or row[0] != self.header:
                if row is not None:  # another format or Python: made again, quietly
                    db.execute("DELETE FROM kv")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (self.header,))
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def flush(self) -> None:
        """Write what was made (one transaction)."""
        if not self.pending:
            return
        db = self._open()
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?)", self.pending.items())
        db.execute("COMMIT")
        self.names.update(self.pending)
        self.pending = {}

    def _flush_later(self) -> None:
        """Write the values kept for the end (``later``), a batch at a time."""
        while self.later:
            for name in list(self.later)[:BATCH]:
                self.pending[name] = self.dump(self.later.pop(name))
            self.flush()

    def write_aside(self) -> None:
        """Write the values kept for the end now, from a forked child, and drop them here.

        What a build's loading read (every record with its YAML and positions) is then not
        held through the render stage, and the pickling (which keeps a string's UTF-8 form in
        it) happens in the child, not to the model's texts here. The child is waited for when
        the build ends; a child that fails costs only cache misses next time. Without
        ``fork`` the values stay for the end."""
        if not self.later or not hasattr(os, "fork"):
            return
        self._wait_writer()
        pid = os.fork()
        if pid == 0:  # the child: write, and leave without running the parent's cleanups
            code = 1
            try:
                self._flush_later()
                self.close()
                code = 0
            finally:
                os._exit(code)
        if self._db is not None:  # in the file once the child is done (if it fails: misses)
            self.names.update(self.later)
        self._writer, self.later = pid, {}

    def _wait_writer(self) -> None:
        if self._writer:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._writer, 0)
            self._writer = 0

    # the Store interface ----------------------------------------------------------------
    def get(self, key: Any) -> V | None:
        name = _digest(key)
        self._last = (key, name)
        found = self.recent.get(name)
        if found is not None:
            self.used.setdefault(name, True)
            return found
        if self.later is not None and name in self.later:
            self.used.setdefault(name, True)
            return self.later[name]
        data = self.pending.get(name)
        if data is None:
            db = self._open()
            if name not in self.names:
                return None
            row = db.execute("SELECT v FROM kv WHERE k = ?", (name,)).fetchone()
            if row is None:
                return None
            data = row[0]
        value: V = self.load(data)
        self.used.setdefault(name, True)
        if len(self.recent) >= RECENT and not self.hold:
            self.recent.clear()
        self.recent[name] = value
        return value

    def __contains__(self, key: Any) -> bool:
        """Whether a value is kept under ``key`` (no query: it is not read)."""
        name = _digest(key)
        if name in self.recent or name in self.pending or (
                self.later is not None and name in self.later):
            return True
        self._open()
        return name in self.names

    def put(self, key: Any, value: V) -> None:
        name = self._last[1] if self._last[0] is key else _digest(key)
        self.used[name] = self.used.get(name, False)
        if self.hold:
            self.recent[name] = value
        else:
            self.recent.pop(name, None)
        if self.later is not None:
            self.later[name] = value
            return
        self.pending[name] = self.dump(value)
        if len(self.pending) >= BATCH:
            self.flush()

    def take_used(self) -> dict[bytes, bool]:
        """What this process used or made since the last call (its values are in the file)."""
        self._flush_later()
        self.flush()
        used, self.used = self.used, {}
        return used

    def merge(self, used: dict[bytes, bool]) -> None:
        """Add what a worker used (:meth:`take_used`); what it made is in the file."""
        for name, found in used.items():
            self.used[name] = self.used.get(name, True) and found
            if not found and self._db is not None:
                self.names.add(name)

    def start_worker(self) -> None:
        """In a forked worker: start afresh (its own connection, nothing used yet; what the
        build's process holds, it reads from memory too)."""
        self.used, self.pending = {}, {}
        if not self.hold:
            self.recent = {}
        self._writer = 0  # the parent's child, not this worker's
        self.later = None if self.later is None else {}

    def counts(self) -> tuple[int, int]:
        reused = sum(1 for found in self.used.values() if found)
        return reused, len(self.used) - reused

    def end_build(self, prune: bool = True, close: bool = True) -> None:
        """Keep only what this build used (``prune=False``: keep everything, after a failed
        build or between ``korme serve``'s rebuilds); close the file until the next use
        (``close=False``: kept open with its names, for the next rebuild in this process)."""
        self._wait_writer()
        self._flush_later()
        self.flush()
        db = self._open()
        if prune and int(db.execute("SELECT count(*) FROM kv").fetchone()[0]) > len(self.used):
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (k BLOB PRIMARY KEY)")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
            db.execute("DELETE FROM kv WHERE k NOT IN (SELECT k FROM used)")
            db.execute("DELETE FROM used")
            db.execute("COMMIT")
        self.used = {}
        if close or not self.hold:
            self.recent = {}
        if close:
            self.close()

    def close(self) -> None:
        self._wait_writer()
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db, self.names = None, set()

    def __len__(self) -> int:
        self._flush_later()
        self.flush()
        return int(self._open().execute("SELECT count(*) FROM kv").fetchone()[0])

    def abandon(self, close: bool = True) -> None:
        """After a failed build: keep everything, used or not, for the next one
        (``close=False``: open, and what it holds kept, for serve's next rebuild)."""
        self.end_build(prune=False, close=close)
