""""Did you mean …?": the closest known name to a mistyped one, for curators' messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from korme.l10n import Text, _

if TYPE_CHECKING:
    from korme.load.site import RawExhibition, RawSite


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


def item_hint(raw: RawSite, ex: RawExhibition | None, ident: str) -> Text | str:
    """For an unknown item id: the exhibition that has it (items are linked only within their
    own exhibition), else the closest id of this exhibition."""
    for other in raw.exhibitions:
        if other is not ex and any(ident == it.record.id for it in other.items):
            return _(" (it is an item of exhibition '{exhibition}': ::item and item: show "
                     "only the exhibition's own items; from a section, link its page as "
                     "[text](../../{exhibition}/items/{id}/))", exhibition=other.slug,
                     id=ident)
    if ex is None:
        return ""
    return hint(ident, (name for it in ex.items for name in (it.record.id, *it.record.aliases)))
