""""Did you mean …?": the closest known name to a mistyped one, for curators' messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from korme.l10n import Text, _


def closest(word: str, known: Iterable[str], cutoff: float = 0.7) -> str | None:
    """The known name most like ``word`` (difflib's similarity, at least ``cutoff``)."""
    names = sorted({k for k in known if k != word})
    found = difflib.get_close_matches(word, names, n=1, cutoff=cutoff)
    if not found and len(word) <= 3:  # short codes: one letter changed (kz → kk)
        found = [n for n in names if len(n) == len(word)
                 and sum(a != b for a, b in zip(n, word, strict=True)) == 1][:1]
    return found[0] if found else None


def hint(word: str, known: Iterable[str], cutoff: float = 0.7) -> Text | str:
    """`` (did you mean 'x'?)`` when a known name is close, else an empty string."""
    found = closest(word, known, cutoff)
    return _(" (did you mean '{name}'?)", name=found) if found else ""

