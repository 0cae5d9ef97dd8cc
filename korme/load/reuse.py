"""Results of reading a file, kept in the memo together with the diagnostics they produced.

A kept result is only as good as its key: the key names everything the reading read (the
file's bytes, its path, and any setting it depends on). Diagnostics are replayed into the
build's report exactly as they were made, moved down by a line offset when the text they
came from has moved in its file.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from korme.errors import Diagnostic, Position, Report, Severity
from korme.memo import Memo

T = TypeVar("T")
STORE = "files"  # the memo's store of whole small files (items.yaml keeps its own per record)


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


def reuse(memo: Memo | None, key: Hashable, report: Report,
          make: Callable[[Report], T]) -> T:
    """``make(report)``; with a memo, made once per ``key`` and then replayed."""
    if memo is None:
        return make(report)
    kept = memo.kept(STORE)
    found = kept.get(key)
    if found is None:
        scratch = Report()
        found = (make(scratch), tuple(scratch.diagnostics))
        kept.put(key, found)
    result, diagnostics = found
    replay(diagnostics, report)
    return result
