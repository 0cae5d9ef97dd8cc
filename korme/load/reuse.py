"""Results of reading a file, kept in the build cache with the diagnostics they produced.

A kept result is only as good as its key: the key is the digest of everything the reading
read (the file's bytes, its path and the loader's code). Diagnostics are replayed into the
build's report exactly as they were made, moved down by a line offset when the text they came
from has moved in its file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from korme.cache import Store
from korme.errors import Diagnostic, Position, Report, Severity

T = TypeVar("T")


def replay(diagnostics: Iterable[Diagnostic], report: Report, line_offset: int = 0) -> None:
    """Report kept diagnostics again (warnings become errors in a strict build, as ever)."""
    for d in diagnostics:
        pos = d.position
        if line_offset:
            pos = Position(pos.path, pos.line + line_offset, pos.column)
        if d.severity is Severity.ERROR:
            report.error(pos, d.message, d.kind)
        else:
            report.warning(pos, d.message, d.kind)


def file_key(kind: str, rel: str, data: bytes, *settings: Any) -> str:
    """The key of what reading one file gives: its kind, path, bytes and settings."""
    h = hashlib.blake2b(f"{kind}\0{rel}\0{settings!r}\0".encode(), digest_size=16)
    h.update(data)
    return h.hexdigest()


def reuse(store: Store[Any] | None, key: str, report: Report,
          make: Callable[[Report], T]) -> T:
    """``make(report)``; with a store, made once per ``key`` and then replayed."""
    if store is None:
        return make(report)
    found = store.get(key)
    if found is None:
        scratch = Report()
        found = (make(scratch), tuple(scratch.diagnostics))
        store.put(key, found)
    result, diagnostics = found
    replay(diagnostics, report)
    return result  # type: ignore[no-any-return]


class Keep:
    """Where a loading keeps what it read: the build cache's ``records`` store (or nowhere)
    and the loader's code version, part of every key."""

    def __init__(self, store: Store[Any] | None = None, stamp: str = ""):
        self.store, self.stamp = store, stamp

    def key(self, kind: str, rel: str, data: bytes, *settings: Any) -> str:
        return file_key(kind, rel, data, self.stamp, *settings)

    def reuse(self, key: str, report: Report, make: Callable[[Report], T]) -> T:
        return reuse(self.store, key, report, make)
